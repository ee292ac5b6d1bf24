"""Grouping state kept between runs: what the next run needs, saved whole, and earlier articles loaded on first use.

A ``cluster`` run over a store used to reload every grouped article and rebuild the embedding and key indexes before
placing the new ones: on a 100k-article store, most of the run. Instead each run saves its indexes, term statistics
and neighbour lists (``dump_state``) in the same transaction as its grouping rows, with a fingerprint of what they
describe; the next run restores them (``load_state``) when the fingerprint still matches the store, and loads only
the earlier articles grouping touches (``LazyDocs``: candidates and their neighbourhoods). Everything restored is
exactly what a rebuild computes (candidates.EmbeddingIndex is a function of the vector sequence; key postings and
term counts are appended in position order), so the stories are the same either way.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import numpy.typing as npt

from ..errors import StoreError
from ..store.base import StateTail, StateValue
from .candidates import (
    HNSW_EF_CONSTRUCTION,
    HNSW_EF_SEARCH,
    HNSW_LINKS,
    INDEXED_TERMS,
    EmbeddingIndex,
    KeyIndex,
    json_list_extended,
)
from .features import GroupDoc, TermStats, local_frequencies, prepare
from .options import GroupOptions

if TYPE_CHECKING:
    from .cluster import GroupState

#: Version of the saved layout; a state saved in another layout is ignored (and rebuilt), never misread.
STATE_FORMAT = 3
#: Earlier articles per bulk load when a run fetches its likely candidates up front: the store's bulk loaders chunk
#: ``IN (...)`` queries at 500 ids, so one chunk is one query per table.
PREFETCH_CHUNK = 500


#: Loads earlier articles by id for ``LazyDocs``; the flag says whether their annotations (entities, event date) are
#: needed too, or come from ``SavedFacts``.
Loader = Callable[[list[str], bool], Iterable[GroupDoc]]


class LazyDocs(Sequence[GroupDoc]):
    """The articles of a grouping state by position: earlier runs' loaded from storage on first access; this run's
    held in memory.

    Grouping reads most earlier articles only for their term set (the neighbourhood an article's terms are weighted
    in) or their publication time (the candidate window), so those come from compact saved tables (``TermTable``,
    ``published``) and ``local_frequencies`` answers from them: a full article is loaded only when it is scored
    against a new one or sampled in a merge, and then with its term counts and neighbourhood counts from the tables
    instead of re-tokenising its text and recounting its neighbours.
    """

    def __init__(
        self,
        ids: Sequence[str],
        load: Loader,
        terms: TermTable,
        facts: SavedFacts | None = None,
    ) -> None:
        self._ids = list(ids)
        self._saved = len(self._ids)  # positions below this were placed by earlier runs
        self._load = load
        self._docs: list[GroupDoc | None] = [None] * len(self._ids)
        self.terms = terms
        #: the earlier articles' entities, times and lead terms, when saved (then ``load`` need not read them)
        self.facts = facts if facts is not None and facts.covers(self._saved) else None
        self.loaded = 0  # earlier articles loaded so far (for benchmarks)

    def __len__(self) -> int:
        return len(self._docs)

    @overload
    def __getitem__(self, index: int) -> GroupDoc: ...

    @overload
    def __getitem__(self, index: slice) -> list[GroupDoc]: ...

    def __getitem__(self, index: int | slice) -> GroupDoc | list[GroupDoc]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        doc = self._docs[index]
        if doc is None:
            position = index if index >= 0 else index + len(self._docs)
            self.prefetch([position])
            doc = self._docs[position]
            if doc is None:
                raise StoreError(
                    f"article {self._ids[position]} is grouped but can no longer be loaded; regroup into a new database"
                )
        return doc

    def __iter__(self) -> Iterator[GroupDoc]:
        for i in range(len(self._docs)):
            yield self[i]

    def extend(self, docs: Iterable[GroupDoc]) -> None:
        self._docs.extend(docs)

    @property
    def saved_count(self) -> int:
        return self._saved

    def published_at(self, position: int) -> datetime | None:
        """Publication time of the article at ``position``, without loading it when the table has it."""
        if self.facts is not None and position < self._saved:
            return self.facts.published(position)
        return self[position].published

    def saved(self, position: int) -> bool:
        """Whether the article at ``position`` was placed by an earlier run (its counts are in the tables)."""
        return position < len(self.terms) and self.terms.has_local

    def prefetch(self, positions: Iterable[int]) -> None:
        """Load the earlier articles at ``positions`` not loaded yet, with bulk queries."""
        wanted = sorted({p for p in positions if p < len(self._ids) and self._docs[p] is None})
        for start in range(0, len(wanted), PREFETCH_CHUNK):
            chunk = wanted[start : start + PREFETCH_CHUNK]
            found = {d.id: d for d in self._load([self._ids[p] for p in chunk], self.facts is None)}
            for p in chunk:
                doc = found.get(self._ids[p])
                if doc is not None:
                    if self.terms.has_counts and p < len(self.terms):
                        doc.terms = self.terms.counts_of(p)
                    if self.facts is not None:
                        self.facts.fill(doc, p)
                    prepare(doc)  # whatever the tables do not hold comes from the text
                self._docs[p] = doc
            self.loaded += len(chunk)

    def saved_local(self, position: int) -> tuple[Counter[str], int] | None:
        """The neighbourhood counts of an earlier run's article, as ``local_frequencies`` gave them when it was placed
        (its neighbours and their term sets never change afterwards)."""
        return self.terms.local_of(position)

    def local_frequencies(
        self, positions: Iterable[int], only: Collection[str] | None = None
    ) -> tuple[Counter[str], int]:
        """``features.local_frequencies`` of the articles at ``positions``, without loading them."""
        in_memory: list[GroupDoc] = []
        saved: list[int] = []
        for p in positions:
            doc = self._docs[p]
            if doc is None:
                saved.append(p)
            else:
                in_memory.append(doc)
        df, n = local_frequencies(in_memory, only)
        if saved:
            df.update(self.terms.frequencies(saved, only))
        return df, n + len(saved)


#: Marks a publication time not parsed yet (None is a parsed "unknown").
_UNPARSED = object()


@dataclass(slots=True)
class SavedFacts:
    """What grouping reads of each earlier article besides its text, terms and vectors, saved by position: with it
    a restored run loads an earlier article from two bulk queries (text, vectors) instead of also reading and
    recounting its entity mentions (a few dozen rows per real article)."""

    lead_terms: TermTable
    entities: TermTable  # canonical name -> weight, in the article's order
    places: TermTable  # names only (weights 1)
    people: TermTable  # the people of the title and lead, names only
    published_iso: list[str | None]  # ISO strings, parsed when asked for: a run reads a few percent of them
    event_dates_iso: list[str | None]
    published_json: bytes  # the saved JSON lists, extended on dump instead of encoded again
    event_dates_json: bytes
    _parsed: dict[int, datetime | None] = field(default_factory=dict)

    def published(self, position: int) -> datetime | None:
        moment = self._parsed.get(position, _UNPARSED)
        if moment is _UNPARSED:
            text = self.published_iso[position]
            moment = self._parsed[position] = None if text is None else datetime.fromisoformat(text)
        return moment  # type: ignore[return-value]

    def covers(self, count: int) -> bool:
        tables = (self.lead_terms, self.entities, self.places, self.people)
        return (
            all(len(t) == count and t.has_counts for t in tables)
            and len(self.published_iso) == len(self.event_dates_iso) == count
        )

    def fill(self, doc: GroupDoc, position: int) -> None:
        doc.lead_terms = self.lead_terms.counts_of(position)
        doc.entities = self.entities.counts_of(position)
        doc.places = set(self.places.counts_of(position))
        doc.lead_people = set(self.people.counts_of(position))
        text = self.event_dates_iso[position]
        doc.event_date = None if text is None else date.fromisoformat(text)

    @classmethod
    def load(cls, saved: dict[str, bytes]) -> SavedFacts | None:
        tables = [TermTable.load(saved, name) for name in ("lead", "entities", "places", "people")]
        if any(t is None for t in tables) or "published" not in saved or "event_dates" not in saved:
            return None
        lead, entities, places, people = (t for t in tables if t is not None)
        published, event_dates = json.loads(saved["published"]), json.loads(saved["event_dates"])
        return cls(lead, entities, places, people, published, event_dates, saved["published"], saved["event_dates"])


def facts_dump(docs: Sequence[GroupDoc], old: SavedFacts | None) -> dict[str, StateValue]:
    """The ``SavedFacts`` tables of ``old``'s articles followed by ``docs`` (all of them when ``old`` is None); with
    ``old`` (as read from the store), as extensions of what was read."""

    def names(values: Iterable[str]) -> dict[str, float]:
        return dict.fromkeys(sorted(values), 1.0)  # sorted: a set's order depends on how it was built

    base = old or SavedFacts(TermTable([]), TermTable([]), TermTable([]), TermTable([]), [], [], b"[]", b"[]")
    extend = old is not None
    return {
        **base.lead_terms.extended(d.lead_terms for d in docs).dump("lead", base.lead_terms),
        **base.entities.extended(d.entities for d in docs).dump("entities", base.entities),
        **base.places.extended(names(d.places) for d in docs).dump("places", base.places),
        **base.people.extended(names(d.lead_people) for d in docs).dump("people", base.people),
        "published": json_extension(base.published_json, [_iso(d.published) for d in docs], extend),
        "event_dates": json_extension(base.event_dates_json, [_iso(d.event_date) for d in docs], extend),
    }


#: An article's neighbourhood counts as ``TermTable`` keeps them: each of its terms' document frequency among its
#: neighbours, in the order of its terms, and how many neighbours there were.
LocalCounts = tuple[Sequence[int], int]


def local_counts(terms: dict[str, float], local: tuple[Counter[str], int] | None) -> LocalCounts | None:
    """``local_frequencies``' answer for an article, in the form ``TermTable`` keeps."""
    if local is None:
        return None
    df, n = local
    return array("i", [df.get(t, 0) for t in terms]), n


