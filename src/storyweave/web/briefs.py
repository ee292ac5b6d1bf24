"""Story briefs for the web: the compare stage's brief when it is installed, else one built from the store alone.

Computing a brief loads models, so the models are loaded once per app, lazily, and used by one request at a time; a
brief is cached per story membership, so a story is compared again only when it gains (or loses) an article.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from starlette.concurrency import run_in_threadpool

from ..compare.brief import BriefEntity, StoryBrief, brief_article
from ..compare.material import StoryMaterial
from ..embed.factory import DEFAULT_EMBEDDER, make_embedder
from ..errors import StoryweaveError
from ..pipeline import Models, check_embedder, load_story_material, passage_embedder
from ..store import Store
from ..types import Article
from .service import StoreAccess

log = logging.getLogger(__name__)

#: ``build_brief(material)``; when it also takes ``embed`` (texts -> unit rows), the app's loaded embedder is passed so
#: models load once per app.
BuildBrief = Callable[..., StoryBrief]

#: Briefs kept in memory. One brief is a few kB to a few hundred kB (evidence sentences); 512 covers every story a
#: reader opens in a session of the sample corpus and the most visited stories of a large store, in well under 100 MB.
BRIEF_CACHE_SIZE = 512


@dataclass(slots=True, frozen=True)
class ClaimCounts:
    corroborated: int
    single_source: int
    conflicting: int
    updated: int = 0  # a figure that changed between reports of different times (not a contradiction)

    @property
    def total(self) -> int:
        return self.corroborated + self.single_source + self.conflicting + self.updated


@dataclass(slots=True)
class StoryView:
    """A story as the pages show it: the brief, its members' full articles, and whether claims were compared."""

    brief: StoryBrief
    articles: list[Article]
    compared: bool
    note: str = ""  # why claims are missing, when they are
    #: Rendered story pages by reader language: a page depends only on the view, so it is rendered once per view.
    pages: dict[str, str] = field(default_factory=dict)


def find_build_brief() -> BuildBrief | None:
    """``storyweave.compare.build.build_brief`` when that module exists; the web UI degrades without it."""
    try:
        module = importlib.import_module("storyweave.compare.build")
    except ImportError:
        return None
    builder = getattr(module, "build_brief", None)
    return builder if callable(builder) else None


def _call_builder(builder: BuildBrief, material: StoryMaterial, models: Models) -> StoryBrief:
    try:
        takes_embed = "embed" in inspect.signature(builder).parameters
    except (TypeError, ValueError):  # a builtin or C callable without a signature
        takes_embed = False
    if takes_embed:
        return builder(material, embed=lambda texts: models.embedder.embed(texts))
    return builder(material)


def claim_counts(brief: StoryBrief) -> ClaimCounts:
    statuses = Counter(c.status for c in brief.claims)
    return ClaimCounts(
        statuses["corroborated"], statuses["single_source"], statuses["conflicting"], statuses["updated"]
    )


def store_brief(story_id: str, articles: list[Article], store: Store) -> StoryBrief:
    """What the store alone says about a story: members, languages, entities, event date; no claims or quotes."""
    copies = store.copies([a.id for a in articles])
    entity_articles: dict[str, set[str]] = {}
    entity_aliases: dict[str, set[str]] = {}
    entity_types: dict[str, Counter[str]] = {}
    event_dates: Counter[str] = Counter()
    for article in articles:
        for mention in store.mentions(article.id):
            entity_articles.setdefault(mention.canonical, set()).add(article.id)
            entity_types.setdefault(mention.canonical, Counter())[mention.type] += 1
            if mention.text != mention.canonical:
                entity_aliases.setdefault(mention.canonical, set()).add(mention.text)
        day = store.event_date(article.id)
        if day is not None:
            event_dates[day.isoformat()] += 1
    entities = [
        BriefEntity(
            name=name,
            type=entity_types[name].most_common(1)[0][0],
            aliases=sorted(entity_aliases.get(name, set())),
            articles=sorted(members),
        )
        for name, members in entity_articles.items()
    ]
    entities.sort(key=lambda e: (-len(e.articles), e.name.casefold()))
    return StoryBrief(
        story_id=story_id,
        title=articles[0].title if articles else "",
        event_date=event_dates.most_common(1)[0][0] if event_dates else None,
        languages=sorted({a.language for a in articles if a.language}),
        articles=[brief_article(a, copies) for a in articles],
        independent_sources=sum(1 for a in articles if a.id not in copies),
        entities=entities,
        quotes=[],
        claims=[],
        summary=[],
    )


