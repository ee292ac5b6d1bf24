"""Wire-agency credits and the source a text names for itself.

Agencies are recognised only in *credit positions*, never as bare words in the news: a dateline bracket
("WASHINGTON (AP) —"), a trailing "/AP", "— Reuters" or "-- Reuters" at the end of a line, a line that is only agency
names, an attribution cue ("according to Reuters", "com informações da Reuters", "avec AFP", "mit Material von dpa"),
or a self-credit ("TURAN's Washington correspondent reports"). Agencies whose acronym is also an ordinary word
(``strict`` in :mod:`.agencies`) are accepted only in the first three, unmistakable positions.

Photo credits ("Photo: Jane Doe/ AFP", "(Foto: EFE)", "AP Photo/...") are recorded in ``evidence`` but not in
``credits``: an agency that supplied a picture did not write the text, and counting it would make every article with
an agency photo look like wire copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .agencies import (
    AGENCIES,
    ARTICLES,
    ATTRIBUTION_CUES,
    CONJUNCTIONS,
    PHOTO_CUES,
    SELF_CREDIT_PATTERNS,
    SELF_CREDIT_WORDS,
)


@dataclass(slots=True)
class CreditInfo:
    credits: list[str] = field(default_factory=list)  # canonical agency names, in order of appearance, deduplicated
    source: str | None = None  # the outlet the text credits itself to, else the first wire credit
    evidence: list[str] = field(default_factory=list)  # matched snippets (photo credits included), for display


def _alias_table() -> dict[str, tuple[str, bool]]:
    table: dict[str, tuple[str, bool]] = {}
    for agency in AGENCIES:
        for alias in agency.aliases:
            for form in (alias, alias.upper()):
                table.setdefault(form, (agency.canonical, agency.strict))
    return table


_ALIASES = _alias_table()


def _alternation(names: Iterable[str]) -> str:
    # Longest first so "dpa-AFX" wins over "dpa" and "Agencia EFE" over "EFE".
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_ANY = rf"(?<!\w)(?:{_alternation(_ALIASES)})(?!\w)"
_LOOSE_NAMES = [alias for alias, (_, strict) in _ALIASES.items() if not strict]
_LOOSE = rf"(?<!\w)(?:{_alternation(_LOOSE_NAMES)})(?!\w)"
_ANY_RE = re.compile(_ANY)
_LIST = rf"{_ANY}(?:\s*[-/,&+]\s*{_ANY})*"  # "AFP/Reuters", "dpa-AFX", "AP, Reuters"

_DASH = r"(?:--|[-–—])"
_PAREN = re.compile(rf"\(\s*(?P<names>{_LIST})\s*\)")
_SLASH = re.compile(rf"(?<![\w/:])/\s?(?P<names>{_LIST})(?![/.]\w)")
_TRAILING_DASH = re.compile(rf"{_DASH}\s*(?P<names>{_LIST})\s*\.?\s*$")
_OWN_LINE = re.compile(rf"^\s*(?P<names>{_LIST})\s*\.?\s*$")
_ARTICLE = rf"(?:(?i:{'|'.join(re.escape(a) for a in ARTICLES)})\s*)?"
_AND = rf"\s*(?:{'|'.join(re.escape(c) for c in CONJUNCTIONS)})\s*"
_ATTRIBUTION = re.compile(
    rf"(?<!\w)(?i:{'|'.join(ATTRIBUTION_CUES)})\s*{_ARTICLE}(?P<names>{_LOOSE}(?:{_AND}{_ARTICLE}{_LOOSE})*)"
)
_PHOTO_WORD = rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in PHOTO_CUES)})(?!\w)"
_PHOTO = re.compile(
    rf"{_PHOTO_WORD}\s*(?:©\s*)?:?\s*(?:[^\n/|()]{{0,60}}?[/|]\s*)?(?P<names>{_LIST})"  # "Photo: Jane Doe/ AFP"
    rf"|(?P<lead>{_LIST})\s+{_PHOTO_WORD}"  # "AP Photo/Jane Doe"
)
#: Longest word of an outlet name we do not know ("Wirtschaftsnachrichten" is 22). Bounding the word, and starting a
#: name only at the start of a word, keeps the self-credit patterns linear: unbounded, every capital inside a
#: 10,000-character token (an inline data URI) started a scan to the token's end, 12 s for one line.
MAX_OUTLET_WORD_CHARS = 40
#: A generic outlet name for self-credits of outlets we have no entry for: one to three capitalised tokens.
_OUTLET_WORD = rf"[A-Z][\w&.-]{{0,{MAX_OUTLET_WORD_CHARS}}}"
_OUTLET = rf"(?<![\w&.-]){_OUTLET_WORD}(?:\s{_OUTLET_WORD}){{0,2}}"
_SELF = [re.compile(p.format(name=rf"(?P<name>{_ANY}|{_OUTLET})")) for p in SELF_CREDIT_PATTERNS]

#: A dash, colon or line end after "(PA)" makes it a dateline credit; "Palestinian Authority (PA) said" is not.
_CREDIT_FOLLOWER = re.compile(rf"\s*(?:{_DASH}|:|\.?\s*$)")


def _outlet_name(name: str) -> str:
    """Canonical agency when the self-credited name is or ends with one ("Moscow TURAN" -> "TURAN")."""
    known = list(_ANY_RE.finditer(name))
    return _ALIASES[known[-1].group(0)][0] if known else name


class _Collector:
    def __init__(self) -> None:
        self.hits: list[tuple[int, str]] = []
        self.evidence: list[tuple[int, str]] = []
        self.taken: list[tuple[int, int]] = []  # spans already explained (photo credits), skipped by other cues

    def is_taken(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.taken)

    def add(self, offset: int, m: re.Match[str], group: str, *, credit: bool) -> None:
        start, end = offset + m.start(), offset + m.end()
        if self.is_taken(start, end):
            return
        self.taken.append((start, end))
        self.evidence.append((start, m.group(0).strip()))
        if credit:
            names_at = offset + m.start(group)
            for name in _ANY_RE.finditer(m.group(group)):
                self.hits.append((names_at + name.start(), _ALIASES[name.group(0)][0]))


def _names_an_agency(line: str) -> bool:
    """Whether ``line`` can hold a credit ``_scan_line`` looks for: each of its patterns matches an agency name where
    ``_ANY_RE`` would (``_LOOSE`` names are some of them), so a line naming none credits none. One search instead of
    six patterns on the ~95% of news lines that name no agency."""
    return _ANY_RE.search(line) is not None


def _may_credit_itself(line: str) -> bool:
    """Whether a self-credit pattern can match ``line`` (``SELF_CREDIT_WORDS``)."""
    return any(word in line for word in SELF_CREDIT_WORDS)


def _scan_line(line: str, offset: int, found: _Collector) -> None:
    if not _names_an_agency(line):
        return
    for m in _PHOTO.finditer(line):
        found.add(offset, m, "names" if m.group("names") else "lead", credit=False)
    for m in _PAREN.finditer(line):
        strict_ok = m.start() == 0 or _CREDIT_FOLLOWER.match(line, m.end()) is not None
        if strict_ok or all(not _ALIASES[a.group(0)][1] for a in _ANY_RE.finditer(m.group("names"))):
            found.add(offset, m, "names", credit=True)
    for pattern in (_SLASH, _TRAILING_DASH, _OWN_LINE, _ATTRIBUTION):
        for m in pattern.finditer(line):
            found.add(offset, m, "names", credit=True)


def find_credits(text: str) -> CreditInfo:
    """Agencies credited by ``text`` (in order, deduplicated), the source it names, and the snippets that say so."""
    found = _Collector()
    source: tuple[int, str] | None = None
    offset = 0
    for line in text.split("\n"):
        _scan_line(line, offset, found)
        for pattern in _SELF if _may_credit_itself(line) else ():
            for m in pattern.finditer(line):
                name = _outlet_name(m.group("name"))
                if source is None or offset + m.start() < source[0]:
                    source = (offset + m.start(), name)
                found.evidence.append((offset + m.start(), m.group(0)))
                if name in {canonical for canonical, _ in _ALIASES.values()}:
                    found.hits.append((offset + m.start(), name))
        offset += len(line) + 1
    credits = list(dict.fromkeys(name for _, name in sorted(found.hits)))
    evidence = list(dict.fromkeys(snippet for _, snippet in sorted(found.evidence)))
    return CreditInfo(
        credits=credits,
        source=source[1] if source else (credits[0] if credits else None),
        evidence=evidence,
    )
