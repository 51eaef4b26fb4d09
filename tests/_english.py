"""A small detector of English words in text meant to be Vietnamese only.

It is the check behind "``--lang vi`` prints no English word outside proper names and
codes" (docs/cli.md, *How the languages are checked*). A line is cut into words; what is
a **code** is set aside first — a word with a digit or one of ``. / _ @ : * = < > { } [ ]
| ( ) + #``, an option (``--limit``), a word in capitals (``OCOP``, ``UBND``, ``JSON``) and
anything between straight quotes (``'national'``, a value to type); hyphenated words are
split (``window-closed`` is two English words, not a code); then every remaining word is
looked up, lower-cased, in :data:`ENGLISH`: English function words and the English words
of ocopkit's own messages. :data:`ALLOWED` lists, with the reason, the few words that are
names or codes although they look like English.

Words that are also Vietnamese written without marks (``an``, ``in``, ``do``, ``to``,
``no``, ``on``, ``me``, ``ban``, ``so``…) are not in :data:`ENGLISH`, so that Vietnamese
text never trips the detector; the English words around them still do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["ALLOWED", "ENGLISH", "english_words"]

ENGLISH = frozenset("""
about above after again against all already also although am and any are as at be because
been before being below between both but by can cannot could did does doing down during each
either every few for from further had has have having her here hers his how if into is it
its itself just more most much must my nor not now of off once only or other our out over
own same she should since some such than that the their theirs them then there these
they this those through too under until up very was we were what when where which while who
whom why will with within without would yes you your
according added applied approx available below certificate certificates check checked
choose choice closed committee commune communes complete count counted data date dates day
days decided demo disqualified dossier dossiers due error errors expected expires expiry
failed file files found goal help highest invalid left limit measurable met minimum missed
missing name names needed next none note notes open option options path pending period
plan plans plug-ins points policy portfolio problem problems product products proposed
province provincial ratio reach read registry required round rules sample score scored
scoring shown stage star stars status target targets text tier total usage value window
""".split())  # noqa: SIM905 (a word list reads best as text)

#: Words that look English but are names or codes in ocopkit's Vietnamese output.
ALLOWED = frozenset({
    "plug-in",   # the Vietnamese loanword for a plug-in (used in the Vietnamese docs)
    "highest-tier-met", "band-or-nothing",  # tier policy ids (codes of the rule sets)
    "pip", "install",  # the shell command `pip install ./plugins/ocopkit-*`
    "schema",    # "JSON Schema", the name of the standard
})

_CODE = re.compile(r"[0-9./_@:*=<>{}\[\]|()+#\\]")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”")
_WORD = re.compile(r"[^\s,;!?…—–·]+")


def english_words(text: str, codes: Iterable[str] = ()) -> list[tuple[int, str]]:
    """The English words of ``text`` as ``(line number, word)``, codes and
    :data:`ALLOWED` words aside; ``codes`` are more codes of the data being printed
    (target ids such as ``new-products``, which are kebab-case English by design)."""
    known = frozenset(codes)
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        for token in _WORD.findall(_QUOTED.sub(" ", line)):
            token = token.strip("\"'“”‘’.,:;!?()")
            if token in known:
                continue
            if not token or token.startswith("-") or _CODE.search(token):
                continue
            if token.lower() in ALLOWED or token.isupper():
                continue
            for part in token.split("-"):
                if part.lower() in ENGLISH and not part.isupper():
                    found.append((n, token))
                    break
    return found
