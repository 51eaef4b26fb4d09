"""The adversarial suite for the registry readers (issue 18.6): CSV and JSON registries,
``read_communes`` and ``import_registry``, fed hostile, hypothesis-generated input.

What every test asserts, whatever the input:

* **no raw error** — a reader returns, or raises an :class:`~ocopkit.errors.OcopError`;
* **no hang** — every input is bounded (a few kilobytes; a cell of at most 5,000
  characters), and :func:`watchdog` turns a reader that does not return into a failure;
* **no silent drop** — rows in = rows read + rows refused, against a count of the rows
  the test itself wrote, and every physical line of a CSV file is the header, blank, or
  inside exactly one row;
* **round trips** — ``read_registry(write_csv(p)) == p`` for portfolios with hostile text.

Run briefly in CI (the ``ci`` profile) and at length with ``nox -s fuzz`` (the ``fuzz``
profile: 2,000 inputs a test, statistics printed).
"""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ocopkit.certification import DEFAULT_POLICY, Certificate, Portfolio
from ocopkit.errors import OcopError, ValidationError
from ocopkit.io import (
    DEFAULT_COLUMNS,
    ImportResult,
    RegistryLimits,
    import_registry,
    read_certificates,
    read_communes,
    read_products,
    read_subjects,
    write_csv,
)
from ocopkit.places import CommuneRegistry
from ocopkit.products import Product, Subject
from ocopkit.text import nfc

pytestmark = pytest.mark.property

T = TypeVar("T")

#: A generous bound: the readers do linear work on inputs of a few kilobytes; only a
#: reader that never returns reaches it. This is a hang detector, not a speed test.
HANG_SECONDS = 60

READERS: dict[str, Callable[..., ImportResult[Any]]] = {
    "products": read_products, "subjects": read_subjects, "certificates": read_certificates}


@contextmanager
def watchdog(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail (instead of waiting forever) when the body runs longer than ``seconds``."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield  # pragma: no cover - Windows or a worker thread: bounded inputs only
        return

    def fire(signum: int, frame: object) -> None:
        raise TimeoutError(f"a registry reader did not return within {seconds} s (a hang)")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def call(reader: Callable[..., T], *args: Any, **kwargs: Any) -> T | OcopError:
    """``reader(...)``, or the typed error it raised; any other exception fails."""
    with watchdog():
        try:
            return reader(*args, **kwargs)
        except OcopError as exc:  # typed: what the readers promise
            return exc


# --------------------------------------------------------------------------- hostile text

HOSTILE = [
    "", " ", '"', '""', "'", ",", ";", "\t", "\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c",
    "\x1e", "\x85", "\u2028", "\u2029", "\x00", "\ufeff", "\u202e", "\x1b[31m", "=1+1",
    "+1", "-1", "@SUM(A1)", "'=x", "é\u0301", "Trà hoa vàng", "Quảng Ninh", "Quảng Ninhh",
    "22@34", "01@34", "p1", "s1", "12", "99", "I.3.c", "3", "3 sao", "★★★", "6", "x",
    "01/08/2026", "31/12/9999", "01/01/9997", "9999", "12/9998", "sau 01/06/9999",
    "2026-13-01", "29/02/2025", "22-06733-3-2026", "hợp tác xã", "hộ gia đình", "51%",
    "1e999999999", "1" * 5000, "-" + "9" * 4400, "0," + "1" * 300, "x" * 300, "{", "]",
]
CELL = st.one_of(st.sampled_from(HOSTILE),
                 st.text(max_size=12),
                 st.lists(st.sampled_from(HOSTILE[:30]), max_size=4).map("".join))
#: A cell that spans at most three physical lines.
SHORT_CELL = CELL.filter(lambda c: len(re.findall(r"\r\n|\r|\n", c)) <= 2)
KIND = st.sampled_from(list(READERS))
SEP = st.sampled_from([",", ";", "\t"])


def headers_of(kind: str) -> st.SearchStrategy[list[str]]:
    known = [*DEFAULT_COLUMNS[kind], *{v for v in DEFAULT_COLUMNS[kind].values() if v}]
    return st.lists(st.sampled_from([*known, "???", "", "Ghi chú"]), min_size=1, max_size=9,
                    unique=True)


def quoted(cells: list[str], sep: str) -> str:
    """One CSV record with every cell quoted (quotes doubled): an independent writer."""
    return sep.join('"' + c.replace('"', '""') + '"' for c in cells)


def blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


def physical(text: str) -> list[str]:
    """The physical lines of ``text`` (split at CR LF, LF or CR only)."""
    return re.split(r"\r\n|\n|\r", text[:-1] if text.endswith(("\n", "\r")) else text) \
        if text else []


def assert_accounted(result: ImportResult[Any]) -> None:
    assert result.rows == len(result.records) + len(result.rejected)
    assert len(result.lines) == len(result.records)
    assert len(result.spans) in (0, result.rows)  # 0: a file-level problem refused all
    for line in result.rejected:
        assert any(p.path.split(":")[1:2] == [str(line)] for p in result.problems) or any(
            p.blocking and len(p.path.split(":")) <= 3 and p.path.split(":")[1:2] in (["1"], [])
            for p in result.problems), line


# --------------------------------------------------------------------------- CSV


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, str, int]:
    """(kind, text, data rows written): a file the test writes with its own quoting."""
    kind = draw(KIND)
    header = draw(headers_of(kind))
    # the separator is guessed from the header line: a header of one column says comma
    sep = draw(SEP) if len(header) > 1 else ","
    width = len(header)
    rows: list[list[str]] = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):  # a row of the header's width, line breaks allowed
            rows.append(draw(st.lists(SHORT_CELL, min_size=width, max_size=width)))
        else:  # any width, on one line
            rows.append(draw(st.lists(CELL.map(lambda c: re.sub(r"[\r\n]", " ", c)),
                                      max_size=width + 3)))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = end.join(quoted(r, sep) if r else "" for r in [header, *rows]) + end
    return kind, text, sum(1 for r in rows if not blank(r))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(csv_files(), st.booleans())
