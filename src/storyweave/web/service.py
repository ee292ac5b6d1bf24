"""What the web layer asks of a store, shared by the JSON API and the HTML pages.

A web server answers from many threads while ``sqlite3`` connections belong to the thread that opened them, so each
worker thread opens its own store (WAL lets any number of readers run beside one writer). Listings are answered from a
snapshot of the story table that is rebuilt only when the store changes; briefs are cached per story membership.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..store import ItemProblem, Store, open_store
from ..store.base import StorySummary
from ..types import Article

log = logging.getLogger(__name__)

#: Article hits read from full-text search before they are folded into stories (a search's total counts the stories
#: among these). Each hit costs ~25 us (snippet, sentence count), so 300 keep a search of a word found in 2,000 of the
#: 10k benchmark articles under 10 ms, and still fill 3 pages of MAX_PAGE_SIZE stories when stories have 1-3 hits.
SEARCH_ARTICLE_LIMIT = 300
#: Searches remembered per store state: readers page through and refine the same few queries; 256 results of at most
#: SEARCH_ARTICLE_LIMIT story ids and snippets are a few MB.
SEARCH_CACHE_SIZE = 256
#: Largest page a client may ask for: big enough for a dashboard, small enough that one request stays fast.
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


@dataclass(slots=True, frozen=True)
class StoryFilters:
    """What a reader narrows the story list with; every field is optional."""

    q: str = ""
    language: str = ""
    source: str = ""
    date_from: date | None = None
    date_to: date | None = None
    min_sources: int = 1

    def active(self) -> bool:
        return bool(self.q or self.language or self.source or self.date_from or self.date_to or self.min_sources > 1)


@dataclass(slots=True)
class StoryIndex:
    """One consistent snapshot of the story table, with what listings and filters need."""

    stories: list[StorySummary]
    by_id: dict[str, StorySummary]
    story_of: dict[str, str]  # article id -> story id
    languages: list[str]
    sources: list[str]


@dataclass(slots=True)
class StoryPage:
    total: int
    offset: int
    limit: int
    stories: list[StorySummary]
    snippets: dict[str, str] = field(default_factory=dict)  # story id -> best full-text snippet, when searching


def _day(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def matches(story: StorySummary, filters: StoryFilters) -> bool:
    """Whether a story passes the non-text filters; its date span must overlap the asked range."""
    if filters.language and filters.language.lower() not in story.languages:
        return False
    if filters.source and filters.source.casefold() not in (s.casefold() for s in story.sources):
        return False
    if story.independent_sources < filters.min_sources:
        return False
    first, last = _day(story.first_seen), _day(story.last_seen)
    if filters.date_from and (last is None or last < filters.date_from):
        return False
    return not (filters.date_to and (first is None or first > filters.date_to))


class StoreAccess:
    """Per-thread stores over one database, a cached story snapshot, and a lock for writers."""

    def __init__(self, db: Path | str, opener: Callable[[Path | str], Store] = open_store) -> None:
        self.db = db
        self._opener = opener
        self._local = threading.local()
        self._opened: list[Store] = []
        self._opened_lock = threading.Lock()
        self._index: tuple[tuple[object, ...], StoryIndex] | None = None
        self._index_lock = threading.Lock()
        self._searches: OrderedDict[tuple[str, tuple[object, ...]], list[tuple[str, str]]] = OrderedDict()
        self._search_lock = threading.Lock()
        #: One writer at a time: ingest batches from two requests would otherwise interleave their grouping.
        self.write_lock = threading.Lock()

    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._opener(self.db)
            self._local.store = store
            with self._opened_lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for store in opened:
            try:
                store.close()
            except Exception:  # a connection owned by a finished worker thread may refuse; it is freed with it
                log.debug("store of a finished thread not closed explicitly", exc_info=True)

    def state(self) -> tuple[object, ...]:
        """A token that changes whenever the store is written: the store's own revision where it has one (a database
        server's: one round trip per request), else the article count and the file sizes and times of the database
        and its WAL."""
        store = self.store()
        revision = store.revision()
        if revision is not None:
            return (revision,)
        parts: list[object] = [store.count_articles()]
        for suffix in ("", "-wal"):
            try:
                info = os.stat(f"{self.db}{suffix}")
            except OSError:
                continue
            parts.extend((info.st_mtime_ns, info.st_size))
        return tuple(parts)

    def index(self) -> StoryIndex:
        state = self.state()
        cached = self._index
        if cached is not None and cached[0] == state:
            return cached[1]
        with self._index_lock:
            cached = self._index
            if cached is not None and cached[0] == state:
                return cached[1]
            store = self.store()
            stories = store.list_stories()
            index = StoryIndex(
                stories=stories,
                by_id={s.id: s for s in stories},
                story_of=dict(store.assignments()),
                languages=sorted({lang for s in stories for lang in s.languages}),
                sources=sorted({src for s in stories for src in s.sources}, key=str.casefold),
            )
            self._index = (state, index)
            return index

    def list_stories(self, filters: StoryFilters, *, offset: int = 0, limit: int = DEFAULT_PAGE_SIZE) -> StoryPage:
        index = self.index()
        limit = max(1, min(limit, MAX_PAGE_SIZE))
        offset = max(0, offset)
        snippets: dict[str, str] = {}
        if filters.q.strip():
            found = self._search_stories(filters.q.strip(), index)
            snippets = dict(found)
            candidates = [index.by_id[story_id] for story_id, _ in found]
        else:
            candidates = index.stories
        selected = [s for s in candidates if matches(s, filters)]
        page = selected[offset : offset + limit]
        return StoryPage(
            total=len(selected),
            offset=offset,
            limit=limit,
            stories=page,
            snippets={s.id: snippets[s.id] for s in page if s.id in snippets},
        )

    def _search_stories(self, query: str, index: StoryIndex) -> list[tuple[str, str]]:
        """Stories whose articles match, best first, each with its best snippet; cached per store state."""
        key = (query, self.state())
        with self._search_lock:
            cached = self._searches.get(key)
            if cached is not None:
                self._searches.move_to_end(key)
                return cached
        found: dict[str, str] = {}
        for hit in self.store().search(query, limit=SEARCH_ARTICLE_LIMIT):
            story_id = index.story_of.get(hit.article.id)
            if story_id is not None and story_id in index.by_id and story_id not in found:
                found[story_id] = hit.snippet
        result = list(found.items())
        with self._search_lock:
            self._searches[key] = result
            while len(self._searches) > SEARCH_CACHE_SIZE:
                self._searches.popitem(last=False)
        return result

    def article(self, article_id: str) -> Article | None:
        return self.store().get_article(article_id)

    def problems(self, article_id: str) -> list[ItemProblem]:
        """What stages failed on this article (store/problems.py); empty for most."""
        return self.store().problems_of([article_id]).get(article_id, [])

    def story_of(self, article_id: str) -> str | None:
        return self.index().story_of.get(article_id)

    @contextmanager
    def writing(self) -> Iterator[Store]:
        with self.write_lock:
            yield self.store()
