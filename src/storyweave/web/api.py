"""The JSON API under ``/api``: stories (list, search, brief), articles, similarity, ingest.

Reads are ``async`` handlers answered on the event loop from indexed queries and in-memory caches (a thread hop per
request cost more than the work: p99 1.1 s against 0.24 s on the load benchmark); anything that may take long (a
brief not yet computed, similarity, ingest) runs in a worker thread with its own store connection. Every error is a
JSON ``{"detail": "..."}`` saying what was wrong.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Header, HTTPException, Query, Response, UploadFile

from ..errors import InputError, StoryweaveError
from ..group import GroupDoc, GroupOptions, similarity
from ..ingest import read_bytes, read_sources
from ..ingest.url import check_url
from ..pipeline import add_passage_vector, cluster, group_doc_for, load_group_doc, prepare_all, prepare_article
from ..store import Store
from ..store.base import StorySummary, shown_id
from ..types import Article, Problem, RawDocument
from .briefs import ClaimCounts
from .context import WebContext, get_context
from .schemas import (
    ArticleListOut,
    ArticleOut,
    ArticleRef,
    ArticleSummaryOut,
    BriefOut,
    ClaimCountsOut,
    ErrorOut,
    IngestOut,
    ProblemOut,
    SimilarityIn,
    SimilarityOut,
    StoryListOut,
    StoryOut,
)
from .security import given_token, search_query, token_matches
from .service import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, StoryFilters

#: URLs fetched per ingest request: each may take up to the fetch timeout, so 50 keeps one request under a few
#: minutes in the worst case; larger crawls belong to the CLI.
MAX_INGEST_URLS = 50
#: Files per ingest request; the request size limit bounds their bytes, this bounds the per-file work.
MAX_INGEST_FILES = 200
#: Problems named in the one-line answer to a request from which nothing could be read; the rest are counted out.
MAX_PROBLEMS_SHOWN = 5

router = APIRouter(prefix="/api", tags=["api"])
Context = Annotated[WebContext, Depends(get_context)]
Offset = Annotated[int, Query(ge=0, description="items to skip")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="items per page")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut}}


def story_out(story: StorySummary, counts: ClaimCounts | None, snippet: str | None = None) -> StoryOut:
    return StoryOut(
        **story.to_dict(),  # type: ignore[arg-type]
        snippet=snippet,
        claims=None if counts is None else ClaimCountsOut(**_counts_dict(counts)),
    )


def _counts_dict(counts: ClaimCounts) -> dict[str, int]:
    return {
        "corroborated": counts.corroborated,
        "single_source": counts.single_source,
        "conflicting": counts.conflicting,
        "updated": counts.updated,
    }


def article_out(article: Article, story_id: str | None) -> ArticleOut:
    data = article.to_dict()
    for private in ("raw_text", "origin", "content_hash"):
        data.pop(private)  # raw text is large and origin names server paths; neither is for clients
    for sentence in data["sentences"]:
        sentence.pop("article_id")
    return ArticleOut(**data, story_id=story_id)


async def story_filters(
    q: Annotated[str, Query(max_length=500, description="full-text query: every word must appear")] = "",
    language: Annotated[str, Query(max_length=8, description="ISO 639-1 code a member is written in")] = "",
    source: Annotated[str, Query(max_length=200, description="outlet of a member (case-insensitive)")] = "",
    date_from: Annotated[date | None, Query(description="story still reported on or after this day")] = None,
    date_to: Annotated[date | None, Query(description="story first reported on or before this day")] = None,
    min_sources: Annotated[int, Query(ge=1, le=10_000, description="at least this many independent sources")] = 1,
) -> StoryFilters:
    return StoryFilters(
        q=search_query(q),
        language=language.strip(),
        source=source.strip(),
        date_from=date_from,
        date_to=date_to,
        min_sources=min_sources,
    )


Filters = Annotated[StoryFilters, Depends(story_filters)]


@router.get("/stories", response_model=StoryListOut, summary="List or search stories")
def list_stories(
    context: Context, filters: Filters, offset: Offset = 0, limit: Limit = DEFAULT_PAGE_SIZE
) -> StoryListOut:
    """Stories, largest first (or best full-text match first with ``q``), filtered and paginated."""
    page = context.access.list_stories(filters, offset=offset, limit=limit)
    return StoryListOut(
        total=page.total,
        offset=page.offset,
        limit=page.limit,
        items=[story_out(s, context.briefs.counts(s.id, s.size), page.snippets.get(s.id)) for s in page.stories],
    )


@router.get("/stories/{story_id}", response_model=BriefOut, responses=NOT_FOUND, summary="A story's brief")
async def story_brief(story_id: str, context: Context, response: Response) -> BriefOut:
    """The story brief (schema version in ``schema_version``). The header ``X-Storyweave-Compared: false`` says the
    claims were not compared (comparison not installed or failed): members and entities are still given."""
    view = await context.briefs.view(story_id)
    if view is None:
        raise HTTPException(404, f"no story {shown_id(story_id)} in this store")
    response.headers["X-Storyweave-Compared"] = "true" if view.compared else "false"
    return BriefOut(**view.brief.to_dict())


@router.get("/articles", response_model=ArticleListOut, summary="List or search articles")
def list_articles(
    context: Context,
    q: Annotated[str, Query(max_length=500, description="full-text query: every word must appear")] = "",
    offset: Offset = 0,
    limit: Limit = DEFAULT_PAGE_SIZE,
) -> ArticleListOut:
    store = context.access.store()
    story_of = context.access.index().story_of
    q = search_query(q)
    if q:
        hits = store.search(q, limit=offset + limit)[offset:]
        items = [
            ArticleSummaryOut(
                id=h.article.id,
                title=h.article.title,
                source=h.article.source,
                language=h.article.language,
                published=h.article.published,
                url=h.article.url,
                snippet=h.snippet,
                story_id=story_of.get(h.article.id),
            )
            for h in hits
        ]
        return ArticleListOut(total=None, offset=offset, limit=limit, items=items)
    rows = store.list_articles(limit=limit, offset=offset)
    items = [
        ArticleSummaryOut(
            id=r.id,
            title=r.title,
            source=r.source,
            language=r.language,
            published=r.published,
            url=r.url,
            story_id=story_of.get(r.id),
        )
        for r in rows
    ]
    return ArticleListOut(total=store.count_articles(), offset=offset, limit=limit, items=items)


@router.get("/articles/{article_id}", response_model=ArticleOut, responses=NOT_FOUND, summary="One article")
def get_article(article_id: str, context: Context) -> ArticleOut:
    """Clean text, sentences with offsets, metadata, and the lines cleaning removed with the reason."""
    article = context.access.article(article_id)
    if article is None:
        raise HTTPException(
            404, f"no article {shown_id(article_id)} in this store (ids or unique prefixes of 4+ characters)"
        )
    return article_out(article, context.access.story_of(article.id))


def _side(ref: ArticleRef, name: str, context: WebContext, store: Store) -> GroupDoc:
    models = context.briefs.models()
    if ref.id is not None:
        stored = store.get_article(ref.id)
        doc = None if stored is None else load_group_doc(store, stored.id, models)
        if doc is None:
            raise HTTPException(404, f"{name}: no article {shown_id(ref.id)} in this store")
        return add_passage_vector(doc, models)
    raw = RawDocument(origin=f"request body '{name}'", text=ref.text or "", title=ref.title, language=ref.language)
    article = prepare_article(raw, context.options.settings().clean)
    if isinstance(article, Problem):
        raise HTTPException(422, str(article))
    return group_doc_for(article, models)


@router.post(
    "/similarity",
    response_model=SimilarityOut,
    responses={**NOT_FOUND, 422: {"model": ErrorOut}},
    summary="How likely two articles report the same event",
)
def post_similarity(body: SimilarityIn, context: Context) -> SimilarityOut:
    """Each side is a stored article (``{"id": ...}``) or an article body (``{"text": ..., "title": ...}``)."""
    store = context.access.store()
    with context.briefs.models_lock:
        a = _side(body.a, "a", context, store)
        b = _side(body.b, "b", context, store)
        result = similarity(a, b, GroupOptions())
    return SimilarityOut(a=a.id, b=b.id, **result.to_dict())  # type: ignore[arg-type]


async def require_token(
    context: Context,
    authorization: Annotated[str | None, Header(description="Bearer <token>")] = None,
    x_storyweave_token: Annotated[str | None, Header(description="the write token (alternative)")] = None,
) -> None:
    expected = context.options.token
    if expected is None:
        raise HTTPException(
            403,
            "writing is disabled on this server: restart it with a token (STORYWEAVE_TOKEN=... or --token) "
            "to accept ingest requests",
        )
    if not token_matches(expected, given_token(authorization, x_storyweave_token)):
        raise HTTPException(
            401, "missing or wrong token: send 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"}
        )


def _url_problem(url: str) -> Problem | None:
    """A Problem for a URL the server will not fetch: not http(s) (never a path on the server's disk) or malformed."""
    scheme, separator, _ = url.strip().partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        return Problem(url[:200], "not an http(s) URL; the server never reads paths on its own disk, upload files")
    try:
        check_url(url.strip())
    except InputError as exc:
        return Problem(url[:200], str(exc))
    return None


@router.post(
    "/ingest",
    response_model=IngestOut,
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 413: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    dependencies=[Depends(require_token)],
    summary="Add articles (uploaded files or URLs), then group them into stories",
)
def post_ingest(
    context: Context,
    files: Annotated[list[UploadFile], File(description="article files: text, HTML, JSON/JSONL, feeds, WARC")] = [],  # noqa: B006
    urls: Annotated[list[str], Form(description="http(s) URLs to fetch")] = [],  # noqa: B006
) -> IngestOut:
    """Uploads are read as bytes and sniffed by content; nothing is read from the server's disk."""
    if not files and not urls:
        raise HTTPException(422, "nothing to ingest: send files (multipart field 'files') or 'urls'")
    if len(files) > MAX_INGEST_FILES or len(urls) > MAX_INGEST_URLS:
        raise HTTPException(
            413, f"at most {MAX_INGEST_FILES} files and {MAX_INGEST_URLS} URLs per request; split the batch"
        )
    settings = context.options.settings()
    raw: list[RawDocument | Problem] = []
    for upload in files:
        name = PurePath((upload.filename or "upload").replace("\\", "/")).name or "upload"
        data = upload.file.read(settings.ingest.max_bytes + 1)
        raw.extend(read_bytes(data, f"upload {name}", settings.ingest, filename=name, content_type=upload.content_type))
    for url in urls:
        problem = _url_problem(url)
        raw.extend([problem] if problem else read_sources([url.strip()], settings.ingest))
    problems = [p for p in raw if isinstance(p, Problem)]
    prepared = list(prepare_all((r for r in raw if not isinstance(r, Problem)), settings.clean))
    articles = [a for a in prepared if isinstance(a, Article)]
    problems += [p for p in prepared if isinstance(p, Problem)]
    if not articles:
        # Nothing in the request could be read: a client error, answered before the store is touched.
        named = "; ".join(str(p) for p in problems[:MAX_PROBLEMS_SHOWN])
        more = f" (and {len(problems) - MAX_PROBLEMS_SHOWN} more)" if len(problems) > MAX_PROBLEMS_SHOWN else ""
        raise HTTPException(422, f"nothing could be read: {named}{more}")
    inserted = 0
    try:
        with context.access.writing() as store:
            for start in range(0, len(articles), settings.batch_size):
                inserted += store.write_articles(articles[start : start + settings.batch_size]).inserted
            with context.briefs.models_lock:
                report = cluster(store, context.briefs.models(), GroupOptions())
    except StoryweaveError as exc:
        raise HTTPException(503, f"ingest stopped: {exc}") from exc
    return IngestOut(
        read=len(articles),
        inserted=inserted,
        already_present=len(articles) - inserted,
        problems=[ProblemOut(origin=p.origin, message=p.message) for p in problems],
        grouped=report.grouped,
        stories_touched=report.stories_touched,
        warnings=report.warnings,
    )