def test_csv_rows_in_are_rows_read_plus_rows_refused(file: tuple[str, str, int],
                                                     bom: bool) -> None:
    kind, text, written = file
    data = ("\ufeff" if bom else "") + text
    result = call(READERS[kind], data.encode("utf-8"), name=f"{kind}.csv")
    assert isinstance(result, ImportResult)
    assert_accounted(result)
    if result.spans or written == 0:
        assert result.rows == written


@st.composite
def mangled_csv(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file written without quoting, then cut, spliced and sprinkled with quotes."""
    kind = draw(KIND)
    sep = draw(SEP)
    lines = [sep.join(draw(headers_of(kind)))]
    lines += [sep.join(draw(st.lists(CELL, max_size=8))) for _ in range(draw(st.integers(0, 8)))]
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from(['"', '""', "\n", "\r", "\x0b", sep])) + text[i:]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and data:
        i = draw(st.integers(0, len(data) - 1))
        data = data[:i] + draw(st.binary(min_size=1, max_size=3)) + data[i + 1:]
    return kind, data


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mangled_csv(), st.sampled_from(["x.csv", "x", "x.tsv"]))
def test_every_physical_line_of_any_csv_is_accounted_for(file: tuple[str, bytes],
                                                         name: str) -> None:
    kind, data = file
    result = call(READERS[kind], data, name=name)
    assert isinstance(result, ImportResult)
    assert_accounted(result)
    assert all(p.path.startswith(name) for p in result.problems)
    if not result.spans:
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # pragma: no cover - an undecodable file has no spans
        return
    lines = physical(text)
    covered = [n for first, last in result.spans for n in range(first, last + 1)]
    assert len(covered) == len(set(covered)), "a line is in two rows"
    start = min(covered)  # the lines before are the header's (a quoted header may span)
    for n, line in enumerate(lines[start - 1:], start):
        if n not in covered:  # not in a row: the line holds no value
            assert not re.sub(r"[,;\t\"]", "", line).strip(), (n, line)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mangled_csv())
def test_strict_mode_raises_exactly_the_blocking_problems(file: tuple[str, bytes]) -> None:
    kind, data = file
    result = call(READERS[kind], data, name="x.csv")
    assert isinstance(result, ImportResult)
    strict = call(READERS[kind], data, name="x.csv", strict=True)
    if result.ok:
        assert isinstance(strict, ImportResult) and strict.records == result.records
    else:
        assert isinstance(strict, ValidationError)
        assert strict.problems == result.problems


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(csv_files(), st.integers(1, 4), st.integers(1, 40), st.integers(1, 3))
def test_limits_refuse_with_a_problem_never_a_silent_cut(
        file: tuple[str, str, int], max_rows: int, max_cell: int, max_row_lines: int) -> None:
    kind, text, written = file
    limits = RegistryLimits(max_rows=max_rows, max_cell=max_cell, max_row_lines=max_row_lines)
    result = call(READERS[kind], text.encode(), name="x.csv", limits=limits)
    assert isinstance(result, ImportResult)
    assert_accounted(result)
    if written > max_rows:
        assert "too-many-rows" in {p.code for p in result.problems}
        assert not result.records
    for record in result.records:
        for value in attrs_text(record):
            assert len(value) <= max_cell


def attrs_text(record: object) -> Iterator[str]:
    for name in ("id", "name", "number", "product_id", "subject_id"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            yield value


# --------------------------------------------------------------------------- JSON

JSON_NUMBER = st.sampled_from(["1" * 5000, "-" + "9" * 4400, "1e999999999", "1e-999999999",
                               "3", "3.0", "12", "0.51", "-0", "1E+2"])


@st.composite
def json_values(draw: st.DrawFn, depth: int = 0) -> str:
    """A JSON value as text (numbers written out, so 5000 digits reach the reader)."""
    choice = draw(st.integers(0, 6 if depth < 3 else 3))
    if choice == 0:
        return draw(JSON_NUMBER)
    if choice == 1:
        return draw(st.sampled_from(["null", "true", "false"]))
    if choice in (2, 3):
        value = draw(CELL)
        text = json.dumps(value, ensure_ascii=draw(st.booleans()))
        return text.replace("\\u00e9", "\\ud800") if draw(st.booleans()) else text
    if choice == 4:
        return "[" + ",".join(draw(st.lists(json_values(depth + 1), max_size=3))) + "]"
    keys = draw(st.lists(st.sampled_from(["id", "name", "Tên sản phẩm", "stars", "x"]),
                         max_size=3))
    return "{" + ",".join(f"{json.dumps(k)}:{draw(json_values(depth + 1))}" for k in keys) + "}"


@st.composite
def json_files(draw: st.DrawFn) -> tuple[str, str, int]:
    """(kind, text, elements of the rows' array)."""
    kind = draw(KIND)
    keys = draw(headers_of(kind))
    items = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 5)) == 0:
            items.append(draw(json_values(1)))
            continue
        chosen = draw(st.lists(st.sampled_from(keys), max_size=len(keys) + 1))
        items.append("{" + ",\n ".join(f"{json.dumps(k, ensure_ascii=False)}: "
                                       f"{draw(json_values(1))}" for k in chosen) + "}")
    array = "[\n" + ",\n".join(items) + "\n]"
    text = f'{{"{kind}": {array}}}' if draw(st.booleans()) else array
    return kind, text, len(items)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(json_files())
