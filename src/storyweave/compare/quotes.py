"""Direct quotes, who said them, and the same quote reported by several sources (even in translation).

``find_quotes`` reads one article: it finds text between quotation marks of any of the usual conventions (“…”, ‘…’,
"…", '…', «…», »…«, „…“, ‚…‘), attributes each quote to a speaker through a speech verb near it ("…," Kirby said /
X said: "…" / "…", said X / according to X / „…“, so X), and resolves pronouns and role nouns ("he", "the
spokesman", "el portavoz") to the person they stand for. ``merge_quotes`` folds the quotes of a story's articles into
one list in which a quote reported by two sources appears once, with the other articles in ``also_in``.

Scare quotes: a quote of fewer than ``MIN_QUOTE_WORDS`` words counts only when a speech verb in its own sentence
attributes it to a speaker ("Price said Washington will do "everything possible"" is a quote; "accused Pyongyang of
sending a 'significant number'" is not). Dialogue dashes are not read: in news text they open asides far more often
than speech.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..quotation import QuoteSpan as _Span
from ..quotation import paragraph_end as _paragraph_end
from ..quotation import scan_quotes as _scan
from ..types import Article, Mention
from . import speech_verbs as words
from .brief import BriefQuote

#: Quotes shorter than this (in words) are scare quotes unless a speech verb attributes them. Calibrated on the seeds
#: and the sample corpus: every unattributed 1-3 word quote there was emphasis ("significant number", "severe"),
#: while real unattributed quotes were whole clauses of 5+ words.
MIN_QUOTE_WORDS = 4
#: A speech verb after the quote attributes it when it starts within this many characters of the closing mark
#: (room for ", National Security Council's John Kirby told"); farther ones belong to another clause.
TAIL_VERB_CHARS = 80
#: The speaker must sit within this many characters of its verb ("X, the minister of …, said" needs ~50).
SPEAKER_GAP_CHARS = 60
#: An organisation is a weaker speaker than a person named as close: "National Security Council's John Kirby told"
#: means Kirby; the penalty is in characters of distance.
ORG_DISTANCE_PENALTY = 40
#: Cosine of two quotes' multilingual embeddings above which they are one quote in two languages. Calibrated with
#: USE multilingual on 18 invented en/es/pt/de/fr translation pairs (lowest 0.716) and 14 same-topic non-pairs
#: (highest 0.579, "free for every child" vs "not free for adults"): the threshold sits between, nearer the pairs.
MERGE_COSINE = 0.66
#: difflib ratio of two normalised quotes above which they are one quote with typos or punctuation changes.
NEAR_EXACT_RATIO = 0.9
#: A shorter quote contained word for word in a longer one is the same quote cut shorter, if at least this long.
MIN_CONTAINED_WORDS = 4
#: "the governor, Carla Montoya," / "el jefe de la brigada, el capitán Víctor Vargas": a person named within this many
#: characters after a role noun (same sentence) is that role's holder; the longest apposition in the sample is ~45.
ROLE_APPOSITION_CHARS = 60
#: An unbound role noun ("the spokesman") stands for a person named at most this many sentences earlier: further back
#: the guess was wrong more often than right on the sample corpus (tagging noise: places tagged as persons).
ROLE_FALLBACK_SENTENCES = 1
#: Without sentence offsets, a quote's sentence is guessed from punctuation within this many characters either side
#: (a long news sentence is ~300 characters); keeps the search local on long texts with no line breaks.
CONTEXT_CHARS = 400
#: Speaker names glued to a following verb by scraping ("John Kirbysaid") are split when the verb is at least this
#: long: shorter forms ("dit", "so") end too many real names.
MIN_GLUED_VERB_CHARS = 4

_WORD = re.compile(r"\w+")
_SENTENCE_STOP = re.compile(r"[.!?](?=\s)")


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    kind: str  # "person", "org", "pronoun", "role"
    text: str
    mention: Mention | None = None
    role: str = ""


# ---------------------------------------------------------------------------------------------------------- lexicon


def _lang(language: str | None) -> str | None:
    code = (language or "").split("-")[0].strip().lower()
    return code if code in words.SPEECH_VERBS else None


def _union(table: Mapping[str, tuple[str, ...]], language: str | None) -> list[str]:
    if language is not None:
        return list(table.get(language, ()))
    # Unknown language: every language's forms, minus one-letter ones that are articles elsewhere ("o", "a").
    return sorted({form for forms in table.values() for form in forms if len(form) > 1})


def _alternation(forms: Iterable[str]) -> str:
    ordered = sorted(set(forms), key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    verbs: re.Pattern[str]
    tail_verbs: re.Pattern[str]
    according: re.Pattern[str]
    pronouns: re.Pattern[str]
    roles: re.Pattern[str]
    determiner: re.Pattern[str]
    role_word: re.Pattern[str]
    role_after_name: re.Pattern[str]
    role_of: dict[str, str]
    glued: tuple[str, ...]
    addressee: re.Pattern[str]
    subject_starter: re.Pattern[str]
    name_prefixes: frozenset[str]


@lru_cache(maxsize=16)
def _lexicon(language: str | None) -> _Lexicon:
    verbs = _union(words.SPEECH_VERBS, language)
    tail = [v for v in verbs if v in words.TAIL_ONLY_VERBS]
    plain = [v for v in verbs if v not in words.TAIL_ONLY_VERBS]
    role_of = {form: role for role, forms in words.ROLE_NOUNS.items() for form in forms}
    dets = _alternation(d for d in words.ROLE_DETERMINERS if d[-1].isalpha())
    elided = _alternation(d for d in words.ROLE_DETERMINERS if not d[-1].isalpha())
    flags = re.IGNORECASE
    role_alt = _alternation(role_of)
    # A pattern that never matches when the language has no tail-only verbs.
    tail_alt = _alternation(tail) if tail else r"(?!x)x"
    return _Lexicon(
        verbs=re.compile(rf"(?<!\w)(?:{_alternation(plain)})(?!\w)", flags),
        tail_verbs=re.compile(rf"^[\s,;:—–-]*(?:{tail_alt})(?!\w)", flags),
        according=re.compile(rf"(?<!\w)(?:{_alternation(_union(words.ACCORDING_TO, language))})(?!\w)", flags),
        pronouns=re.compile(rf"(?<!\w)(?:{_alternation(_union(words.PRONOUNS, language))})(?!\w)", flags),
        # "the spokesman", "el portavoz municipal", "der GZL-Vorsitzende" (a role noun may end a hyphenated compound).
        roles=re.compile(
            rf"(?<!\w)(?:(?:{dets})\s+|(?:{elided})\s*)(?:[\w.'’-]+\s+){{0,5}}?(?:[\w.'’]+-)?({role_alt})(?!\w)",
            flags,
        ),
        determiner=re.compile(rf"(?<!\w)(?:(?:{dets})\s+|(?:{elided})\s*)", flags),
        # "spokesperson Ned Price", "El portavoz municipal, Andrés Peral", "Der Sprecher der Stadt, Jonas Pferdner".
        role_word=re.compile(rf"(?<!\w)({role_alt})(?!\w)", flags),
        # "Ned Price, the State Department spokesperson,".
        role_after_name=re.compile(rf"^\s*,\s*(?:[\w.'’-]+\s+){{0,5}}?({role_alt})(?!\w)", flags),
        role_of={k.casefold(): v for k, v in role_of.items()},
        glued=tuple(v for v in _union(words.SPEECH_VERBS, None) if " " not in v and len(v) >= MIN_GLUED_VERB_CHARS),
        addressee=re.compile(rf"(?:^|\s)(?:{_alternation(words.ADDRESSEE_WORDS)})\s+$", flags),
        # (?<!\s): matched right after a verb, where no space precedes; it keeps a search linear in a run of spaces
        subject_starter=re.compile(rf"(?<!\s)\s*(?:{_alternation(words.SUBJECT_STARTERS)})(?:\s+|(?<=['’]))", flags),
        name_prefixes=frozenset(f.casefold() for f in words.NAME_PREFIXES),
    )


# ---------------------------------------------------------------------------------------------------- finding marks


# ------------------------------------------------------------------------------------------------------ the article


class _Reader:
    """One article's text, sentences and mentions, with the lookups attribution needs."""

    def __init__(self, article: Article, mentions: Sequence[Mention], language: str | None, spans: list[_Span]) -> None:
        self.text = article.text
        self.spans = spans
        self.span_opens = [q.open for q in spans]
        self.article_id = article.id
        self.lex = _lexicon(_lang(language))
        size = len(self.text)
        self.sentences = sorted(
            (s.char_start, s.char_end, s.index) for s in article.sentences if 0 <= s.char_start < s.char_end <= size
        )
        self.sentence_starts = [s[0] for s in self.sentences]
        usable = [m for m in mentions if 0 <= m.char_start < m.char_end <= size and m.type in ("PERSON", "ORG")]
        self.mentions = sorted(usable, key=lambda m: m.char_start)
        self.mention_starts = [m.char_start for m in self.mentions]
        # A person named inside a quote is talked about, not talking: never an antecedent for "he" or "the minister".
        self.persons = [
            m
            for m in self.mentions
            if m.type == "PERSON" and not self._is_modifier(m) and self.outside_quotes(m.char_start, m.char_end)
        ]
        self.person_starts = [m.char_start for m in self.persons]
        self.full_names = self._full_names()
        self.roles = self._role_bindings()
        self.role_refs = self._role_references(0, size)
        self.role_ends = [r.end for r in self.role_refs]

    def outside_quotes(self, a: int, b: int) -> bool:
        # Spans are sorted and disjoint: only the last one opening before ``b`` can reach into [a, b).
        k = bisect.bisect_left(self.span_opens, b) - 1
        return k < 0 or self.spans[k].close_end <= a

    # -- sentences

    def sentence_of(self, pos: int) -> tuple[int, int, int]:
        """(start, end, index) of the sentence holding ``pos``; the paragraph when sentences are unknown."""
        k = bisect.bisect_right(self.sentence_starts, pos) - 1
        if k >= 0 and self.sentences[k][0] <= pos < self.sentences[k][1]:
            return self.sentences[k]
        if k >= 0 and k + 1 < len(self.sentences):  # between sentences: the gap before the next one
            return (self.sentences[k][1], self.sentences[k + 1][0], self.sentences[k + 1][2])
        lo = max(self.text.rfind("\n", 0, pos) + 1, pos - CONTEXT_CHARS)
        hi = min(_paragraph_end(self.text, pos), pos + CONTEXT_CHARS)
        stops = [m.end() for m in _SENTENCE_STOP.finditer(self.text, lo, pos)]
        start = stops[-1] if stops else lo
        following = _SENTENCE_STOP.search(self.text, pos, hi)
        end = following.start() + 1 if following else hi
        index = self.sentences[k][2] if k >= 0 else (self.sentences[0][2] if self.sentences else -1)
        return (start, end, index)

    # -- names

    def _is_modifier(self, mention: Mention) -> bool:
        following = self.text[mention.char_end : mention.char_end + 30].lower().split()
        return bool(following) and following[0].strip(".,;:") in words.PERSON_MODIFIER_NOUNS

    def _clean_name(self, name: str) -> str:
        """A person's name without the scraping and tagging debris around it.

        "John Kirbysaid" (space lost before the verb), "Según Quiroga" (the marker tagged with the name) and
        "Marchetti jeudi" (a lower-case word swept into the span) all name one person; lower-case particles inside
        a name ("van", "da") stay because only leading and trailing tokens are dropped.
        """
        parts = name.split()
        while len(parts) > 1 and (self.lex.according.fullmatch(parts[0]) or self.lex.verbs.fullmatch(parts[0])):
            parts = parts[1:]
        prefixes = [k for k, part in enumerate(parts[:-1]) if self._is_prefix(part)]
        if prefixes:
            parts = parts[prefixes[-1] + 1 :]
        while len(parts) > 1 and parts[-1][:1].islower():
            parts = parts[:-1]
        if not parts:
            return name
        last = parts[-1]
        for verb in self.lex.glued:
            stem = last[: -len(verb)]
            if last.lower().endswith(verb) and len(stem) >= 3 and stem[-1].islower():
                parts[-1] = stem
                break
        return " ".join(parts)

    def _is_prefix(self, token: str) -> bool:
        word = token.casefold().strip(",")
        if word in self.lex.name_prefixes or word in self.lex.role_of:
            return True
        # German compounds end with the role: "Regionalgouverneurin", "Regierungssprecher".
        return len(word) > 8 and any(word.endswith(role) for role in self.lex.role_of if len(role) >= 5)

    def _full_names(self) -> dict[int, str]:
        """Canonical full name for each person mention: a lone surname takes the most used full name ending with it."""
        clean = [self._clean_name(m.canonical if m.canonical != m.text else m.text) for m in self.persons]
        uses = Counter(clean)
        by_surname: dict[str, list[str]] = {}
        for name in uses:
            tokens = name.split()
            if len(tokens) > 1:
                by_surname.setdefault(tokens[-1].casefold(), []).append(name)
        out: dict[int, str] = {}
        for m, name in zip(self.persons, clean, strict=True):
            longer = by_surname.get(name.casefold(), []) if " " not in name else []
            out[id(m)] = max(longer, key=lambda c: (uses[c], len(c))) if longer else name
        return out

    def _role_bindings(self) -> list[tuple[int, str, Mention]]:
        """(position, role, person) for persons introduced with a role: "spokesperson Ned Price", "X, the minister"."""
        bound: list[tuple[int, str, Mention]] = []
        for m in self.persons:
            lo = max(0, m.char_start - ROLE_APPOSITION_CHARS)
            before = [
                h
                for h in self.lex.role_word.finditer(self.text, lo, m.char_start)
                if self.appositive(self.text[h.end() : m.char_start])
            ]
            after = self.lex.role_after_name.search(self.text[m.char_end : m.char_end + 80])
            if after and self.lex.verbs.search(after.group(0)):
                after = None  # "Ana Lopes, who met the minister," does not make her the minister
            hit = before[-1] if before else after
            if hit:
                bound.append((m.char_start, self.lex.role_of[_squash(hit.group(1))], m))
        return bound

    def appositive(self, gap: str) -> bool:
        """Whether the text between a role noun and a name joins them: "spokesperson Ned Price", "a governadora
        regional Carla Montoya", "el jefe de la brigada, el capitán Víctor Vargas" — but not "the minister said
        farmers in Kessel" (a verb or a longer clause in between)."""
        if re.search(r"[.!?;:\n]", gap) or self.lex.verbs.search(gap):
            return False
        head, comma, tail = gap.rpartition(",")
        if comma:
            return "," not in head and len(tail.split()) <= 2
        return len(gap.split()) <= 2

    def person_before(self, pos: int, subjects_only: bool = False) -> Mention | None:
        k = bisect.bisect_left(self.person_starts, pos)
        for m in reversed(self.persons[:k]):
            if m.char_end <= pos and (not subjects_only or self._subject_like(m)):
                return m
        return None

    def _subject_like(self, m: Mention) -> bool:
        """Whether a mention reads as someone acting ("Kirby declined", ", Ana Lopes,"), not as a possessor or a
        place-like complement ("Vasseur's relatives", "near Mercato Saraceno"). Guesses that reach back past the
        quote's own sentence only trust such mentions: tagging noise makes the others wrong more often than not."""
        if re.match(r"['’]s?(?!\w)", self.text[m.char_end : m.char_end + 3]):
            return False
        start = self.sentence_of(m.char_start)[0]
        before = self.text[start : m.char_start].rstrip()
        if not before or before[-1] in ',;:—–("“”«»„':
            return True
        return any(p is m for _, _, p in self.roles)

    def _role_references(self, lo: int, hi: int) -> list[_Candidate]:
        found: list[_Candidate] = []
        for hit in self.lex.roles.finditer(self.text, lo, hi):
            # The leftmost match may start at an earlier word that is also a determiner ("a déclaré le gouverneur":
            # Portuguese "a"): the reference starts at the determiner nearest the role noun.
            dets = list(self.lex.determiner.finditer(self.text, hit.start(), hit.start(1)))
            a, b = (dets[-1].start() if dets else hit.start()), hit.end()
            # "spokesperson Ned Price said": the named person is the speaker, not the role noun before the name.
            k = bisect.bisect_left(self.person_starts, b)
            names_follow = k < len(self.persons) and self.persons[k].char_start - b <= 2
            if self.outside_quotes(a, b) and not names_follow:
                role = self.lex.role_of.get(_squash(hit.group(1)), "")
                found.append(_Candidate(a, b, "role", self.text[a:b], role=role))
        return found

    # -- speakers

    def candidates(self, lo: int, hi: int) -> list[_Candidate]:
        found: list[_Candidate] = []
        for m in self.mentions[
            bisect.bisect_left(self.mention_starts, lo) : bisect.bisect_left(self.mention_starts, hi)
        ]:
            if m.char_end <= hi and self.outside_quotes(m.char_start, m.char_end):
                if m.type == "PERSON" and self._is_modifier(m):
                    continue
                kind = "person" if m.type == "PERSON" else "org"
                found.append(_Candidate(m.char_start, m.char_end, kind, m.text, mention=m))
        for hit in self.lex.pronouns.finditer(self.text, lo, hi):
            if self.outside_quotes(hit.start(), hit.end()):
                found.append(_Candidate(hit.start(), hit.end(), "pronoun", hit.group(0)))
        first = bisect.bisect_left(self.role_ends, lo)
        found.extend(r for r in self.role_refs[first : bisect.bisect_right(self.role_ends, hi)] if r.start >= lo)
        return found

    def is_addressee(self, verb_end: int, cand: _Candidate) -> bool:
        # "relató por teléfono a EFE Lucía Herrero": the name after "a"/"to"/"à" is who was told.
        return cand.start >= verb_end and bool(self.lex.addressee.search(self.text[verb_end : cand.start]))

    def resolve(self, cand: _Candidate) -> tuple[str, str | None]:
        if cand.mention is not None and cand.kind == "person":
            return self._clean_name(cand.mention.text), self.full_names.get(id(cand.mention))
        if cand.mention is not None:
            return cand.mention.text, cand.mention.canonical
        if cand.kind == "role":
            return self._resolve_role(cand)
        return self.antecedent(cand.start) or (cand.text, None)

    def antecedent(self, pos: int, max_sentences: int | None = None) -> tuple[str, str | None] | None:
        """The last person or role named before ``pos`` ("the minister … he said"), optionally only nearby."""
        person = self.person_before(pos)
        roles = self.role_refs[: bisect.bisect_left(self.role_ends, pos + 1)]
        here = self.sentence_of(pos)[2]

        def near(at: int) -> bool:
            return max_sentences is None or here - self.sentence_of(at)[2] <= max_sentences

        if roles and (person is None or roles[-1].start > person.char_start) and near(roles[-1].start):
            return self._resolve_role(roles[-1])
        if max_sentences is not None:
            person = self.person_before(pos, subjects_only=True)
        if person is None or not near(person.char_start):
            return None
        name = self.full_names.get(id(person), person.canonical)
        return name, name

    def glued_speaker(self, lo: int, hi: int) -> Mention | None:
        """A person whose name swallowed the verb ("Captain Víctor Vargassaid at the site") speaks here."""
        for m in self.persons:
            if lo <= m.char_start and m.char_end <= hi and self._clean_name(m.text) != m.text.strip():
                last = m.text.split()[-1].lower() if m.text.split() else ""
                if any(last.endswith(v) for v in self.lex.glued):
                    return m
        return None

    def _resolve_role(self, cand: _Candidate) -> tuple[str, str | None]:
        person: Mention | None = None
        nearby = self.persons[
            bisect.bisect_left(self.person_starts, cand.end) : bisect.bisect_right(
                self.person_starts, cand.end + ROLE_APPOSITION_CHARS
            )
        ]
        after = [
            m
            for m in nearby
            if 0 <= m.char_start - cand.end <= ROLE_APPOSITION_CHARS
            and self.appositive(self.text[cand.end : m.char_start])
        ]
        bound = [m for p, r, m in self.roles if r == cand.role and p < cand.start]
        if after:
            person = after[0]
        elif bound:
            person = bound[-1]
        else:
            last = self.person_before(cand.start, subjects_only=True)
            here = self.sentence_of(cand.start)[2]
            if last is not None and here - self.sentence_of(last.char_start)[2] <= ROLE_FALLBACK_SENTENCES:
                person = last
        if person is None:
            return cand.text, None
        if cand.role and not bound:
            # Once "the spokesman" is known to be Kirby, a later "the spokesman added" is Kirby too.
            bisect.insort(self.roles, (cand.start, cand.role, person), key=lambda entry: entry[0])
        name = self.full_names.get(id(person), person.canonical)
        return name, name


