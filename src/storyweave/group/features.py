"""``GroupDoc``, what grouping needs of an article, and the corpus statistics that weight its evidence.

Two reports of one event share *specific* things: names, places, dates, numbers, rare words. A generic embedding mostly
tells the topic (an earthquake, a rehab check-in), not the event, so lexical content is weighted by inverse document
frequency over the articles being grouped: frequent words count for little, names and numbers for a lot.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import re
import sys
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..annotate.date_words import WEEKDAY_COMPOUND_SUFFIXES, WEEKDAY_NUMBERS
from ..annotate.unspaced import has_unspaced, split_unspaced
from ..compare.quantities import parse_number
from ..embed.base import Embedder, covers, embed_article
from ..types import Mention
from .options import MINHASH_PERMUTATIONS

#: Title words count this many times: a headline names the event, the body also carries background.
TITLE_TERM_WEIGHT = 2
#: Words of the body counted as its lead (with the title): news states the event (who, what, where, when) first;
#: background shared with other events of the kind comes later. On ECB+ train topics a lead of 80 words separated
#: same-kind events better than 40 words or the whole text (within-topic pair AUC 0.940 vs 0.939 and 0.934).
LEAD_WORDS = 80
#: Body sentences whose people are the article's *lead people* (with those named in the title): who the event is
#: about. Reports of one event name the same protagonists up front; two events of one kind (two arrests of players of
#: one team) differ exactly there, while their background paragraphs name each other's people. On ECB+ train topics,
#: within-topic candidate pairs whose leads name people: 1 sentence: same-event rate 0.82 when they share one vs 0.26
#: when disjoint; 2 sentences: 0.81 vs 0.26 on more pairs (3,823 vs 2,719); 3: 0.77 vs 0.26. Two it is.
LEAD_SENTENCES = 2
#: Fewest neighbours a neighbourhood must have before it re-weights an article's terms: rarity among one or two
#: articles says nothing about what is typical of a topic (two reports of one event would each find their shared
#: words "common" and score lower than alone), so smaller neighbourhoods leave the corpus weights as they are. This
#: also makes a store of two articles score them exactly as ``similarity`` does.
LOCAL_MIN_NEIGHBOURS = 5
#: Word n-gram length for near-duplicate shingles: 5 words are specific enough that unrelated texts rarely share one.
SHINGLE_WORDS = 5
#: Languages whose spaCy stop-word list is applied. Function words are not evidence in any language; idf would also
#: discount them, but only once the corpus is large, and a pair of articles must be comparable on its own.
STOPWORD_LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "nl", "tr", "az", "ru", "pl", "id")

_WORD = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)
#: A written year: news cites the year of the event it reports, and two events of one kind are usually years apart.
_YEAR = re.compile(r"^(19\d\d|20\d\d)$")


@dataclass(slots=True)
class GroupDoc:
    """What grouping needs of an article; the pipeline builds it from an annotated ``Article``."""

    id: str
    title: str
    text: str
    language: str | None = None
    published: datetime | None = None
    event_date: date | None = None
    entities: dict[str, float] = field(default_factory=dict)  # canonical name -> weight (mention count, type-weighted)
    lead_people: set[str] = field(default_factory=set)  # canonical names of the people in the title and lead
    places: set[str] = field(default_factory=set)  # canonical GPE/LOC names
    embedding: npt.NDArray[np.float32] | None = None  # unit vector of the article
    sentence_embeddings: npt.NDArray[np.float32] | None = None  # (n_sentences, dim) unit rows
    minhash: Any = None  # datasketch (Lean)MinHash of word shingles, for copy detection: use ``minhash_of``
    terms: dict[str, float] = field(default_factory=dict)  # content-word counts; filled by ``prepare`` when empty
    lead_terms: dict[str, float] = field(default_factory=dict)  # the same for title + lead; filled by ``prepare``
    embedding_trusted: bool = True  # False when the embedder was not trained on the article's language
    # A second, independent unit vector of title and text (multilingual-e5-small), made only where one pair is rated
    # (``similarity``), never in a store: ~0.2 s an article. It sharpens the 1-4 rating, not the same-event decision.
    passage_embedding: npt.NDArray[np.float32] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields; sentence embeddings and the MinHash are left out (recomputed, or kept by the store)."""
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "language": self.language,
            "published": self.published.isoformat() if self.published else None,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "entities": dict(self.entities),
            "lead_people": sorted(self.lead_people),
            "places": sorted(self.places),
            "embedding": None if self.embedding is None else self.embedding.tolist(),
            "terms": dict(self.terms),
            "lead_terms": dict(self.lead_terms),
            "embedding_trusted": self.embedding_trusted,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupDoc:
        emb = data.get("embedding")
        return cls(
            id=str(data["id"]),
            title=str(data.get("title", "")),
            text=str(data.get("text", "")),
            language=data.get("language"),
            published=datetime.fromisoformat(data["published"]) if data.get("published") else None,
            event_date=date.fromisoformat(data["event_date"]) if data.get("event_date") else None,
            entities={str(k): float(v) for k, v in data.get("entities", {}).items()},
            lead_people=set(data.get("lead_people", [])),
            places=set(data.get("places", [])),
            embedding=None if emb is None else np.asarray(emb, dtype=np.float32),
            terms={str(k): float(v) for k, v in data.get("terms", {}).items()},
            lead_terms={str(k): float(v) for k, v in data.get("lead_terms", {}).items()},
            embedding_trusted=bool(data.get("embedding_trusted", True)),
        )


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Union of spaCy's stop-word lists for ``STOPWORD_LANGUAGES`` (data, not code: spaCy maintains them)."""
    words: set[str] = set()
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()  # spaCy missing: idf still discounts function words
    root = Path(next(iter(spec.submodule_search_locations))) / "lang"
    for lang in STOPWORD_LANGUAGES:
        # Load each stop_words.py file on its own: importing spacy.lang.<lang> first would compile that language's
        # tokenizer patterns (~3 s for French), which grouping never uses.
        path = root / lang / "stop_words.py"
        file_spec = importlib.util.spec_from_file_location(f"_storyweave_stop_words_{lang}", path)
        if not path.is_file() or file_spec is None or file_spec.loader is None:
            continue
        module = importlib.util.module_from_spec(file_spec)
        file_spec.loader.exec_module(module)
        words.update(w.casefold() for w in module.STOP_WORDS)
    return frozenset(words)


