"""Vectorised encoding of columns — a pandas DataFrame or any mapping of columns — into
the option-index matrix of :class:`~ocopkit.scoring.BatchScorer`.

One column per criterion (named by criterion id; other columns are ignored), one row
per assessment. A column holds, per row, one of:

* an **option id** (``"1.5.c"``) — strings (pandas ``str``/``object``, Arrow strings,
  numpy unicode), or a ``category`` column whose categories are option ids;
* the **points** a scorer wrote (integers; a ``category`` of integers), read as the
  first option with those points, as :meth:`BatchScorer.encode` reads written points;
* the **option index** (``kind="index"``), the matrix entries themselves;
* a missing value (``None``, ``NaN``, ``pd.NA``) — "not answered", allowed only for
  conditional criteria, exactly as :func:`ocopkit.scoring.evaluate` allows it.

Encoding works column by column with vectorised look-ups (Arrow's ``index_in`` for
Arrow strings, a category's codes through a small table, ``searchsorted`` for numpy
strings, a points table for integers); nothing loops over rows in Python. Every bad
cell is reported, with its row (position and index label) and column, in one
:class:`~ocopkit.errors.ValidationError` — up to :data:`MAX_REPORTED` cells one by one,
then one problem per column with the count of the rest, so that nothing is dropped
silently. The output is column-major (each column contiguous), which
:meth:`BatchScorer.score` reads at full speed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from ocopkit.errors import Problem, ValidationError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["MAX_REPORTED", "encode_columns"]

MISSING: Final = 255
#: Bad cells reported one by one (then counted per column).
MAX_REPORTED: Final = 1000
_BAD: Final = -1

KINDS: Final = ("auto", "option", "points", "index")


def _columns(data: Any) -> tuple[Mapping[str, Any], Any]:
    """The columns of ``data`` by name, and its row labels (or None)."""
    if hasattr(data, "columns") and hasattr(data, "__getitem__"):  # a DataFrame
        return {str(c): data[c] for c in data.columns}, getattr(data, "index", None)
    if isinstance(data, Mapping):
        return {str(k): v for k, v in data.items()}, None
    raise TypeError(f"expected a DataFrame or a mapping of columns, not {type(data).__name__}")


def _labels(index: Any, rows: Any) -> list[str]:
    if index is None:
        return [""] * len(rows)
    try:
        import pandas as pd

        if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
            return [""] * len(rows)
    except ImportError:  # pragma: no cover - a DataFrame-like without pandas
        pass
    return [f" (index {index[int(r)]!r})" for r in rows]


class _Column:
    """One criterion's vocabulary: option ids, the first option per points."""

    def __init__(self, option_ids: Sequence[str], points: Sequence[int],
                 conditional: bool) -> None:
        import numpy as np

        self.ids = tuple(option_ids)
        self.conditional = conditional
        first: dict[int, int] = {}
        for k, p in enumerate(points):
            first.setdefault(p, k)
        self.by_points = first
        top = max(first, default=0)
        self.points_lut = np.full(top + 1, _BAD, dtype=np.int16)
        for p, k in first.items():
            if p >= 0:
                self.points_lut[p] = k
        self.by_id = {o: k for k, o in enumerate(self.ids)}
        order = sorted(range(len(self.ids)), key=lambda k: self.ids[k])
        self.sorted_ids = np.array([self.ids[k] for k in order], dtype=str)
        self.sorted_pos = np.array(order, dtype=np.int16)

    def scalar(self, value: Any, kind: str) -> int:
        """The option index of one value (a category, or a cell of a mixed column)."""
        if _is_missing(value):
            return MISSING
        if kind in ("auto", "option") and isinstance(value, str):
            return self.by_id.get(value, _BAD)
        if isinstance(value, bool) or not _is_integral(value):
            return _BAD
        if kind == "index":
            return int(value) if 0 <= int(value) < len(self.ids) else _BAD
        if kind in ("auto", "points"):
            return self.by_points.get(int(value), _BAD)
        return _BAD


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):
        return False


def _is_integral(value: Any) -> bool:
    try:
        return bool(int(value) == value)
    except (TypeError, ValueError, OverflowError):
        return False


def _encode(col: _Column, values: Any, kind: str) -> NDArray[np.int16]:
    """Option indexes of one column (``MISSING`` for no answer, ``_BAD`` for bad cells)."""
    import numpy as np

    dtype = getattr(values, "dtype", None)
    if dtype is not None and str(dtype) == "category":
        cats = values.cat.categories
        table = np.array([col.scalar(c, kind) for c in cats] + [MISSING], dtype=np.int16)
        codes = np.asarray(values.cat.codes)
        return table.take(codes.astype(np.intp))  # code -1 (missing) → the last entry
    arrow = _arrow(values)
    if arrow is not None and kind in ("auto", "option"):
        import pyarrow as pa
        import pyarrow.compute as pc

        if pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type):
            found = pc.index_in(arrow, value_set=pa.array(col.ids, type=arrow.type))
            out = np.asarray(pc.fill_null(found, _BAD).to_numpy(zero_copy_only=False),
                             dtype=np.int16)
            if arrow.null_count:
                out[np.asarray(arrow.is_null().to_numpy(zero_copy_only=False))] = MISSING
            return out
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        if kind == "index":
            out = np.where((arr >= 0) & (arr < len(col.ids)), arr, _BAD).astype(np.int16)
        elif kind in ("auto", "points"):
            lut = col.points_lut
            inside = (arr >= 0) & (arr < len(lut))
            out = np.where(inside, lut.take(np.where(inside, arr, 0)), _BAD).astype(np.int16)
        else:
            out = np.full(arr.shape, _BAD, dtype=np.int16)
        return out
    if arr.dtype.kind == "U" and kind in ("auto", "option"):
        at = np.searchsorted(col.sorted_ids, arr).clip(0, len(col.ids) - 1)
        hit = col.sorted_ids[at] == arr
        return np.where(hit, col.sorted_pos[at], _BAD).astype(np.int16)
    # objects, floats (integers with NaN for "no answer"), mixed columns: a small table
    # per distinct value, then one vectorised look-up
    if arr.dtype.kind == "f":
        missing = np.isnan(arr)
        whole = ~missing & (arr == np.floor(np.where(missing, 0, arr)))
        out = np.full(arr.shape, _BAD, dtype=np.int16)
        out[missing] = MISSING
        if whole.any():
            ints = arr[whole].astype(np.int64)
            out[whole] = _encode(col, ints, kind)
        return out
    try:
        import pandas as pd
    except ImportError:  # a mapping of lists without pandas: one look-up per cell
        return np.array([col.scalar(v, kind) for v in arr.ravel()], dtype=np.int16)
    codes, uniques = pd.factorize(pd.Series(arr, dtype=object), use_na_sentinel=True)
    table = np.array([col.scalar(u, kind) for u in uniques] + [MISSING], dtype=np.int16)
    return table.take(np.asarray(codes, dtype=np.intp))