def _squash(form: str) -> str:
    return " ".join(form.split()).casefold()


def _nearest(cands: Sequence[_Candidate], a: int, b: int, after_only: bool = False) -> _Candidate | None:
    best: tuple[int, _Candidate] | None = None
    for c in cands:
        if after_only and c.start < b:
            continue
        gap = c.start - b if c.start >= b else a - c.end
        if gap < 0 or gap > SPEAKER_GAP_CHARS:
            continue
        score = gap + (ORG_DISTANCE_PENALTY if c.kind == "org" else 0)
        if best is None or score < best[0]:
            best = (score, c)
    return best[1] if best else None


# -------------------------------------------------------------------------------------------------------- attribution


@dataclass(slots=True)
class _Attribution:
    speaker: str | None
    entity: str | None
    by_verb: bool  # a speech verb or "according to" in the quote's own sentence attributes it


def _attribute(reader: _Reader, span: _Span) -> _Attribution:
    text, lex = reader.text, reader.lex
    first = reader.sentence_of(span.open)
    last = reader.sentence_of(max(span.close_end - 1, span.open))
    pre_lo, pre_hi = first[0], span.open
    post_lo, post_hi = span.close_end, max(last[1], span.close_end)

    def outside(pattern: re.Pattern[str], lo: int, hi: int) -> list[re.Match[str]]:
        # Words inside another quote of the same sentence ("“I said no,” she said") attribute nothing.
        return [h for h in pattern.finditer(text, lo, hi) if reader.outside_quotes(h.start(), h.end())]

    tail = lex.tail_verbs.match(text[post_lo:post_hi])
    verbs_after = outside(lex.verbs, post_lo, post_hi)
    verbs_before = outside(lex.verbs, pre_lo, pre_hi)
    according = outside(lex.according, post_lo, post_hi)[:1] or outside(lex.according, pre_lo, pre_hi)[-1:]

    # Order matters: a verb right after the quote ("…," said X) is the usual attribution, then "according to X",
    # then a verb before it (X said that … "…"), then a verb later in the sentence.
    choices: list[tuple[int, int, int, int, bool]] = []  # verb start, verb end, window lo, window hi, after_only
    if tail:
        choices.append((post_lo + tail.end(), post_lo + tail.end(), post_lo, post_hi, True))
    near_verb = bool(verbs_after) and verbs_after[0].start() - post_lo <= TAIL_VERB_CHARS
    if near_verb:
        choices.append((verbs_after[0].start(), verbs_after[0].end(), post_lo, post_hi, False))
    for hit in according:
        lo, hi = (post_lo, post_hi) if hit.start() >= post_lo else (pre_lo, pre_hi)
        choices.append((hit.start(), hit.end(), lo, hi, True))
    if verbs_before:
        choices.append((verbs_before[-1].start(), verbs_before[-1].end(), pre_lo, pre_hi, False))
    if verbs_after and not near_verb:
        choices.append((verbs_after[0].start(), verbs_after[0].end(), post_lo, post_hi, False))

    for a, b, lo, hi, after_only in choices:
        cands = [c for c in reader.candidates(lo, hi) if not reader.is_addressee(b, c)]
        cand = _nearest(cands, a, b, after_only)
        if cand is not None:
            return _Attribution(*reader.resolve(cand), by_verb=True)
    glued = reader.glued_speaker(post_lo, min(post_hi, post_lo + TAIL_VERB_CHARS)) or reader.glued_speaker(
        pre_lo, pre_hi
    )
    if glued is not None:
        return _Attribution(*reader.resolve(_Candidate(glued.char_start, glued.char_end, "person", "", glued)), True)
    if choices and _subjectless(reader, choices[0], pre_lo):
        # A verb with no subject (pro-drop "afirmó", "ha dichiarato"): the person or role named just before speaks.
        found = reader.antecedent(span.open, max_sentences=1)
        if found is not None:
            return _Attribution(*found, by_verb=False)
    return _Attribution(None, None, False)