def words(text: str) -> list[str]:
    """Case-folded word tokens; numbers keep their inner separators ("6.1", "1,200"); a run of a script written
    without spaces (Chinese, Japanese, Thai) becomes its overlapping character pairs (annotate/unspaced.py)."""
    tokens = _WORD.findall(text.casefold())
    return split_unspaced(tokens) if has_unspaced(text) else tokens


def content_terms(title: str, text: str) -> dict[str, float]:
    """Counts of the words that can be evidence: no stop words, no one-letter tokens (digits are kept)."""
    stop = stopwords()
    counts: Counter[str] = Counter()
    for weight, part in ((TITLE_TERM_WEIGHT, title), (1, text)):
        kept = [w for w in words(part) if (len(w) > 1 or w.isdigit()) and w not in stop]
        if weight == 1:
            counts.update(kept)  # counted in C; the same counts, keys in the same first-seen order
        else:
            for w in kept:
                counts[w] += weight
    # interned: a corpus repeats its vocabulary in every article's dict and in the df counters, and one shared string
    # per word instead of one per occurrence saves ~1 KB per article (interned once per distinct word, not per use)
    return {sys.intern(w): float(c) for w, c in counts.items()}


def make_minhash(text: str, num_perm: int = MINHASH_PERMUTATIONS) -> Any:
    """LeanMinHash of the word ``SHINGLE_WORDS``-grams of ``text``; None for texts too short to shingle."""
    from datasketch import LeanMinHash, MinHash

    tokens = words(text)
    if len(tokens) < SHINGLE_WORDS:
        return None
    permutations, scheme = _minhash_permutations(num_perm)
    mh = MinHash(num_perm=num_perm, seed=1, permutations=permutations, scheme=scheme, hashfunc=int)
    mh.update_batch(shingle_hashes(tokens).tolist())
    return LeanMinHash(mh)