def test_json_rows_in_are_rows_read_plus_rows_refused(file: tuple[str, str, int]) -> None:
    kind, text, written = file
    data = text.encode("utf-8", "surrogatepass")
    result = call(READERS[kind], data, name=f"{kind}.json")
    assert isinstance(result, ImportResult)
    assert_accounted(result)
    if not any(p.code in ("invalid-json", "invalid-encoding") for p in result.problems):
        assert result.rows == written


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(KIND, st.one_of(json_values(), st.binary(max_size=200).map(bytes.hex)))
def test_any_json_value_is_read_or_refused(kind: str, text: str) -> None:
    result = call(READERS[kind], text.encode("utf-8", "surrogatepass"), name="x.json")
    assert isinstance(result, ImportResult)
    assert_accounted(result)


# --------------------------------------------------------------------------- communes

COMMUNE_CELL = st.one_of(CELL, st.sampled_from(
    ["00004", "Phường Ba Đình", "phường", "xã", "01@34", "2025-07-01", "066", "00001 00004"]))


@st.composite
def commune_files(draw: st.DrawFn) -> tuple[str, int]:
    header = ["code", "name", "province_id", "kind", *draw(st.lists(st.sampled_from(
        ["valid_from", "valid_until", "district_code", "predecessor_codes", "partial_codes",
         "absorbed_districts", "x"]), unique=True, max_size=3))]
    if draw(st.booleans()):
        header = draw(st.permutations(header))[:draw(st.integers(1, len(header)))]
    rows = draw(st.lists(st.lists(COMMUNE_CELL.map(lambda c: re.sub(r"[\r\n]", " ", c)),
                                  min_size=len(header), max_size=len(header)), max_size=5))
    text = "\n".join(quoted(r, ",") for r in [header, *rows]) + "\n"
    return text, sum(1 for r in rows if not blank(r))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(commune_files(), st.one_of(st.none(), commune_files()))
