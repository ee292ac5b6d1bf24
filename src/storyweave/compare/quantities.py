"""Numbers and quantity words in a sentence, each with what it counts, so two reports can be compared slot by slot.

"15 muertos", "zwölf Tote" and "12 dead" are all of kind ``dead``; "magnitude 6.8" is of kind ``magnitude``; "dozens"
is the range 24-99. A number whose kind cannot be told is kept with kind ``None`` and never compared: precision
matters more than recall when the outcome is telling a reader that two sources contradict each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..annotate.gazetteer import fold
from .cues import (
    APPROXIMATORS,
    CARDINALS,
    CONJUNCTIONS,
    QUANTITY_KINDS,
    QUANTITY_WORDS,
    RISE_PREPOSITIONS,
    SCALES,
    TOLL_WORDS,
    of_language,
)

#: Tokens after a number searched for its kind ("12 people were killed" -> dead). Four covers a determiner, an
#: adjective and a noun or a passive verb ("15 personas murieron", "12 people were killed") in all our languages.
KIND_WINDOW_AFTER = 4
#: Tokens before a number searched when nothing after it names the kind: "magnitude 6.8", "death toll rose to 15".
KIND_WINDOW_BEFORE = 4
#: Tokens around a toll word searched for what it counts: "cifra de fallecidos", "death toll", "Zahl der Toten".
TOLL_REACH = 2
#: Two hedged figures ("about 40", "rund 40") agree within this relative difference. 0.1 keeps "about 430" vs
#: "about 500" (14%) apart, as the sample corpus plants it, while "about 40" and "40" agree.
APPROX_TOLERANCE = 0.1

# A token: a currency/percent sign, a number with separators, or a word (hyphen and apostrophe joined).
_TOKEN = re.compile(r"[€$£%]|\d+(?:[.,\u00a0\u202f ]\d+)*|[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_THOUSANDS_GROUP = re.compile(r"^\d{1,3}(?:([.,\u00a0\u202f ])\d{3})+$")
_PERCENT_PAIRS = frozenset({("per", "cent"), ("por", "ciento"), ("por", "cento"), ("pour", "cent"), ("per", "cento")})
_YEAR_RANGE = (1900, 2100)
_KIND_RANK = {kind: rank for rank, (kind, _) in enumerate(QUANTITY_KINDS)}
_CLOCK = re.compile(
    r"\b\d{1,2}[:h]\d{2}(?!\d)|\b\d{1,2}\.\d{2}(?!\d)\s*(?:h|uhr|hrs?|[ap]\.?m\.?)(?!\w)|\b\d{1,2}\s*(?:[ap]\.?m\.?|uhr)(?!\w)",
    re.I,
)
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|er|e|eme|ème|º|ª|o|a)\b", re.I)
_ELISION = re.compile(r"^[^\W\d_]{1,2}['’]")


@dataclass(slots=True, frozen=True)
class Quantity:
    """A figure in a sentence: the range it stands for, what it counts, and where it is."""

    low: float
    high: float
    kind: str | None
    approximate: bool
    text: str
    char_start: int
    char_end: int

    @property
    def exact(self) -> bool:
        return self.low == self.high


def parse_number(surface: str, language: str | None) -> float | None:
    """A written number: "3,000" (en), "3.000" / "3 000" (most of Europe), "6.8", "1,2" (decimal comma)."""
    text = surface.replace("\u00a0", " ").replace("\u202f", " ")
    grouped = _THOUSANDS_GROUP.match(text)
    if grouped:
        separator = grouped.group(1)
        # "1,200" is a thousand-group in English; in languages with a decimal comma "1,200" is 1.2 but "1.200" is 1200.
        decimal_comma = (language or "en")[:2] not in ("en", "zh", "ja", "ko", "th")
        if separator == " " or (separator == "," and not decimal_comma) or (separator == "." and decimal_comma):
            return float(re.sub(r"\D", "", text))
    text = text.replace(" ", "")
    if text.count(",") + text.count(".") > 1:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _kind_of(token: str) -> str | None:
    for kind, words in QUANTITY_KINDS:
        if token in words:
            return kind
        if any(w.endswith("*") and token.startswith(w[:-1]) for w in words):
            return kind
    return None


def _tokens(text: str) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        elided = _ELISION.match(word)
        if elided and len(word) > elided.end():
            word = word[elided.end() :]
        out.append((word if word[0].isdigit() or word in "€$£%" else fold(word), m.start(), m.end()))
    for i in range(len(out) - 1):
        if (out[i][0], out[i + 1][0]) in _PERCENT_PAIRS:
            out[i + 1] = ("%", out[i + 1][1], out[i + 1][2])
    return out


def _find_kind(
    tokens: list[tuple[str, int, int]], first: int, last: int, gaps: list[bool], numbers: frozenset[str]
) -> str | None:
    """The most specific kind named in the window after the figure, else before it; "people" only as a last resort.

    Windows end at punctuation, conjunctions and other figures, so a kind never crosses into a neighbouring phrase
    ("12 dead and 140 injured"); a kind word right after another, unlabelled figure labels that figure ("7.5
    percent over 12 months": "percent" is not the kind of 12).
    """

    def is_number(token: str) -> bool:
        return token[0].isdigit() or token in numbers

    after: list[str] = []
    for j in range(last + 1, min(len(tokens), last + 1 + KIND_WINDOW_AFTER)):
        if gaps[j] or is_number(tokens[j][0]) or tokens[j][0] in CONJUNCTIONS:
            break
        after.append(tokens[j][0])
    before: list[str] = []
    for j in range(first - 1, max(-1, first - 1 - KIND_WINDOW_BEFORE), -1):
        if gaps[j + 1] or is_number(tokens[j][0]) or tokens[j][0] in CONJUNCTIONS:
            break
        labelled = j > 1 and _kind_of(tokens[j - 2][0]) is not None  # "magnitude 6,8 matou": 6,8 has its label
        if j > 0 and is_number(tokens[j - 1][0]) and _kind_of(tokens[j][0]) and not labelled:
            break
        before.append(tokens[j][0])
    # A unit word right before the figure labels it: "magnitude 6.8", "Stärke 6,8", "killed 12".
    label = _kind_of(before[0]) if before else None
    if label and label != "people":
        return label
    kinds_after = [k for k in (_kind_of(t) for t in after) if k]
    kinds_before = [k for k in (_kind_of(t) for t in before) if k]
    for kinds in (kinds_after, kinds_before):
        specific = [k for k in kinds if k != "people"]
        if specific:
            # What happened to them outranks who they are: "9 miners were trapped" is a count of the trapped.
            return min(specific, key=_KIND_RANK.__getitem__)
    return "people" if "people" in kinds_after else None


def _toll_kind(tokens: list[tuple[str, int, int]], first: int) -> str | None:
    """Kind from a toll phrase earlier in the sentence, for a figure right after "to" ("subió a 15")."""
    if first == 0 or tokens[first - 1][0] not in RISE_PREPOSITIONS:
        return None
    for j in range(first - 1):
        if tokens[j][0] in TOLL_WORDS:
            for k in range(max(0, j - TOLL_REACH), min(first - 1, j + TOLL_REACH + 1)):
                kind = _kind_of(tokens[k][0]) if k != j else None
                if kind and kind != "people":
                    return kind
    return None


def find_quantities(text: str, language: str | None, skip: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every figure in ``text``; ``skip`` lists spans (dates, times) whose digits are not quantities."""
    spans = list(skip or []) + [m.span() for m in _CLOCK.finditer(text)]
    cardinals = of_language(CARDINALS, language, {})
    words = of_language(QUANTITY_WORDS, language, {})
    tokens = _tokens(text)
    # A gap before token j: punctuation that ends a phrase ("12 dead, 140 injured"), so a kind never crosses it.
    gaps = [False] + [
        bool(re.search(r"[,;:()\[\]\"“”«»]|\.\s", text[tokens[j - 1][2] : tokens[j][1]])) for j in range(1, len(tokens))
    ]
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        low = high = None
        first = last = i
        if word[0].isdigit():
            if any(s <= start < e for s, e in spans) or _ORDINAL_SUFFIX.match(text, end):
                i += 1
                continue
            value = parse_number(text[start:end], language)
            if value is None:
                i += 1
                continue
            year_like = value.is_integer() and _YEAR_RANGE[0] <= value <= _YEAR_RANGE[1] and "," not in word
            if year_like and not (i + 1 < len(tokens) and _kind_of(tokens[i + 1][0])):
                i += 1
                continue
            low = high = value
        elif word in cardinals:
            low = high = cardinals[word]
        elif word in words:
            low, high = words[word]
        if low is None or high is None:
            i += 1
            continue
        # Scale words: "2.4 million", "mil millones" (a thousand millions).
        j = i + 1
        while j < len(tokens) and tokens[j][0] in SCALES and not gaps[j]:
            low *= SCALES[tokens[j][0]]
            high *= SCALES[tokens[j][0]]
            last = j
            j += 1
        hedge_window = {tokens[k][0] for k in range(max(0, i - 2), i)}
        approximate = bool(hedge_window & APPROXIMATORS) or low != high
        kind = _find_kind(tokens, first, last, gaps, frozenset(cardinals)) or _toll_kind(tokens, first)
        out.append(
            Quantity(
                low,
                high,
                kind,
                approximate,
                text[tokens[first][1] : tokens[last][2]],
                tokens[first][1],
                tokens[last][2],
            )
        )
        i = last + 1
    return out


def agree(a: Quantity, b: Quantity) -> bool:
    """Whether two figures of one kind can describe the same fact (ranges overlap, hedged figures are close)."""
    if not a.exact or not b.exact:
        tolerance = APPROX_TOLERANCE * max(a.high, b.high)
        return a.low <= b.high + tolerance and b.low <= a.high + tolerance
    top = max(abs(a.low), abs(b.low))
    if top == 0:
        return True
    if a.approximate or b.approximate:
        return abs(a.low - b.low) / top <= APPROX_TOLERANCE
    return abs(a.low - b.low) / top < 1e-9
