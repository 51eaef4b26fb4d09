"""Vietnamese text helpers: NFC normalisation, folding, slugs, suggestions.

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

__all__ = ["fold", "lone_surrogate", "nfc", "slug", "suggest"]

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
