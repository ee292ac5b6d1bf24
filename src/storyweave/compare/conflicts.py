"""Conflicts: where aligned sentences of different sources disagree on a date, a figure, the actor, or polarity.

Precision first: a false contradiction misleads a reader more than a missed one. So values are compared only between
sentences of one claim that score at least ``conflict_min_score`` (polarity and actor need closer pairs), figures only
within one kind (dead vs injured are different slots), and dates only when both were resolved reliably (an absolute
date, or a relative one resolved against a real publication date). Photo captions are checked against the article's
own event date: a caption dated months away from the event is a conflict inside one report (``sentence_index -1``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ..annotate.date_words import MONTHS
from ..annotate.dates import LEDE_SENTENCES, find_dates
from ..annotate.gazetteer import fold
from ..annotate.sentences import split_sentences
from ..types import Article, TimeExpr
from .align import Alignment, ClaimGroup, SentenceInfo
from .brief import Conflict, ConflictValue
from .cues import DENIALS, NEGATION_BLOCKERS, NEGATIONS, SEPARABLE_DENIALS, SPEECH_VERBS, of_language
from .material import StoryMaterial
from .options import CompareOptions
from .quantities import Quantity, agree

#: Removed-line reasons whose dates describe a picture of the event (and so can contradict it).
CAPTION_REASONS = ("caption", "photo_credit")
#: Members of one story published at most this many days apart lend an undated member their latest publication date.
#: Three days covers the news cycle of one event (first report, follow-ups, weekend wrap); a weekday resolved against
#: a date up to three days late still lands on the right day, since news dates events within the past week.
STORY_ANCHOR_SPREAD_DAYS = 3
_DAY_NUMBER = re.compile(r"\d")
_YEAR_ONLY = re.compile(r"\D{0,12}\d{4}")
_MONTH_WORDS = frozenset(fold(m) for words in MONTHS.values() for m in words)
_TOKEN = re.compile(r"[^\W\d_]+(?:'t)?|n't", re.I)
#: "Who did it" compares people only: organisation and place names are canonicalised less reliably across
#: languages ("Unione" / "European Union", a dateline city tagged as an organisation), and a false actor conflict
#: misleads.
_AGENT_TYPES = ("PERSON",)
_YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d{2}\b")
#: Slots that belong to the event as a whole, so two claims can disagree on them: a toll is one number per story.
#: Counts of things (trains, buildings, tents) are left out: "40 buildings collapsed" and "25 buildings damaged" can
#: both be true.
EVENT_KINDS = frozenset({"dead", "injured", "missing", "trapped", "evacuated", "magnitude"})
#: Two sentences disagree on a date only when the dates are at most this many days apart: reports misdating one
#: happening are a day or two off (Tuesday night local vs early Wednesday; rescued Thursday night vs Friday), while a
#: date years away is another event mentioned as background ("sent to New York after the 11 September 2001
#: attacks" against "arrived on Monday"), which two of the 11 real same-story pairs of semeval-dev claims_gold
#: flagged as a conflict. A week keeps every planted date conflict of the sample corpus.
DATE_CONFLICT_MAX_DAYS = 7
#: Name words compared by their first four letters: joins "Union"/"Unione"/"Unión", keeps "Kirby"/"Price" apart.
NAME_STEM_CHARS = 4


@dataclass(slots=True)
class ArticleDates:
    """Reliable day-precise dates per sentence, the event date and where the text states it."""

    reference: datetime | None  # publication date, or an absolute date of the article standing in for it
    anchored: bool  # True when ``reference`` is not a real publication date
    sentences: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    event: str | None = None
    event_sentence: int | None = None
    anchor_text: str | None = None


def _anchor(article: Article, times: list[TimeExpr]) -> tuple[datetime | None, str | None]:
    """Without a publication date, the latest absolute (year-bearing) date in the text or its captions stands in for
    it, so "Wednesday the 2nd" can still be resolved; dates of a report are never later than the report."""
    found: list[tuple[str, str]] = [(t.value, t.text) for t in times if t.value and not t.relative]
    for line in article.removed:
        if line.reason in CAPTION_REASONS:
            exprs = find_dates(
                article.id, line.text, split_sentences(article.id, line.text, article.language), article.language, None
            )
            found += [(t.value, t.text) for t in exprs if t.value and not t.relative]
    if not found:
        return None, None
    value, text = max(found)
    return datetime.fromisoformat(value), text


def _day_precise(expr: TimeExpr) -> bool:
    """A date naming a day: with a day number, or a weekday resolved against a real publication date ("in August"
    resolves to the 1st and "2010" to New Year's Day, neither of which names a day)."""
    if expr.value is None or _YEAR_ONLY.fullmatch(expr.text.strip()):
        return False
    if _DAY_NUMBER.search(expr.text):
        return True
    return expr.relative and not any(fold(w) in _MONTH_WORDS for w in _TOKEN.findall(expr.text))


def _story_anchor(material: StoryMaterial) -> datetime | None:
    """The latest publication date of the story's members, when they were all published within a few days: an
    undated member of such a story (a plain-text copy) was written then too, so its weekdays resolve against it."""
    published = [a.published for a in material.articles if a.published is not None and not a.published_inferred]
    if not published:
        return None
    stamps = [p if p.tzinfo else p.replace(tzinfo=UTC) for p in published]
    if (max(stamps) - min(stamps)).days > STORY_ANCHOR_SPREAD_DAYS:
        return None
    return max(stamps)


def resolve_dates(material: StoryMaterial) -> dict[str, ArticleDates]:
    """Reliable dates per sentence and the event date of every article.

    Reference date, in order: the article's publication date; the story's (``_story_anchor``); else the latest
    absolute date the article itself states (a caption stamp), used only for expressions with a day number
    ("Wednesday the 2nd"), since a bare weekday against a stand-in date could be any week.
    """
    story_anchor = _story_anchor(material)
    out: dict[str, ArticleDates] = {}
    for article in material.articles:
        times = material.times.get(article.id, [])
        if article.published is not None:
            info = ArticleDates(reference=article.published, anchored=False)
            usable = [t for t in times if _day_precise(t)]
        elif story_anchor is not None:
            info = ArticleDates(reference=story_anchor, anchored=True)
            again = find_dates(article.id, article.text, article.sentences, article.language, story_anchor)
            usable = [t for t in again if _day_precise(t)]
        else:
            reference, anchor_text = _anchor(article, times)
            info = ArticleDates(reference=reference, anchored=True, anchor_text=anchor_text)
            usable = [t for t in times if t.value and not t.relative and _DAY_NUMBER.search(t.text)]
            if reference is not None:
                again = find_dates(article.id, article.text, article.sentences, article.language, reference)
                usable = [t for t in again if t.value and _DAY_NUMBER.search(t.text) and t.text != anchor_text]
        for t in usable:
            info.sentences.setdefault(t.sentence_index, []).append((str(t.value), t.text))
        event = material.event_dates.get(article.id) if not info.anchored else None
        if event is None:
            lede = sorted((t for t in usable if t.sentence_index < LEDE_SENTENCES), key=lambda t: t.char_start)
            event = date.fromisoformat(str(lede[0].value)) if lede else None
        if event is not None:
            info.event = event.isoformat()
            info.event_sentence = next((t.sentence_index for t in usable if t.value == info.event), None)
        out[article.id] = info
    return out


def polarity(text: str, language: str | None) -> tuple[bool, bool]:
    """(affirmative, has a denial verb): each negation or denial cue flips the sentence ("did not deny" affirms)."""
    lang = (language or "en").lower()[:2]
    words = [fold(t) for t in _TOKEN.findall(text.replace("’", "'"))]
    separable = any(
        particle in words and any(w.startswith(stems) for w in words)
        for stems, particle in SEPARABLE_DENIALS.get(lang, ())
    )
    negations = of_language(NEGATIONS, language, frozenset())
    denials = of_language(DENIALS, language, frozenset())
    denial_stems = tuple(w[:-1] for w in denials if w.endswith("*"))
    flips = int(separable)
    denied = separable
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word.endswith("n't") or word in negations:
            flips += following not in NEGATION_BLOCKERS
        elif word in denials or word.startswith(denial_stems):
            flips += 1
            denied = True
    return flips % 2 == 0, denied


#: Words after a bare negation that it is taken to govern (words of ``NEGATED_MIN_LETTERS`` or more letters: "was
#: not allowed", "nobody was hurt", "не выдержав веса"), and how many first letters of each are compared.
NEGATION_SCOPE_WORDS = 2
NEGATED_MIN_LETTERS = 4
NEGATED_STEM_CHARS = 5


def negated_stems(text: str, language: str | None) -> set[str]:
    """First letters of the words each bare negation of ``text`` governs (its next ``NEGATION_SCOPE_WORDS`` words of
    ``NEGATED_MIN_LETTERS`` or more letters), folded: what the sentence says is not so."""
    negations = of_language(NEGATIONS, language, frozenset())
    words = [fold(t) for t in _TOKEN.findall(text.replace("’", "'"))]
    out: set[str] = set()
    for i, word in enumerate(words):
        if word.endswith("n't") or word in negations:
            governed = [w for w in words[i + 1 :] if len(w) >= NEGATED_MIN_LETTERS][:NEGATION_SCOPE_WORDS]
            out.update(w[:NEGATED_STEM_CHARS] for w in governed)
    return out


def _says_what_is_negated(negative: SentenceInfo, other: SentenceInfo) -> bool:
    """Whether ``other`` states a word that a bare negation of ``negative`` governs: "the ship was not allowed to
    dock" / "the ship was allowed to dock" disagree; "the roof collapsed, not withstanding the snow's weight" / "the
    roof collapsed under the snow" do not, the second sentence says nothing of what the first negates."""
    stems = {fold(w)[:NEGATED_STEM_CHARS] for w in _TOKEN.findall(other.text) if len(w) >= NEGATED_MIN_LETTERS}
    return bool(negated_stems(negative.text, negative.article.language) & stems)


def _agent(info: SentenceInfo, material: StoryMaterial) -> str | None:
    """The first person or organisation named, when the sentence reports an act rather than attributes speech."""
    if any(fold(t) in SPEECH_VERBS for t in _TOKEN.findall(info.text)):
        return None
    mentions = [
        m
        for m in material.mentions.get(info.article.id, [])
        if m.sentence_index == info.index and m.type in _AGENT_TYPES
    ]
    return min(mentions, key=lambda m: m.char_start).canonical if mentions else None


def _same_name(a: str, b: str) -> bool:
    """Two canonical names that share a word stem are taken as one actor named two ways ("Nazca-Platte" / "Nazca",
    "Unione" / "European Union"): canonicalisation is imperfect, and a false "who did it" conflict misleads."""
    stems_a = {fold(w)[:NAME_STEM_CHARS] for w in _TOKEN.findall(a)}
    return bool(stems_a & {fold(w)[:NAME_STEM_CHARS] for w in _TOKEN.findall(b)})


def _value(info: SentenceInfo, value: str) -> ConflictValue:
    return ConflictValue(value=value, article_id=info.article.id, sentence_index=info.index, text=info.text)


def _disagreeing_kinds(a: SentenceInfo, b: SentenceInfo) -> set[str]:
    """Kinds of figure on which two sentences disagree. Both sides must hold a figure the other cannot match:
    "7.5 % demanded, 4 % offered" against "7.5 % demanded" adds a figure but contradicts nothing."""
    out = set()
    for kind in {q.kind for q in a.quantities if q.kind} & {q.kind for q in b.quantities if q.kind}:
        qa = [q for q in a.quantities if q.kind == kind]
        qb = [q for q in b.quantities if q.kind == kind]
        if any(not any(agree(q, r) for r in qb) for q in qa) and any(not any(agree(q, r) for q in qa) for r in qb):
            out.add(kind)
    return out


def _number_conflicts(pairs: list[tuple[SentenceInfo, SentenceInfo]], only: set[str] | None = None) -> list[Conflict]:
    """One conflict per disagreeing kind, listing every figure of that kind in the sentences involved."""
    by_kind: dict[str, dict[tuple[str, int], tuple[SentenceInfo, Quantity]]] = {}
    disagreeing: set[str] = set()
    for a, b in pairs:
        kinds = _disagreeing_kinds(a, b) if only is None else _disagreeing_kinds(a, b) & only
        disagreeing |= kinds
        for kind in kinds:
            for info in (a, b):
                for q in info.quantities:
                    if q.kind == kind:
                        by_kind.setdefault(kind, {})[(info.article.id, q.char_start)] = (info, q)
    return [
        Conflict(
            slot="number",
            values=[_value(info, q.text) for info, q in by_kind[kind].values()],
            note=f"figures of kind '{kind}' differ",
        )
        for kind in sorted(disagreeing)
    ]


def _close_dates(only_a: set[str], only_b: set[str]) -> bool:
    """Some date of one side lies within ``DATE_CONFLICT_MAX_DAYS`` of some date of the other (ISO dates)."""
    days_b = [date.fromisoformat(v[:10]) for v in only_b]
    return any(
        abs((date.fromisoformat(v[:10]) - other).days) <= DATE_CONFLICT_MAX_DAYS for v in only_a for other in days_b
    )


def _date_conflicts(pairs: list[tuple[SentenceInfo, SentenceInfo]]) -> list[Conflict]:
    """Both sentences date something the other does not: "rescued on Friday" against "rescued on Thursday night",
    even when both also say the collapse was on Wednesday. One extra date on one side only is extra detail."""
    involved: dict[tuple[str, int], SentenceInfo] = {}
    for a, b in pairs:
        dates_a, dates_b = {v for v, _ in a.times}, {v for v, _ in b.times}
        if _close_dates(dates_a - dates_b, dates_b - dates_a):
            involved[(a.article.id, a.index)] = a
            involved[(b.article.id, b.index)] = b
    if not involved:
        return []
    values = [_value(info, f"{v} ({surface})") for info in involved.values() for v, surface in info.times]
    return [Conflict(slot="date", values=values, note="the sources date this differently")]


def group_conflicts(
    group: ClaimGroup, alignment: Alignment, material: StoryMaterial, options: CompareOptions
) -> list[Conflict]:
    """Disagreements between the sentences of one aligned claim."""
    infos = alignment.sentences
    close = [
        (infos[a], infos[b], s)
        for (a, b), s in group.scores.items()
        if s >= options.conflict_min_score and infos[a].article.id != infos[b].article.id
    ]
    pairs = [(a, b) for a, b, _ in close]
    conflicts = _number_conflicts(pairs) + _date_conflicts(pairs)

    def positive(info: SentenceInfo) -> bool:
        return polarity(info.text, info.article.language)[0]

    def opposed(a: SentenceInfo, b: SentenceInfo, score: float) -> bool:
        """A denial verb on one side ("the club denied he was detained") is a strong cue; a bare negation on one
        side is often a word-level one ("non-residential", "unspent" / "non spese") or about a detail the other
        sentence leaves out, so it needs a near-paraphrase."""
        (pos_a, denial_a), (pos_b, denial_b) = (
            polarity(a.text, a.article.language),
            polarity(b.text, b.article.language),
        )
        if pos_a == pos_b:
            return False
        denier = a if denial_a and not denial_b else b if denial_b and not denial_a else None
        if denier is not None and denier.entities - (b if denier is a else a).entities:
            # Someone the other sentence does not name refused or rejected: another actor's act, not a denial of
            # the same statement ("Thailand refused the ship" / "Cambodia let it dock"; "Italy rejected the fund" /
            # "credit lines could be set up"), the two polarity false alarms of the real semeval-dev pairs.
            return False
        if not denial_a and not denial_b:
            # bare negations: a contradiction only when the other sentence states what is negated
            negative, other = (b, a) if pos_a else (a, b)
            if not _says_what_is_negated(negative, other):
                return False
        needed = options.polarity_min_score if denial_a != denial_b else options.negation_min_score
        return score >= needed

    polar = [(a, b) for a, b, s in close if opposed(a, b, s)]
    if polar:
        seen = {(i.article.id, i.index): i for pair in polar for i in pair}
        conflicts.append(
            Conflict(
                slot="polarity",
                values=[_value(i, "affirms" if positive(i) else "denies") for i in seen.values()],
                note="one source affirms what another denies or negates",
            )
        )
    for a, b, s in close:
        if s < options.entity_min_score:
            continue
        agent_a, agent_b = _agent(a, material), _agent(b, material)
        if (
            agent_a
            and agent_b
            and agent_b not in a.entities
            and agent_a not in b.entities
            and not _same_name(agent_a, agent_b)
        ):
            conflicts.append(
                Conflict(
                    slot="entity",
                    values=[_value(a, agent_a), _value(b, agent_b)],
                    note="the sources name different actors",
                )
            )
    return conflicts


def _background(info: SentenceInfo, event_year: str | None) -> bool:
    """A sentence naming another year is background ("In 2010, a magnitude 8.8 quake killed 500")."""
    years = set(_YEAR_IN_TEXT.findall(info.text))
    return bool(years) and event_year not in years


def cross_claim_conflicts(
    alignment: Alignment, material: StoryMaterial, options: CompareOptions, event_year: str | None
) -> list[tuple[int, Conflict]]:
    """Figures of one event slot (the dead, the injured, the magnitude...) that differ between sentences of different
    claims: one report may state the toll in its lede and another in a sentence of its own. Returns (index of the
    group the conflict belongs to, conflict); the group is the one with more articles."""
    infos = alignment.sentences
    group_of = {row: g for g, group in enumerate(alignment.groups) for row in group.rows}
    size = {g: len(group.rows) for g, group in enumerate(alignment.groups)}
    candidates = [
        i for i in infos if any(q.kind in EVENT_KINDS for q in i.quantities) and not _background(i, event_year)
    ]
    found: dict[tuple[int, str], list[tuple[SentenceInfo, SentenceInfo]]] = {}
    for n, a in enumerate(candidates):
        for b in candidates[n + 1 :]:
            score = alignment.score[a.row, b.row]
            # Members of one claim scoring ``conflict_min_score`` were compared by ``group_conflicts`` already; a
            # looser pair inside one claim (joined through a shared name) is compared here like two claims.
            checked = group_of[a.row] == group_of[b.row] and score >= options.conflict_min_score
            if checked or a.article.id == b.article.id or score < options.cross_claim_min_score:
                continue
            owner = max((group_of[a.row], group_of[b.row]), key=lambda g: (size[g], -g))
            for kind in _disagreeing_kinds(a, b) & EVENT_KINDS:
                found.setdefault((owner, kind), []).append((a, b))
    return [(owner, c) for (owner, kind), pairs in found.items() for c in _number_conflicts(pairs, {kind})]


@dataclass(slots=True)
class CaptionConflict:
    article_id: str
    caption: str
    conflict: Conflict


def caption_conflicts(material: StoryMaterial, dates: dict[str, ArticleDates]) -> list[CaptionConflict]:
    """Captions dated differently from their own article's event (the picture is from another day, or mislabelled)."""
    out: list[CaptionConflict] = []
    for article in material.articles:
        info = dates.get(article.id)
        if info is None or info.event is None or info.reference is None:
            continue
        for line in article.removed:
            if line.reason not in CAPTION_REASONS:
                continue
            exprs = find_dates(
                article.id,
                line.text,
                split_sentences(article.id, line.text, article.language),
                article.language,
                info.reference,
            )
            differing = [
                t
                for t in exprs
                if t.value and t.value != info.event and _DAY_NUMBER.search(t.text) and t.text != info.anchor_text
            ]
            if not differing:
                continue
            index = info.event_sentence
            sentence = article.sentences[index].text if index is not None and index < len(article.sentences) else ""
            stated = (
                next((s for v, s in info.sentences.get(index, []) if v == info.event), None)
                if index is not None
                else None
            )
            event_value = f"{info.event} ({stated})" if stated else f"{info.event} (publication date)"
            values = [
                ConflictValue(
                    value=event_value,
                    article_id=article.id,
                    sentence_index=index if index is not None else -1,
                    text=sentence,
                )
            ]
            values += [
                ConflictValue(value=f"{t.value} ({t.text})", article_id=article.id, sentence_index=-1, text=line.text)
                for t in differing
            ]
            out.append(
                CaptionConflict(
                    article.id,
                    line.text,
                    Conflict(
                        slot="date",
                        values=values,
                        note="a photo caption dates the event differently from the article text",
                    ),
                )
            )
    return out