def test_read_communes_reads_every_row_or_locates_every_problem(
        tmp_path_factory: pytest.TempPathFactory, communes: tuple[str, int],
        districts: tuple[str, int] | None) -> None:
    folder = tmp_path_factory.mktemp("communes")
    (folder / "communes.csv").write_text(communes[0], encoding="utf-8")
    if districts is not None:
        (folder / "districts.csv").write_text(
            districts[0].replace("kind", "valid_from", 1), encoding="utf-8")
    found = call(read_communes, folder / "communes.csv", folder / "districts.csv")
    if isinstance(found, CommuneRegistry):
        assert len(list(found)) == communes[1]  # every row, none dropped
    else:
        assert isinstance(found, ValidationError)
        for p in found.problems:
            assert re.match(r"(communes|districts)\.csv(:[0-9]+)?", p.path), p.path
            assert p.message_vi and p.message_en


# --------------------------------------------------------------------------- registries


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(csv_files(), min_size=1, max_size=3),
       st.sampled_from([None, "{", '{"format": "ocopkit-registry", "communes": "x.csv"}',
                        '{"format": "ocopkit-registry", "coverage": {"start": "9999-99-99"}}',
                        '{"format": "ocopkit-registry", "escaped_formulas": true}']))
def test_import_registry_accounts_for_every_file_and_row(
        tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, str, int]],
        manifest: str | None) -> None:
    folder = tmp_path_factory.mktemp("registry")
    for kind, text, _ in files:
        (folder / f"{kind}.csv").write_text(text, encoding="utf-8")
    if manifest is not None:
        (folder / "registry.json").write_text(manifest, encoding="utf-8")
    found = call(import_registry, directory=folder, communes="none")
    if isinstance(found, OcopError):
        assert manifest is not None  # only a broken manifest refuses the folder
        return
    for summary in found.files:
        assert summary.read == summary.kept + summary.refused
    assert isinstance(found.portfolio, Portfolio)


NAME = st.one_of(
    st.sampled_from(HOSTILE).filter(lambda t: t.strip() and "\x00" not in t),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=15))
#: An identifier as the readers read every cell: :func:`ocopkit.text.nfc` text (NFC,
#: white space collapsed, as the domain does for names). The domain does not normalise
#: ids and decision numbers, so a non-NFC one would not survive the round trip.
ID = NAME.map(nfc).filter(bool)


@st.composite
def hostile_portfolios(draw: st.DrawFn) -> Portfolio:
    subjects, products, certs = [], [], []
    for _ in range(draw(st.integers(1, 2))):
        try:
            subjects.append(Subject(draw(ID), draw(NAME), None, "01@34"))
        except OcopError:
            assume(False)
    for _ in range(draw(st.integers(1, 3))):
        try:
            products.append(Product(draw(ID), draw(NAME), 12, subjects[0].id, "01@34"))
        except OcopError:
            assume(False)
        day = draw(st.dates(min_value=date(2021, 1, 1), max_value=date(2027, 12, 31)))
        if draw(st.booleans()):
            certs.append(Certificate(
                number=draw(ID), product_id=products[-1].id, stars=3,
                decision_number=draw(ID), decision_date=day, issued_on=day,
                valid_until=DEFAULT_POLICY.valid_until(day)))
    portfolio, _ = Portfolio.check(products, subjects, certs)
    return portfolio


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
          deadline=None)
@given(hostile_portfolios(), st.sampled_from(["en", "vi"]), st.booleans(), st.booleans())
def test_hostile_text_round_trips_through_csv(tmp_path_factory: pytest.TempPathFactory,
                                              pf: Portfolio, headers: str, bom: bool,
                                              escape: bool) -> None:
    folder = tmp_path_factory.mktemp("rt")
    write_csv(pf, folder, headers=headers, bom=bom, escape_formulas=escape)  # type: ignore[arg-type]
    found = call(import_registry, directory=folder)
    assert not isinstance(found, OcopError)
    assert all(f.refused == 0 for f in found.files)
    assert found.portfolio == pf
    if escape:  # no cell a spreadsheet would run (read with Python's own csv module)
        for path in folder.glob("*.csv"):
            text = path.read_text(encoding="utf-8-sig")
            for record in csv.reader(io.StringIO(text, newline="")):
                for cell in record:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), record


def test_the_watchdog_fires() -> None:
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover
        pytest.skip("no SIGALRM")
    with pytest.raises(TimeoutError), watchdog(1):
        threading.Event().wait(5)


def test_profiles_are_registered() -> None:
    fuzz = settings.get_profile("fuzz")
    assert (fuzz.max_examples, fuzz.deadline) == (2000, None)
    assert Path(__file__).name.startswith("test_fuzz_")
