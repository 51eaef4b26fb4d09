"""The command line's streams: what it prints is safe for a terminal, encodable by the
console, and a stream that cannot take it is an error, never a crash.

* **Control and bidi characters** in printed text — which come from input data (a
  product name, a file name) — are shown as escapes (``\\x1b``, ``\\u202e``), so that a
  name cannot move the cursor, recolour the terminal or reverse the text around it. Line
  breaks of ocopkit's own output are kept. Lone surrogates are escaped the same way, so
  the output is always valid UTF-8. ``--json`` output escapes the same characters the
  JSON way (``\\u202e``), which leaves the data unchanged for a JSON reader.
* **A console that cannot encode Vietnamese** (``PYTHONIOENCODING=ascii``, a cp1252
  console): letters lose their marks (``Sản phẩm`` → ``San pham``), ★ becomes ``*``,
  ``→`` becomes ``->`` and so on; anything else becomes ``?``. ``--json`` is then
  ASCII-escaped JSON, always readable as UTF-8.
* **A stream that is closed or full** (``ocopkit demo >&-``, ``> /dev/full``) is an
  error with exit code 1 and a bilingual message on standard error (when standard error
  itself is open), never an "internal error".
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import re
import sys
import unicodedata
from collections.abc import Iterator
from typing import TextIO

from ocopkit.text import bilingual

__all__ = [
    "TRANSLITERATE",
    "StreamError",
    "closed",
    "console_streams",
    "escape",
    "escape_json",
    "is_utf8",
    "os_error_text",
    "stream_message",
]

#: The codec error handler that writes Vietnamese and symbols in ASCII.
TRANSLITERATE = "ocopkit-transliterate"

# C0 controls but the line break, DEL, C1 controls, the bidi embeddings, overrides,
# isolates and marks (Unicode Standard Annex #9; CVE-2021-42574 "Trojan Source"), the
# line and paragraph separators, and lone surrogates.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                     "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                          "\u2066-\u2069\ud800-\udfff]")


def _code(ch: str) -> str:
    cp = ord(ch)
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


def escape(text: str) -> str:
    """``text`` with every control, bidi and lone surrogate character escaped.

    >>> escape("Trà\\x1b[31m đỏ\\u202e")
    'Trà\\\\x1b[31m đỏ\\\\u202e'
    """
    return _UNSAFE.sub(lambda m: _code(m.group()), text)


def escape_json(text: str) -> str:
    """JSON text with the same characters as :func:`escape` written as ``\\uXXXX`` (the
    JSON encoder already escapes C0 controls): the same data, safe to show."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_SYMBOLS = {
    "★": "*", "☆": "*", "✓": "v", "✗": "x", "→": "->", "←": "<-", "—": "-", "–": "-",
    "…": "...", "≥": ">=", "≤": "<=", "≠": "!=", "─": "-", "·": ".", "“": '"', "”": '"',
    "‘": "'", "’": "'", "«": '"', "»": '"', "×": "x", "•": "*", "○": "o", "↑": "^",
    "∅": "0", "Đ": "D", "đ": "d", "\u00a0": " ",
}


def _ascii(ch: str) -> str:
    if ch in _SYMBOLS:
        return _SYMBOLS[ch]
    bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return bare if bare.isascii() and bare else "?"


def _transliterate(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(_ascii(ch) for ch in exc.object[exc.start:exc.end]), exc.end


codecs.register_error(TRANSLITERATE, _transliterate)


def is_utf8(stream: TextIO) -> bool:
    """Whether ``stream`` encodes UTF-8 (an in-memory stream does: it takes any text)."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return True
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-16", "utf-32")
    except LookupError:
        return False


def closed(stream: TextIO | None) -> bool:
    """Whether ``stream`` cannot be written: missing (its descriptor was closed when the
    process started), closed, or on a descriptor that is not open."""
    if stream is None:
        return True
    try:
        if stream.closed:
            return True
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return False  # an in-memory stream (tests, redirect_stdout): writable
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


@contextlib.contextmanager
def console_streams() -> Iterator[None]:
    """While the block runs, standard output and error write what their encoding cannot
    with :data:`TRANSLITERATE` (their error handler is restored afterwards)."""
    changed: list[tuple[io.TextIOWrapper, str]] = []
    for stream in (sys.stdout, sys.stderr):
        if stream is None or is_utf8(stream) or not isinstance(stream, io.TextIOWrapper):
            continue
        before = stream.errors or "strict"
        with contextlib.suppress(Exception):
            stream.reconfigure(errors=TRANSLITERATE)
            changed.append((stream, before))
    try:
        yield
    finally:
        for stream, before in changed:
            with contextlib.suppress(Exception):
                stream.reconfigure(errors=before)


class StreamError(Exception):
    """Standard output cannot be written (closed, full, gone)."""

    def __init__(self, error: OSError | None) -> None:
        super().__init__(str(error))
        self.error = error


_OS_TEXTS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("không có tệp hoặc thư mục này", "no such file or directory"),
    errno.EACCES: ("không có quyền truy cập", "permission denied"),
    errno.EPERM: ("không được phép", "operation not permitted"),
    errno.EISDIR: ("đây là một thư mục", "is a directory"),
    errno.ENOTDIR: ("một phần của đường dẫn không phải là thư mục",
                    "a part of the path is not a directory"),
    errno.ENOSPC: ("thiết bị hết chỗ trống", "no space left on the device"),
    errno.EROFS: ("hệ thống tệp chỉ cho phép đọc", "read-only file system"),
    errno.EEXIST: ("đã tồn tại", "already exists"),
    errno.ENAMETOOLONG: ("tên tệp quá dài", "file name too long"),
    errno.ELOOP: ("quá nhiều liên kết tượng trưng", "too many symbolic links"),
    errno.EBADF: ("luồng đã bị đóng", "the stream is closed"),
    errno.EPIPE: ("đầu đọc đã đóng đường ống", "broken pipe"),
    errno.EIO: ("lỗi vào/ra", "input/output error"),
    errno.EMFILE: ("mở quá nhiều tệp", "too many open files"),
    errno.ENXIO: ("không có thiết bị hoặc địa chỉ này", "no such device or address"),
    errno.EFBIG: ("tệp quá lớn", "file too large"),
    errno.EDQUOT: ("vượt hạn mức dung lượng", "disk quota exceeded"),
    errno.EINVAL: ("tham số không hợp lệ", "invalid argument"),
}


def os_error_text(exc: OSError | None) -> tuple[str, str]:
    """ocopkit's own ``(vi, en)`` words for an operating-system error (the system's
    message is English only)."""
    if exc is None:
        return "luồng đã bị đóng", "the stream is closed"
    code = exc.errno or 0
    if code in _OS_TEXTS:
        return _OS_TEXTS[code]
    return (f"lỗi hệ thống (mã {code})",
            f"system error ({errno.errorcode.get(code, code)}: {exc.strerror or exc})")


def stream_message(exc: OSError | None, lang: str) -> str:
    """The one line printed when standard output cannot be written."""
    vi, en = os_error_text(exc)
    return bilingual(f"lỗi: không ghi được ra đầu ra chuẩn: {vi}",
                     f"error: cannot write to standard output: {en}", lang)
