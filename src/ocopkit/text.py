"""Vietnamese text helpers: NFC normalisation, folding, slugs, suggestions — and the
languages of every renderer (one order for both languages, dates and numbers per
language).

Names keep their diacritics (normalised to NFC); matching uses a *folded*
key that removes tone and vowel marks, maps ``đ`` to ``d``, case-folds and
collapses white space, so ``"Bắc Kạn"``, ``"bac kan"`` and a decomposed
(NFD) ``"Bắc Kạn"`` all meet.

>>> fold("  Bắc   Kạn ")
'bac kan'
>>> fold("Thừa Thiên Huế") == fold("thua thien hue")
True
>>> slug("Quảng Nam")
'quang-nam'
>>> suggest("Bac Kann", ["Bắc Kạn", "Bắc Ninh", "Quảng Nam"])
'Bắc Kạn'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from typing import Literal, TypeAlias

__all__ = [
    "LANGS",
    "SEPARATOR",
    "Bilingual",
    "Lang",
    "bilingual",
    "day",
    "fold",
    "localized",
    "lone_surrogate",
    "nfc",
    "number",
    "period",
    "slug",
    "split_bilingual",
    "suggest",
]

_SPACE = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    r"""Normalise ``text`` to NFC and collapse runs of white space.

    This is the canonical form of every name ocopkit keeps (the converter of
    ``Product.name``, ``Subject.name``, …): runs of spaces, tabs and line breaks become
    one space, and leading and trailing white space goes, so ``"  a  \t b \n"`` is
    ``"a b"`` and ``" "`` is ``""``. The JSON reader does not apply it silently: it
    refuses a name that is not already in this form (``non-canonical-text``, suggesting
    the canonical form).

    >>> nfc("  Mứt   gừng \n"), nfc(" ")
    ('Mứt gừng', '')
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def lone_surrogate(text: str) -> int | None:
    r"""The index of the first lone surrogate (U+D800–U+DFFF) in ``text``, or ``None``.

    Such a code point (``"\ud800"`` in JSON) is not Unicode text: no UTF-8 output can
    write it, so readers refuse it.

    >>> lone_surrogate("Trà"), lone_surrogate("a\ud800")
    (None, 1)
    """
    if text.isascii():
        return None
    m = _SURROGATE.search(text)
    return None if m is None else m.start()


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Precomposed Latin letters (Latin-1 to Latin Extended Additional, where every Vietnamese
# letter lives) mapped to their bare form: the same result as decomposing and dropping the
# marks, in one str.translate. Other text takes the general path.
_BARE = {cp: _strip_marks(chr(cp)) for r in ((0xC0, 0x250), (0x1E00, 0x1F00))
         for cp in range(*r) if _strip_marks(chr(cp)) != chr(cp)}
_BARE.update({ord("đ"): "d", ord("Đ"): "D"})


def fold(text: str) -> str:
    """Return the accent-, case- and space-insensitive key of ``text``."""
    bare = text.translate(_BARE)
    if not bare.isascii():
        bare = _strip_marks(bare)
    return _SPACE.sub(" ", bare.casefold()).strip()


def slug(text: str) -> str:
    """Return an ASCII slug (``"Bắc Kạn"`` → ``"bac-kan"``)."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def suggest(word: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """Return the candidate closest to ``word`` (compared folded), or ``None``."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(fold(candidate), candidate)
    matches = difflib.get_close_matches(fold(word), list(by_key), n=1, cutoff=cutoff)
    return by_key[matches[0]] if matches else None


# --------------------------------------------------------------------------- languages
#
# Every renderer of ocopkit (problems, evaluations, gaps, attainment reports, the
# procedure's deadlines, the command line) picks its words, its numbers and its dates
# with the helpers below, so that one rule holds everywhere:
#
# * ``"vi"`` and ``"en"`` print one language; ``"both"`` prints Vietnamese, then
#   English, separated by " / " (once when both halves are the same);
# * Vietnamese (and ``"both"``, whose first language is Vietnamese) writes dates
#   ``dd/mm/yyyy`` and numbers with a decimal comma; English writes ISO dates
#   (``yyyy-mm-dd``) and a decimal point. No thousands separator in either (a
#   Vietnamese "1.234" would read as an English 1.234).

#: The languages of every renderer: Vietnamese, English, or both (Vietnamese first).
Lang: TypeAlias = Literal["vi", "en", "both"]
LANGS: tuple[Lang, ...] = ("vi", "en", "both")
#: What separates the Vietnamese and the English halves of a ``"both"`` text.
SEPARATOR = " / "


def bilingual(vi: str, en: str, lang: str = "both", *, sep: str = SEPARATOR) -> str:
    """``vi``, ``en``, or ``"vi / en"`` (any other ``lang`` means both; ``sep`` replaces
    the " / ", e.g. a line break in a table cell).

    >>> bilingual("đạt", "met", "vi"), bilingual("đạt", "met", "en"), bilingual("đạt", "met")
    ('đạt', 'met', 'đạt / met')
    >>> bilingual("ocopkit.national", "ocopkit.national")
    'ocopkit.national'
    """
    if lang == "vi":
        return vi
    if lang == "en":
        return en
    return vi if vi == en else f"{vi}{sep}{en}"


_VIETNAMESE = re.compile("[đĐ\u00c0-\u024f\u1ea0-\u1ef9\u0300-\u036f]")


def split_bilingual(text: str) -> tuple[str, str]:
    """The ``(vi, en)`` halves of a ``"… / …"`` text written in either order.

    The half with Vietnamese letters (diacritics, ``đ``) is the Vietnamese one; a text
    without a separator, or whose halves cannot be told apart, is both halves.

    >>> split_bilingual("invalid data / dữ liệu không hợp lệ")
    ('dữ liệu không hợp lệ', 'invalid data')
    >>> split_bilingual("lỗi / error")
    ('lỗi', 'error')
    """
    first, sep, second = text.partition(SEPARATOR)
    if not sep:
        return text, text
    a, b = bool(_VIETNAMESE.search(first)), bool(_VIETNAMESE.search(second))
    if b and not a:
        return second, first
    if a and not b:
        return first, second
    return text, text


class Bilingual(str):
    """A text (its English, as a ``str``) that also knows its Vietnamese.

    Used where a public field is a plain string (the notes of an attainment row, the
    reasons a gap is blocked): code that reads the string keeps working, and renderers
    show the language asked for with :func:`localized`. Equal, hashed and ``repr``-ed as
    its English text (so that lists of notes print as before); immutable; pickles with
    both languages.

    >>> note = Bilingual("no data", "không có dữ liệu")
    >>> note == "no data", note.vi, localized(note, "vi"), localized(note, "both")
    (True, 'không có dữ liệu', 'không có dữ liệu', 'không có dữ liệu / no data')
    """

    vi: str

    def __new__(cls, en: str, vi: str) -> Bilingual:
        self = super().__new__(cls, en)
        object.__setattr__(self, "vi", vi)
        return self

    @property
    def en(self) -> str:
        """The English text (the string itself)."""
        return str.__str__(self)

    def text(self, lang: str = "both") -> str:
        """The text in ``lang`` (see :func:`bilingual`)."""
        return bilingual(self.vi, self.en, lang)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[type[Bilingual], tuple[str, str]]:
        return (Bilingual, (self.en, self.vi))

    def __repr__(self) -> str:
        return repr(self.en)


def localized(text: str, lang: str = "both") -> str:
    """``text`` in ``lang`` when it is :class:`Bilingual`; a plain string as it is."""
    return text.text(lang) if isinstance(text, Bilingual) else text


def number(value: int | Fraction, lang: str = "both", *, places: int = 4,
           mark_rounded: bool = True, trim: bool = True) -> str:
    """An exact number for people: integers plain, others rounded (half up) to at most
    ``places`` decimals (exactly ``places`` when not ``trim``), a decimal comma in
    Vietnamese and a decimal point in English, and ``…`` after a rounded value when
    ``mark_rounded``.

    >>> number(Fraction(149, 3), "vi"), number(Fraction(149, 3), "en"), number(7)
    ('49,6667…', '49.6667…', '7')
    >>> number(Fraction(5, 2), "vi"), number(Fraction(-1, 8), "en", places=2)
    ('2,5', '-0.13…')
    >>> number(Fraction(5, 2), "vi", places=2, trim=False)
    '2,50'
    """
    exact = Fraction(value)
    if exact.denominator == 1:
        return str(exact.numerator)
    scaled = abs(exact) * 10 ** places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    digits = str(whole).rjust(places + 1, "0")
    head, tail = digits[:-places] if places else digits, digits[-places:] if places else ""
    if trim:
        tail = tail.rstrip("0")
    sign = "-" if exact < 0 and whole else ""
    text = sign + head + (("," if lang != "en" else ".") + tail if tail else "")
    rounded = Fraction(whole, 10 ** places) != abs(exact)
    return text + ("…" if rounded and mark_rounded else "")


def day(value: date, lang: str = "both") -> str:
    """A date for people: ``dd/mm/yyyy`` in Vietnamese (and ``"both"``), ISO in English.

    >>> day(date(2026, 11, 23), "vi"), day(date(2026, 11, 23), "en")
    ('23/11/2026', '2026-11-23')
    """
    if lang == "en":
        return value.isoformat()
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def period(start: date, end: date, lang: str = "both") -> str:
    """``start – end`` with :func:`day` (``"01/01/2021 – 31/12/2025"``)."""
    return f"{day(start, lang)} – {day(end, lang)}"