def _arrow(values: Any) -> Any:
    """The Arrow array behind a pandas column, if any (pandas' ``str`` dtype with
    pyarrow storage, or ``ArrowDtype``)."""
    array = getattr(values, "array", None)
    pa_array = getattr(array, "_pa_array", None)
    if pa_array is None:
        return None
    return pa_array


def encode_columns(
    data: Any,
    columns: Sequence[str],
    option_ids: Sequence[Sequence[str]],
    points: Sequence[Sequence[int]],
    conditional: Sequence[bool],
    *,
    kind: str = "auto",
) -> NDArray[np.uint8]:
    """The (rows × criteria) option-index matrix of ``data`` (see the module docstring)."""
    import numpy as np

    if kind not in KINDS:
        raise ValidationError([Problem("kind", "batch-kind", f"kind không hợp lệ: {kind!r}",
                                       f"kind must be one of {', '.join(KINDS)}, not {kind!r}")])
    by_name, index = _columns(data)
    problems: list[Problem] = []
    absent = [c for c, cond in zip(columns, conditional, strict=True)
              if c not in by_name and not cond]
    for c in absent:
        problems.append(Problem(
            f"$[*][{c!r}]", "batch-missing-column", f"thiếu cột của tiêu chí {c}",
            f"no column for criterion {c} (columns are named by criterion id)"))
    lengths = {len(v) for c, v in by_name.items() if c in columns}
    if len(lengths) > 1:
        problems.append(Problem("$", "batch-ragged", "các cột không cùng độ dài",
                                f"columns have different lengths: {sorted(lengths)}"))
    if problems:
        raise ValidationError(problems, "invalid batch input / dữ liệu chấm hàng loạt "
                                        "không hợp lệ")
    rows = lengths.pop() if lengths else 0
    out = np.empty((rows, len(columns)), dtype=np.uint8, order="F")
    bad_cells: list[tuple[int, int]] = []  # (column, count)
    reported = 0
    for j, (cid, ids, pts, cond) in enumerate(zip(columns, option_ids, points, conditional,
                                                  strict=True)):
        if cid not in by_name:  # a conditional criterion nobody answered
            out[:, j] = MISSING
            continue
        col = _Column(ids, pts, cond)
        codes = _encode(col, by_name[cid], kind)
        bad = codes == _BAD
        if not cond:
            bad |= codes == MISSING
        if bad.any():
            where = np.flatnonzero(bad)
            shown = where[:max(0, MAX_REPORTED - reported)]
            values = by_name[cid]
            labels = _labels(index, shown)
            for r, label in zip(shown.tolist(), labels, strict=True):
                value = values.iloc[r] if hasattr(values, "iloc") else values[r]
                problems.append(_bad_cell(r, label, cid, value, col, kind))
            reported += len(shown)
            if len(where) > len(shown):
                bad_cells.append((j, len(where) - len(shown)))
            continue
        out[:, j] = codes
    for j, count in bad_cells:
        cid = columns[j]
        problems.append(Problem(
            f"$[*][{cid!r}]", "batch-bad-cells",
            f"cột {cid}: còn {count} ô không hợp lệ khác",
            f"column {cid}: {count} more bad cells (only the first {MAX_REPORTED} bad cells "
            "are listed one by one)"))
    if problems:
        raise ValidationError(problems, "invalid batch input / dữ liệu chấm hàng loạt "
                                        "không hợp lệ")
    return out


def _bad_cell(row: int, label: str, cid: str, value: Any, col: _Column, kind: str
              ) -> Problem:
    path = f"$[{row}][{cid!r}]"
    if _is_missing(value):
        return Problem(path, "missing-answer",
                       f"hàng {row}{label}: thiếu câu trả lời cho tiêu chí {cid}",
                       f"row {row}{label}: no answer for criterion {cid} (only conditional "
                       "criteria may be left unanswered)")
    allowed = ", ".join(col.ids) if kind != "points" else ", ".join(map(str, col.by_points))
    return Problem(path, "batch-bad-cell",
                   f"hàng {row}{label}, tiêu chí {cid}: giá trị {value!r} không hợp lệ",
                   f"row {row}{label}, criterion {cid}: {value!r} is no option id, points or "
                   f"option index of the criterion ({allowed})")