#: Odd 64-bit multiplier of the rolling shingle hash (the golden-ratio constant: its bits are well mixed).
_SHINGLE_BASE = np.uint64(0x9E3779B97F4A7C15)


def shingle_hashes(tokens: Sequence[str]) -> npt.NDArray[np.uint64]:
    """A stable 32-bit hash of every word ``SHINGLE_WORDS``-gram: each word hashed once (and remembered across
    articles), the n-grams combined in numpy. Hashing every joined shingle with SHA-1, datasketch's default, took
    ~330 us for a 400-word article; this ~180 us with the tokenising. (Python's own ``hash`` is salted per process,
    so a MinHash would differ between runs.)"""
    hashes = np.fromiter((_word_hash(w) for w in tokens), dtype=np.uint64, count=len(tokens))
    n = len(tokens) - SHINGLE_WORDS + 1
    combined = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64 is the point
        for i in range(SHINGLE_WORDS):
            combined = combined * _SHINGLE_BASE + hashes[i : i + n]
    folded: npt.NDArray[np.uint64] = (combined ^ (combined >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return folded


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


@lru_cache(maxsize=4)
def _minhash_permutations(num_perm: int) -> tuple[Any, str]:
    """The seed-1 permutations, drawn once: datasketch draws them again for every MinHash it builds, a third of the
    cost of hashing a 400-word article (0.25 -> 0.17 ms measured; the hash values are identical)."""
    from datasketch import MinHash

    template = MinHash(num_perm=num_perm, seed=1)
    return template.permutations, str(template.scheme)


def entity_key(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(slots=True)
class TermStats:
    """Document frequencies of terms and entities over the articles seen so far (for idf weighting)."""

    n_docs: int = 0
    term_df: Counter[str] = field(default_factory=Counter)
    entity_df: Counter[str] = field(default_factory=Counter)
    #: the saved JSON key lists these were restored from, and how many keys each held (group/stored.py extends them)
    saved_keys: dict[str, tuple[bytes, int]] = field(default_factory=dict, repr=False, compare=False)

    #: idf of the terms asked for since the counts last changed: a run weighs each article once, with the same
    #: statistics throughout, and common terms recur in every article (a tenth of ``weigh`` was recomputing them)
    _term_idf: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def add(self, docs: Iterable[GroupDoc]) -> None:
        self._term_idf.clear()
        for doc in docs:
            self.n_docs += 1
            self.term_df.update(doc.terms.keys())
            self.entity_df.update({entity_key(e) for e in doc.entities})

    def term_idf(self, term: str) -> float:
        idf = self._term_idf.get(term)
        if idf is None:
            idf = self._term_idf[term] = _idf(self.n_docs, self.term_df.get(term, 0))
        return idf

    def entity_idf(self, name: str) -> float:
        return _idf(self.n_docs, self.entity_df.get(entity_key(name), 0))


def _idf(n_docs: int, df: int) -> float:
    # Smoothed idf (as scikit-learn's): never zero, so a word both articles share always counts for something.
    return math.log((1 + n_docs) / (1 + df)) + 1.0


@dataclass(slots=True)
class Weighted:
    """A document's idf-weighted sparse vectors, computed once per grouping run.

    ``local_terms`` are further weighted by how rare each term is among the article's nearest neighbours: the
    neighbourhood of an earthquake report is other earthquake reports, so "earthquake" and "magnitude" fade there while
    the town, the date and the death toll stand out. That is what tells two events of one kind apart.
    """

    terms: dict[str, float]
    term_norm: float
    local_terms: dict[str, float]
    local_norm: float
    lead: dict[str, float]
    lead_norm: float
    entities: dict[str, float]
    entity_norm: float
    years: frozenset[str]
    weekdays: frozenset[int]  # weekdays (0 = Monday) the title and lead name: see ``lead_weekdays``
    numbers: frozenset[str]  # numbers the title and lead cite, years left out: see ``lead_numbers``
    #: False when the text is in a script without capital letters (``names_readable``): nothing here finds names in
    #: it, so its entity, people and place features say nothing, for or against.
    names_readable: bool = True
    #: The mean of the article's lead sentence vectors and its norm, made by the similarity on first use (it is read
    #: by every pair the article is scored in).
    lead_mean: tuple[npt.NDArray[np.float32], np.floating[Any]] | None = field(default=None, repr=False, compare=False)


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


#: Types ``local_frequencies`` intersects with as they are (a type test: an ABC instance check costs more here).
_SET_TYPES: tuple[type, ...] = (set, frozenset, type({}.keys()))


def local_frequencies(neighbours: Iterable[GroupDoc], only: Collection[str] | None = None) -> tuple[Counter[str], int]:
    """Document frequencies of terms over an article's neighbourhood, and the neighbourhood size. With ``only`` (the
    article's own terms), just those are counted: ``weigh`` reads nothing else, and counting every term of 30
    neighbours was a tenth of a grouping run."""
    if only is not None:
        # one C-level set intersection per neighbour instead of a Python test per (term, neighbour), counted in one go
        own = only if type(only) in _SET_TYPES else set(only)
        shared = [doc.terms.keys() & own for doc in neighbours]
        return Counter(chain.from_iterable(shared)), len(shared)
    df: Counter[str] = Counter()
    n = 0
    for doc in neighbours:
        df.update(doc.terms.keys())
        n += 1
    return df, n


#: Characters of a text read to tell its script: the start is in the script of the rest, and a few hundred letters
#: decide it (weigh runs once per article and grouping run, so this stays a few microseconds).
NAME_SCRIPT_SAMPLE = 600


def names_readable(text: str) -> bool:
    """Whether entity extraction can find names in ``text`` at all. It reads names by capitalisation (and spaCy in
    English and French): in a script without capital letters (Arabic, Hebrew, Chinese, Japanese, Korean, Thai,
    Devanagari ...) it finds nothing, so "no shared entity" there is missing evidence, not a difference. True when at
    least half the letters of the text's start have case, or when it has no letters."""
    sample = text[:NAME_SCRIPT_SAMPLE]
    if sample.isascii():
        return True
    cased = caseless = 0
    for ch in sample:
        if ch.isalpha():
            if ch.lower() != ch.upper():
                cased += 1
            else:
                caseless += 1
    return cased >= caseless


def weigh(doc: GroupDoc, stats: TermStats, local: tuple[Counter[str], int] | None = None) -> Weighted:
    """Weighted vectors of ``doc``; without ``local`` (no neighbourhood known) local weights equal global ones."""
    # Sublinear tf: a name repeated ten times is not ten times the evidence.
    terms = {t: (1.0 + math.log(c)) * stats.term_idf(t) for t, c in doc.terms.items() if c > 0}
    lead = {t: (1.0 + math.log(c)) * stats.term_idf(t) for t, c in doc.lead_terms.items() if c > 0}
    if local is None or local[1] < LOCAL_MIN_NEIGHBOURS:
        local_terms = terms
    else:
        df, n = local
        # +2 counts the article itself and smooths: a term in every neighbour keeps a small positive weight.
        local_terms = {t: w * math.log((n + 2) / (1 + df.get(t, 0))) for t, w in terms.items()}
    ents = _weigh_entities(doc.entities, stats)
    return Weighted(
        terms=terms,
        term_norm=_norm(terms),
        local_terms=local_terms,
        local_norm=_norm(local_terms),
        lead=lead,
        lead_norm=_norm(lead),
        entities=ents,
        entity_norm=_norm(ents),
        years=frozenset(t for t in doc.terms if _YEAR.match(t)),
        weekdays=lead_weekdays(doc.lead_terms),
        numbers=lead_numbers(doc.lead_terms, doc.language),
        names_readable=names_readable(f"{doc.title}\n{doc.text[:NAME_SCRIPT_SAMPLE]}"),
    )


def lead_weekdays(lead_terms: Collection[str]) -> frozenset[int]:
    """Weekdays named in an article's title and lead words: where news says when its happening happened ("on
    Thursday"). Two reports whose leads name only different weekdays are seldom about one happening (ECB+ topics 1-35,
    within-topic pairs: same event 0.28 of the time when disjoint, 0.50 when either names none, 0.73 when shared)."""
    days: set[int] = set()
    for term in lead_terms:
        day = WEEKDAY_NUMBERS.get(term)
        if day is None and len(term) > 6:
            for suffix in WEEKDAY_COMPOUND_SUFFIXES:
                if term.endswith(suffix):
                    day = WEEKDAY_NUMBERS.get(term[: -len(suffix)])
                    if day is not None:
                        break
        if day is not None:
            days.add(day)
    return frozenset(days)


#: Fewest digits a lead number needs to count: one-digit counts ("2 people", "3 cars") recur in unrelated reports of
#: one kind, while ages, amounts, times and tolls of two or more digits are what one happening's reports repeat. On
#: ECB+ within-topic pairs (all topics, measured before fitting): leads sharing such a number are one event 0.89 of the
#: time, 0.31 when both cite some and none match, 0.47 when either cites none; with one-digit numbers too: 0.83 /
#: 0.30 / 0.46.
MIN_NUMBER_DIGITS = 2


def lead_numbers(lead_terms: Collection[str], language: str | None = None) -> frozenset[str]:
    """Numbers in an article's title and lead, written one way across languages and scripts: read by the comparison
    stage's ``parse_number`` in the article's language ("7.500" in German and "7,500" in English are 7500, "1,5" and
    "1.5" are 1.5, "٣٠" is 30); years are left out (they are ``years``). Reports of one happening repeat its ages,
    amounts, times and tolls; two happenings of one kind cite different ones."""
    numbers: set[str] = set()
    for term in lead_terms:
        number = _normal_number(term, language)
        if number is not None and not _YEAR.match(number):
            numbers.add(number)
    return frozenset(numbers)


def _normal_number(term: str, language: str | None) -> str | None:
    """``term`` (a token of ``words``: decimal digits of any script with inner . or ,) as a plain number with at least
    ``MIN_NUMBER_DIGITS`` digits, or None. Superscripts and other digit-like signs ("²") are not numbers."""
    if not term or not term[0].isdecimal() or not all(c.isdecimal() or c in ".," for c in term):
        return None
    if sum(c.isdecimal() for c in term) < MIN_NUMBER_DIGITS:
        return None
    value = parse_number(term, language)
    if value is None or not math.isfinite(value):
        return None
    return f"{value:f}".rstrip("0").rstrip(".") or "0"  # one spelling per value: "7500", "1.5"


def _weigh_entities(entities: dict[str, float], stats: TermStats) -> dict[str, float]:
    weighted: dict[str, float] = {}
    for name, w in entities.items():
        if w > 0:
            key = entity_key(name)
            weighted[key] = weighted.get(key, 0.0) + (1.0 + math.log1p(w)) * stats.entity_idf(name)
    return weighted


def prepare(doc: GroupDoc) -> GroupDoc:
    """Fill the terms derivable from the text when the caller did not; returns ``doc``. (The MinHash is made on first
    use, ``minhash_of``: only pairs likely to be copies need it.)"""
    if not doc.terms:
        doc.terms = content_terms(doc.title, doc.text)
    if not doc.lead_terms:
        doc.lead_terms = content_terms(doc.title, " ".join(doc.text.split()[:LEAD_WORDS]))
    return doc


#: ``GroupDoc.minhash`` once made for a text too short to shingle (None means "not made yet").
NO_MINHASH = False


def minhash_of(doc: GroupDoc) -> Any:
    """The article's MinHash, made on first use and kept on ``doc``; None for a text too short to shingle."""
    if doc.minhash is None:
        doc.minhash = (make_minhash(doc.text) if doc.text else None) or NO_MINHASH
    return None if doc.minhash is NO_MINHASH else doc.minhash


#: Mention types that name a place: they feed the geography dimension as well as the entity evidence.
PLACE_TYPES = frozenset({"GPE", "LOC"})


def entities_from_mentions(mentions: Iterable[Mention]) -> tuple[dict[str, float], set[str]]:
    """(canonical name -> mention count, canonical place names) from an article's entity mentions."""
    counts: Counter[str] = Counter()
    places: set[str] = set()
    for m in mentions:
        if m.canonical.strip():
            counts[m.canonical] += 1
            if m.type in PLACE_TYPES:
                places.add(m.canonical)
    return {k: float(v) for k, v in counts.items()}, places


def lead_people_from_mentions(
    mentions: Iterable[Mention], title: str = "", lead_sentences: int = LEAD_SENTENCES
) -> set[str]:
    """Canonical names of the people mentioned in the first ``lead_sentences`` sentences or in ``title``: titles are
    not annotated on their own, but name people the body then names in full ("Jackson" in a title, "Vincent
    Jackson" below), so a person counts when any of its surface forms in the body appears in the title."""
    people: set[str] = set()
    folded_title = title.casefold()
    for m in mentions:
        if m.type != "PERSON" or not m.canonical.strip() or m.canonical in people:
            continue
        if m.sentence_index < lead_sentences or _contains_words(folded_title, m.text.casefold()):
            people.add(m.canonical)
    return people


def _contains_words(haystack: str, needle: str) -> bool:
    r"""``needle`` occurs in ``haystack`` as whole words (not inside a longer word): what the pattern
    ``(?<!\w)needle(?!\w)`` finds, without compiling one pattern per name (a regex per person mention was 2,772
    compiles on the 772 ECB+ articles, ~0.3 s of grouping's single-core time, as re's cache holds only 512)."""
    if not needle.strip():
        return False
    end = len(needle)
    start = haystack.find(needle)
    while start >= 0:
        before, after = start - 1, start + end
        if (before < 0 or not _is_word_char(haystack[before])) and (
            after >= len(haystack) or not _is_word_char(haystack[after])
        ):
            return True
        start = haystack.find(needle, start + 1)
    return False


def _is_word_char(char: str) -> bool:
    r"""What ``\w`` matches in a str pattern: a letter, a digit or numeric character, or the underscore."""
    return char.isalnum() or char == "_"


def load_minhash() -> None:
    """Import the MinHash library now rather than when grouping first looks for a copy: it pulls in scipy, ~0.5 s
    in the process that groups (``run`` does this while ingest is still reading)."""
    import datasketch  # noqa: F401


def build_group_doc(
    id: str,
    title: str,
    text: str,
    sentences: Sequence[str],
    *,
    embedder: Embedder | None,
    language: str | None = None,
    published: datetime | None = None,
    event_date: date | None = None,
    mentions: Iterable[Mention] = (),
) -> GroupDoc:
    """A ready-to-group record from an article's parts; the embedding is skipped when ``embedder`` is None.

    An article in a language the embedder was not trained on still gets vectors, but marked untrusted: grouping then
    relies on its names, numbers and dates, and says so in a warning.
    """
    mentions = list(mentions)
    entities, places = entities_from_mentions(mentions)
    doc = GroupDoc(
        id=id,
        title=title,
        text=text,
        language=language,
        published=published,
        event_date=event_date,
        entities=entities,
        lead_people=lead_people_from_mentions(mentions, title),
        places=places,
    )
    if embedder is not None:
        doc.embedding, doc.sentence_embeddings = embed_article(embedder, title, sentences)
        doc.embedding_trusted = covers(embedder, language)
    return prepare(doc)