def _subjectless(reader: _Reader, choice: tuple[int, int, int, int, bool], sentence_start: int) -> bool:
    """Whether the attributing verb stands without a subject: "…", dijo. / Afirmó que "…" (not "…", dijo un vecino)."""
    verb_start, verb_end, lo, _, _ = choice
    if lo == sentence_start:  # verb before the quote: pro-drop only when it opens the sentence
        return not _WORD.search(reader.text, sentence_start, verb_start)
    return not reader.lex.subject_starter.match(reader.text, verb_end)


def find_quotes(article: Article, mentions: Sequence[Mention], language: str | None) -> list[BriefQuote]:
    """The direct quotes of ``article`` with their speakers; offsets index ``article.text`` (the quote's words,
    without marks), ``sentence_index`` is the sentence where the quote starts. Never raises on odd text.

    ``language`` (ISO 639-1) picks the word lists; None falls back to ``article.language``, and a language without
    lists uses every language's. ``mentions`` are the entity stage's; PERSON and ORG ones can be speakers, and
    mentions with offsets outside the text are ignored.
    """
    spans = _scan(article.text)
    reader = _Reader(article, mentions, language or article.language, spans)
    found = [_attribute(reader, span) for span in spans]
    # An open paragraph of a multi-paragraph quote is attributed where the quote finally closes ("…," she added).
    for k in range(len(spans) - 2, -1, -1):
        if spans[k].continued and found[k].speaker is None and found[k + 1].speaker is not None:
            found[k] = _Attribution(found[k + 1].speaker, found[k + 1].entity, False)
    # "“A,” she said. “B.”": B goes on with the same speaker within the paragraph.
    for k in range(1, len(spans)):
        same_paragraph = "\n" not in reader.text[spans[k - 1].close_end : spans[k].open]
        if found[k].speaker is None and found[k - 1].speaker is not None and same_paragraph:
            found[k] = _Attribution(found[k - 1].speaker, found[k - 1].entity, False)
    quotes: list[BriefQuote] = []
    for span, who in zip(spans, found, strict=True):
        n_words = len(_WORD.findall(reader.text, span.start, span.end))
        if n_words < MIN_QUOTE_WORDS and not (who.by_verb and who.speaker):
            continue
        quotes.append(
            BriefQuote(
                text=reader.text[span.start : span.end],
                speaker=who.speaker,
                speaker_entity=who.entity,
                article_id=reader.article_id,
                sentence_index=reader.sentence_of(span.start)[2],
                char_start=span.start,
                char_end=span.end,
            )
        )
    return quotes