class BriefService:
    def __init__(
        self,
        access: StoreAccess,
        *,
        embedder: str = DEFAULT_EMBEDDER,
        builder: BuildBrief | None = None,
        use_compare: bool = True,
    ) -> None:
        self._access = access
        self._embedder = embedder
        self._builder = builder
        self._use_compare = use_compare
        self._models: Models | None = None
        #: Guards loading and using the models: spaCy and the embedder are not meant for concurrent calls.
        self.models_lock = threading.RLock()
        self._cache: OrderedDict[tuple[str, tuple[str, ...]], StoryView] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._counts: dict[str, tuple[int, ClaimCounts]] = {}

    def builder(self) -> BuildBrief | None:
        if self._builder is not None:
            return self._builder
        return find_build_brief() if self._use_compare else None

    def models(self) -> Models:
        """The app's models, built on first use (the models themselves load lazily on their first call)."""
        with self.models_lock:
            if self._models is None:
                self._models = Models(embedder=make_embedder(self._embedder), passages=passage_embedder())
            return self._models

    def cached(self, story_id: str) -> StoryView | Literal[False] | None:
        """The cached view of a story (cheap: two indexed queries), None when it must be computed, False when the
        story does not exist. Lets an async handler answer from the cache and send only misses to a worker thread."""
        store = self._access.store()
        live = store.resolve_story(story_id)
        if live is None:
            return False
        key = (live, tuple(store.story_member_ids(live)))
        with self._cache_lock:
            view = self._cache.get(key)
            if view is not None:
                self._cache.move_to_end(key)
            return view

    def story(self, story_id: str) -> StoryView | None:
        """The story's view, computed (and cached) when needed; None for an unknown story. May take seconds."""
        store = self._access.store()
        live = store.resolve_story(story_id)
        if live is None:
            return None
        members = tuple(store.story_member_ids(live))
        key = (live, members)
        # One computation at a time (the models are shared); a request that waited here for another computing the
        # same story finds it in the cache instead of computing it again.
        with self.models_lock:
            with self._cache_lock:
                cached = self._cache.get(key)
                if cached is not None:
                    self._cache.move_to_end(key)
                    return cached
            view = self._compute(live, members, store)
            with self._cache_lock:
                self._cache[key] = view
                while len(self._cache) > BRIEF_CACHE_SIZE:
                    self._cache.popitem(last=False)
                if view.compared:
                    self._counts[live] = (len(members), claim_counts(view.brief))
        return view

    async def view(self, story_id: str) -> StoryView | None:
        """For async handlers: the cached view at once, else computed in a worker thread (loading models may take
        seconds and must not stall the event loop). The cache lookup queries the store, so it runs in a worker
        thread too: a round trip to a database server on the event loop serialised every request (web_load.py on
        PostgreSQL: p99 1.1-1.6 s at 50 concurrent)."""
        found = await run_in_threadpool(self.cached, story_id)
        if found is False:
            return None
        if found is not None:
            return found
        return await run_in_threadpool(self.story, story_id)

    def counts(self, story_id: str, size: int) -> ClaimCounts | None:
        """Claim counts of a story already compared at its current size; listings never compute briefs."""
        entry = self._counts.get(story_id)
        return entry[1] if entry is not None and entry[0] == size else None

    def warm(self, story_ids: list[str]) -> threading.Thread:
        """Compare these stories in a background thread, so listings can show their claim bars."""

        def run() -> None:
            for story_id in story_ids:
                try:
                    self.story(story_id)
                except Exception:  # warming is best effort; the page that needs the brief reports any failure
                    log.warning("could not compare story %s in the background", story_id, exc_info=True)

        thread = threading.Thread(target=run, name="storyweave-brief-warmup", daemon=True)
        thread.start()
        return thread

    def _compute(self, live: str, members: tuple[str, ...], store: Store) -> StoryView:
        articles = [a for a in (store.get_article(m) for m in members) if a is not None]
        fallback = store_brief(live, articles, store)
        builder = self.builder()
        if builder is None:
            return StoryView(fallback, articles, compared=False, note="claim comparison is not installed")
        try:
            with self.models_lock:
                models = self.models()
                check_embedder(store, models)
                material = load_story_material(store, live, models)
                if material is None:
                    return StoryView(fallback, articles, compared=False, note="story vanished while loading")
                brief = _call_builder(builder, material, models)
        except StoryweaveError as exc:
            return StoryView(fallback, articles, compared=False, note=f"claims could not be compared: {exc}")
        except Exception as exc:
            # A bug in the compare stage must not take the page down: the reader still gets the sources side by side,
            # and the log keeps the traceback for the developers.
            log.exception("comparing story %s failed", live)
            return StoryView(fallback, articles, compared=False, note=f"claims could not be compared ({exc!r})")
        return StoryView(brief, articles, compared=True)