class TermTable:
    """The terms of each article by position, as ids into one vocabulary: what neighbourhood weighting reads, and,
    when kept, each term's count in the article (``counts``) and in its neighbourhood (``local``), so an earlier
    article is weighted again without its text. Every array only grows at its end between runs (stored parts)."""

    def __init__(
        self,
        vocabulary: list[str],
        offsets: npt.NDArray[np.int64] | None = None,
        ids: npt.NDArray[np.int32] | None = None,
        counts: npt.NDArray[np.float32] | None = None,
        local: npt.NDArray[np.int32] | None = None,
        neighbourhood: npt.NDArray[np.int32] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        #: the saved JSON of the first ``len`` vocabulary entries, extended on dump instead of encoding it again
        self.vocabulary_json: tuple[bytes, int] | None = None
        self._ids_of: dict[str, int] | None = None
        self.offsets = np.zeros(1, dtype=np.int64) if offsets is None else offsets
        self.ids = np.zeros(0, dtype=np.int32) if ids is None else ids
        self.counts = counts
        self.local = local
        self.neighbourhood = neighbourhood  # neighbourhood size of each article (the ``n`` of local_frequencies)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @property
    def has_counts(self) -> bool:
        return self.counts is not None and len(self.counts) == len(self.ids)

    @property
    def has_local(self) -> bool:
        return (
            self.has_counts
            and self.local is not None
            and len(self.local) == len(self.ids)
            and self.neighbourhood is not None
            and len(self.neighbourhood) == len(self)
        )

    def counts_of(self, position: int) -> dict[str, float]:
        """The article's term counts, as ``features.content_terms`` made them (same order, same values)."""
        assert self.counts is not None
        lo, hi = int(self.offsets[position]), int(self.offsets[position + 1])
        vocabulary = self.vocabulary
        return {vocabulary[i]: c for i, c in zip(self.ids[lo:hi].tolist(), self.counts[lo:hi].tolist(), strict=True)}

    def local_of(self, position: int) -> tuple[Counter[str], int] | None:
        """Neighbourhood counts of the article's terms and the neighbourhood size; None when it had no neighbours."""
        assert self.local is not None and self.neighbourhood is not None
        if self.neighbourhood[position] < 0:
            return None
        lo, hi = int(self.offsets[position]), int(self.offsets[position + 1])
        vocabulary = self.vocabulary
        counts = Counter(
            {vocabulary[i]: c for i, c in zip(self.ids[lo:hi].tolist(), self.local[lo:hi].tolist(), strict=True) if c}
        )
        return counts, int(self.neighbourhood[position])

    def frequencies(self, positions: Sequence[int], only: Collection[str] | None = None) -> dict[str, int]:
        """How many of the articles at ``positions`` have each term (only the terms in ``only``, when given)."""
        rows = [self.ids[self.offsets[p] : self.offsets[p + 1]] for p in positions]
        merged = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
        values, counts = np.unique(merged, return_counts=True)
        vocabulary = self.vocabulary
        if only is None:
            return {vocabulary[v]: c for v, c in zip(values.tolist(), counts.tolist(), strict=True)}
        index = self._index()
        wanted = [(t, i) for t in only if (i := index.get(t)) is not None]
        if not wanted or not len(values):
            return {}
        ids = np.asarray([i for _, i in wanted], dtype=values.dtype)
        at = np.minimum(np.searchsorted(values, ids), len(values) - 1)
        found = values[at] == ids
        return {t: c for (t, _), c, hit in zip(wanted, counts[at].tolist(), found.tolist(), strict=True) if hit}

    def _index(self) -> dict[str, int]:
        """Term -> id, built on first use (``extended`` adds the terms it appends)."""
        if self._ids_of is None:
            self._ids_of = {t: i for i, t in enumerate(self.vocabulary)}
        return self._ids_of

    def extended(
        self, rows: Iterable[dict[str, float]], local: Iterable[LocalCounts | None] | None = None
    ) -> TermTable:
        """This table with more articles' terms appended (new terms join the vocabulary); with ``local``, their
        neighbourhood counts too (per article: each term's count in term order and the neighbourhood size, or None
        when it had no neighbourhood).

        The new table shares this one's vocabulary list and term index, extended in place (copying them cost a tenth
        of a second per table on a 100k-article state): this table stays correct, as its rows never hold the ids of
        the terms added, but it is the new table that should be used from here on."""
        vocabulary = self.vocabulary
        index = self._index()
        lengths: list[int] = []
        ids: list[int] = []
        counts: list[float] = []
        local_counts: list[int] = []
        sizes: list[int] = []
        locals_ = iter(local) if local is not None else None
        for terms in rows:
            neighbourhood = next(locals_) if locals_ is not None else None
            for term, count in terms.items():
                i = index.get(term)
                if i is None:
                    i = index[term] = len(vocabulary)
                    vocabulary.append(term)
                ids.append(i)
                counts.append(count)
            if neighbourhood is not None:
                local_counts.extend(neighbourhood[0])
            else:
                local_counts.extend([0] * len(terms))
            lengths.append(len(terms))
            sizes.append(neighbourhood[1] if neighbourhood is not None else -1)
        offsets = np.concatenate([self.offsets, self.offsets[-1] + np.cumsum(lengths, dtype=np.int64)])
        table = TermTable(vocabulary, offsets, np.concatenate([self.ids, np.asarray(ids, dtype=np.int32)]))
        table._ids_of = index
        table.vocabulary_json = self.vocabulary_json
        if self.has_counts or len(self) == 0:
            table.counts = np.concatenate([self.counts_array(), np.asarray(counts, dtype=np.float32)])
        if local is not None and (self.has_local or len(self) == 0):
            assert self.local is not None or len(self) == 0
            old_local = self.local if self.local is not None else np.zeros(0, dtype=np.int32)
            old_sizes = self.neighbourhood if self.neighbourhood is not None else np.zeros(0, dtype=np.int32)
            table.local = np.concatenate([old_local, np.asarray(local_counts, dtype=np.int32)])
            table.neighbourhood = np.concatenate([old_sizes, np.asarray(sizes, dtype=np.int32)])
        return table

    def counts_array(self) -> npt.NDArray[np.float32]:
        return self.counts if self.counts is not None else np.zeros(0, dtype=np.float32)

    def dump(self, prefix: str, since: TermTable | None = None) -> dict[str, StateValue]:
        """The table as named byte strings; every one only grows at its end when articles are appended (the vocabulary
        is a JSON list: new terms go before its closing bracket). With ``since``, the table as ``load`` read it from
        the store that this one extends, values are given as extensions of what was read (``StateTail``)."""
        loaded = since if since is not None and since.vocabulary_json is not None else None
        if self.vocabulary_json is not None:
            saved, count = self.vocabulary_json
            vocabulary = json_extension(saved, self.vocabulary[count:], extend=loaded is not None)
        else:
            vocabulary = json.dumps(self.vocabulary, ensure_ascii=False).encode()

        arrays: list[tuple[str, npt.NDArray[Any] | None, str]] = [
            ("offsets", self.offsets, "<i8"),
            ("ids", self.ids, "<i4"),
        ]
        if self.has_counts:
            arrays.append(("counts", self.counts_array(), "<f4"))
        if self.has_local:
            arrays += [("local", self.local, "<i4"), ("neighbourhood", self.neighbourhood, "<i4")]
        out: dict[str, StateValue] = {f"{prefix}.vocabulary": vocabulary}
        for name, new, dtype in arrays:
            if new is not None:
                old = getattr(loaded, name) if loaded is not None else None
                out[f"{prefix}.{name}"] = array_extension(new, old, dtype)
        return out

    @classmethod
    def load(cls, saved: dict[str, bytes], prefix: str) -> TermTable | None:
        if f"{prefix}.vocabulary" not in saved:
            return None

        def array(name: str, dtype: str, out: type[np.generic]) -> Any:
            # read in place (read-only: tables are extended into new arrays, never written)
            value = saved.get(f"{prefix}.{name}")
            return None if value is None else np.frombuffer(value, dtype=dtype).astype(out, copy=False)

        vocabulary = json.loads(saved[f"{prefix}.vocabulary"])
        table = cls(
            vocabulary,
            array("offsets", "<i8", np.int64),
            array("ids", "<i4", np.int32),
            array("counts", "<f4", np.float32),
            array("local", "<i4", np.int32),
            array("neighbourhood", "<i4", np.int32),
        )
        table.vocabulary_json = (saved[f"{prefix}.vocabulary"], len(vocabulary))
        return table


def fingerprint(articles: int, last_id: str | None, embedder: str, options: GroupOptions) -> str:
    """What a saved state describes: how many articles (in processing order), the last one, the embedder, and every
    setting that shapes the saved indexes. A state whose fingerprint differs from the store's is stale: rebuilt."""
    shape = {
        "format": STATE_FORMAT,
        "articles": articles,
        "last": last_id,
        "embedder": embedder,
        "ann_neighbours": options.ann_neighbours,
        "posting_cap": options.posting_cap,
        "exact_search_limit": options.exact_search_limit,
        "batch_size": options.batch_size,
        "hnsw": [HNSW_LINKS, HNSW_EF_SEARCH, HNSW_EF_CONSTRUCTION],
        "indexed_terms": INDEXED_TERMS,
        "code": _code_digest(),
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Digest of the code that derives what is saved (term sets and statistics, index keys, the indexes): after an
    upgrade that changes it, the first run rebuilds the state instead of mixing old and new derivations."""
    hasher = hashlib.sha256()
    for name in ("features.py", "candidates.py", "cluster.py"):
        hasher.update((Path(__file__).parent / name).read_bytes())
    return hasher.hexdigest()


def dump_state(state: GroupState, fingerprint: str) -> dict[str, StateValue]:
    """The parts of ``state`` the next run restores, as named byte strings (JSON and little-endian arrays: nothing
    that runs code when read); a restored state's index vectors as a ``StateTail`` of those it was restored from."""
    if state.index is None or state.keys is None:
        raise ValueError("dump_state needs a state that has been grouped (its indexes are built by group)")
    vectors: StateValue
    if state.index.loaded_rows:  # restored: only the vectors added since are copied out and written
        links, _, tail = state.index.dump(vectors=False)
        vectors = StateTail(*state.index.vectors_since_load())
    else:
        links, vectors, tail = state.index.dump()
    names, lengths, positions = state.keys.dump()
    docs = state.docs
    # earlier runs' tables as saved, this run's articles appended; a state built in memory saves all of them
    if isinstance(docs, LazyDocs) and docs.facts is not None and docs.terms.has_local:
        old_terms, old_facts, start = docs.terms, docs.facts, docs.saved_count
    else:
        old_terms, old_facts, start = TermTable([]), None, 0
    new_docs = [docs[p] for p in range(start, len(docs))]
    local = [
        state.local_counts[p] if p in state.local_counts else _local_counts_of(state, p)
        for p in range(start, len(docs))
    ]
    terms = old_terms.extended((d.terms for d in new_docs), local)
    # neighbour lists of earlier runs' articles never change: a restored state saves the new ones after them
    saved_lists = state.saved_neighbours if start and state.saved_neighbours is not None else None
    listed = state.neighbours[start:] if saved_lists is not None else state.neighbours
    list_lengths = np.fromiter((len(n) for n in listed), dtype="<i4", count=len(listed)).tobytes()
    list_flat = np.concatenate([np.asarray(n, dtype="<i4") for n in listed]).tobytes() if listed else b""
    return {
        **terms.dump("terms", old_terms),
        **facts_dump(new_docs, old_facts),
        "fingerprint": fingerprint.encode(),
        "index.dim": str(state.index.dim).encode(),
        "index.links": links,
        "index.vectors": vectors,
        "index.tail": tail,
        "keys.names": names,
        "keys.lengths": lengths,
        "keys.positions": positions,
        "neighbours.lengths": list_lengths if saved_lists is None else StateTail(len(saved_lists[0]), list_lengths),
        "neighbours.positions": list_flat if saved_lists is None else StateTail(len(saved_lists[1]), list_flat),
        **_stats_dump(state.stats),
    }


def _stats_dump(stats: TermStats) -> dict[str, StateValue]:
    """Document frequencies as key lists (first-seen order: they only grow at their end, and their saved JSON is
    extended rather than encoded again) and int32 counts beside them."""
    out: dict[str, StateValue] = {"stats.n_docs": str(stats.n_docs).encode()}
    for name, counter in (("terms", stats.term_df), ("entities", stats.entity_df)):
        keys = list(counter)
        saved, count = stats.saved_keys.get(name, (b"[]", 0))
        out[f"stats.{name}"] = json_extension(saved, keys[count:], extend=name in stats.saved_keys)
        out[f"stats.{name}.df"] = np.fromiter(counter.values(), dtype="<i4", count=len(keys)).tobytes()
    return out


def _stats_load(saved: dict[str, bytes]) -> TermStats:
    stats = TermStats(n_docs=int(saved["stats.n_docs"]))
    for name, counter in (("terms", stats.term_df), ("entities", stats.entity_df)):
        keys = json.loads(saved[f"stats.{name}"])
        counter.update(dict(zip(keys, np.frombuffer(saved[f"stats.{name}.df"], dtype="<i4").tolist(), strict=True)))
        stats.saved_keys[name] = (saved[f"stats.{name}"], len(keys))
    return stats


def json_extension(saved: bytes, items: list[Any], extend: bool = True) -> StateValue:
    """``json_list_extended(saved, items)``; with ``extend``, as an extension of ``saved`` (which must be what the
    store read): all of it but the closing bracket, then the new items."""
    if not extend or saved == b"[]":
        return json_list_extended(saved, items)
    if not items:
        return StateTail(len(saved), b"")
    return StateTail(len(saved) - 1, b", " + json.dumps(items, ensure_ascii=False).encode()[1:])


def array_extension(new: npt.NDArray[Any], old: npt.NDArray[Any] | None, dtype: str) -> StateValue:
    """``new`` as ``dtype`` bytes; when ``old`` (an array read from the store) is given, as an extension of it: ``new``
    must start with it (the saved arrays only grow at their end)."""
    if old is None:
        return new.astype(dtype, copy=False).tobytes()
    return StateTail(old.nbytes, new[len(old) :].astype(dtype, copy=False).tobytes())


def _iso(moment: date | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _local_counts_of(state: GroupState, position: int) -> LocalCounts | None:
    """Neighbourhood counts of an article the run did not record them for (grouping weighs every article it places,
    so this is a fallback)."""
    docs, neighbours = state.docs, state.neighbours[position]
    if not len(neighbours):
        return None
    own = docs[position].terms
    if isinstance(docs, LazyDocs):
        return local_counts(own, docs.local_frequencies(neighbours.tolist(), own.keys()))
    return local_counts(own, local_frequencies((docs[int(n)] for n in neighbours), own.keys()))


def saved_docs(ids: Sequence[str], load: Loader, saved: dict[str, bytes]) -> LazyDocs:
    """``LazyDocs`` over the articles ``dump_state`` saved the tables of."""
    terms = TermTable.load(saved, "terms")
    if terms is None:
        raise StoreError("the saved grouping state has no term table; it is rebuilt on the next run")
    return LazyDocs(ids, load, terms, SavedFacts.load(saved))


def load_state(state: GroupState, saved: dict[str, bytes], options: GroupOptions) -> None:
    """Fill ``state``'s indexes, term statistics and neighbour lists from ``dump_state``'s output."""
    dim = int(saved["index.dim"])
    state.index = EmbeddingIndex.load(dim, options, saved["index.links"], saved["index.vectors"], saved["index.tail"])
    state.keys = KeyIndex.load(
        options, saved["keys.names"], saved["keys.lengths"], saved["keys.positions"], record=state.record_keys
    )
    state.neighbours = _split(saved["neighbours.lengths"], saved["neighbours.positions"])
    state.saved_neighbours = (saved["neighbours.lengths"], saved["neighbours.positions"])
    state.stats = _stats_load(saved)


def _split(lengths: bytes, flat: bytes) -> list[npt.NDArray[np.int32]]:
    sizes = np.frombuffer(lengths, dtype="<i4")
    positions = np.frombuffer(flat, dtype="<i4").astype(np.int32, copy=False)
    ends = np.cumsum(sizes, dtype=np.int64)
    return [positions[end - size : end] for size, end in zip(sizes.tolist(), ends.tolist(), strict=True)]