# ------------------------------------------------------------------------------------------------------------ merging


def _normalised(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _same_text(a: str, b: str) -> float:
    """2.0 identical, 1.5 one contains the other, 1.2 near-identical, 0 otherwise (after normalisation)."""
    if a == b:
        return 2.0
    short, long_ = sorted((a, b), key=len)
    if len(short.split()) >= MIN_CONTAINED_WORDS and f" {short} " in f" {long_} ":
        return 1.5
    if 2 * len(short) < NEAR_EXACT_RATIO * (len(a) + len(b)):
        return 0.0  # the ratio can never reach the bar: skip the quadratic comparison
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.quick_ratio() >= NEAR_EXACT_RATIO and matcher.ratio() >= NEAR_EXACT_RATIO:
        return 1.2
    return 0.0


def merge_quotes(
    quotes_by_article: Mapping[str, list[BriefQuote]],
    embed: Callable[[list[str]], np.ndarray],
    copies: Mapping[str, str],
) -> list[BriefQuote]:
    """One list of quotes for a story; the same quote from several articles (even translated) appears once.

    Articles count in the order of ``quotes_by_article`` (pass them oldest first), a syndicated copy (``copies``:
    copy -> original) right after its original; the kept record is the earliest article's, with ``also_in`` listing
    the others. Two quotes merge only when their speakers agree or one is unknown, and an article contributes at most
    one quote to each merged quote.
    """
    order = list(quotes_by_article)
    rank = {
        aid: (order.index(copies[aid]) if copies.get(aid) in quotes_by_article else i, aid in copies, i)
        for i, aid in enumerate(order)
    }
    flat = [q for aid in order for q in quotes_by_article[aid]]
    if not flat:
        return []
    norm = [_normalised(q.text) for q in flat]
    vectors = np.asarray(embed([q.text for q in flat]), dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(flat):
        vectors = np.zeros((len(flat), 1), dtype=np.float32)  # unusable embedder: text matching still works
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32)  # a backend need not return unit rows
    cosines = vectors @ vectors.T

    pairs: list[tuple[float, int, int]] = []
    for i in range(len(flat)):
        for j in range(i + 1, len(flat)):
            if flat[i].article_id == flat[j].article_id:
                continue
            score = _same_text(norm[i], norm[j]) or (float(cosines[i, j]) if cosines[i, j] >= MERGE_COSINE else 0.0)
            if score:
                pairs.append((score, i, j))
    pairs.sort(key=lambda p: -p[0])

    group = list(range(len(flat)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(flat))}
    for _, i, j in pairs:
        gi, gj = group[i], group[j]
        if gi == gj:
            continue
        joined = members[gi] + members[gj]
        speakers = {flat[k].speaker_entity for k in joined if flat[k].speaker_entity}
        articles = [flat[k].article_id for k in joined]
        if len(speakers) > 1 or len(set(articles)) < len(articles):
            continue
        for k in members.pop(gj):
            group[k] = gi
        members[gi] = joined

    merged: list[BriefQuote] = []
    for ids in members.values():
        ids.sort(key=lambda k: (rank[flat[k].article_id], flat[k].char_start))
        head = flat[ids[0]]
        known = next((flat[k] for k in ids if flat[k].speaker_entity), None)
        speaker, entity = head.speaker, head.speaker_entity
        if entity is None and known is not None:
            speaker, entity = known.speaker, known.speaker_entity
        also = [flat[k].article_id for k in ids[1:]]
        merged.append(dataclasses.replace(head, speaker=speaker, speaker_entity=entity, also_in=also))
    merged.sort(key=lambda q: (rank[q.article_id], q.char_start))
    return merged
