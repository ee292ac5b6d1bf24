"""The HTML UI: server-rendered pages for the story list, a story, an article, and the API reference.

Templates autoescape everything; links to outlets are made only from http(s) URLs (``security.safe_link``). Handlers
are async for the reasons given in ``api.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ..store.base import shown_id
from .api import Context, Filters, Offset
from .briefs import claim_counts
from .security import bdi, isolated, safe_link
from .service import DEFAULT_PAGE_SIZE, StoryFilters
from .views import article_lines, claim_bar, source_label, story_page

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,  # every page prints article text from arbitrary web pages: escape all of it, always
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
_environment.filters["bdi"] = bdi
_environment.filters["isolated"] = isolated
templates = Jinja2Templates(env=_environment)
router = APIRouter(include_in_schema=False)


def _filter_params(filters: StoryFilters) -> dict[str, str]:
    params = {
        "q": filters.q,
        "language": filters.language,
        "source": filters.source,
        "date_from": filters.date_from.isoformat() if filters.date_from else "",
        "date_to": filters.date_to.isoformat() if filters.date_to else "",
        "min_sources": str(filters.min_sources) if filters.min_sources > 1 else "",
    }
    return {k: v for k, v in params.items() if v}


def _page_link(filters: StoryFilters, offset: int) -> str:
    params = _filter_params(filters)
    if offset:
        params["offset"] = str(offset)
    return "/?" + urlencode(params) if params else "/"


def render(request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, values, status_code=status)


# Handlers that query the store are plain functions: FastAPI runs them in its thread pool, each thread with its own
# store connection (StoreAccess), so a store on a database server (a round trip per query) never stalls the event loop.
@router.get("/", response_class=HTMLResponse)
def story_list(request: Request, context: Context, filters: Filters, offset: Offset = 0) -> HTMLResponse:
    page = context.access.list_stories(filters, offset=offset, limit=DEFAULT_PAGE_SIZE)
    index = context.access.index()
    rows = [
        {
            "story": s,
            "snippet": page.snippets.get(s.id),
            "bar": claim_bar(context.briefs.counts(s.id, s.size)),
        }
        for s in page.stories
    ]
    previous = _page_link(filters, max(0, offset - page.limit)) if offset > 0 else None
    following = _page_link(filters, offset + page.limit) if offset + page.limit < page.total else None
    return render(
        request,
        "stories.html",
        page=page,
        rows=rows,
        filters=filters,
        languages=index.languages,
        sources=index.sources,
        previous=previous,
        following=following,
        title="Stories",
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story(request: Request, story_id: str, context: Context) -> Response:
    view = await context.briefs.view(story_id)
    if view is None:
        raise HTTPException(404, f"no story {shown_id(story_id)} in this store")
    if view.brief.story_id != story_id:
        # An alias of a merged story, or a prefix: send the reader to the story's one stable address.
        return RedirectResponse(f"/stories/{view.brief.story_id}", status_code=307)
    language = context.options.reader_language
    html = view.pages.get(language)
    if html is None:
        counts = claim_counts(view.brief) if view.compared else None
        page = story_page(view, counts, language)
        html = templates.get_template("story.html").render(view=page, title=view.brief.title or view.brief.story_id)
        view.pages[language] = html
    return HTMLResponse(html)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str, context: Context) -> HTMLResponse:
    found = context.access.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {shown_id(article_id)} in this store")
    lines, interleaved = article_lines(found)
    return render(
        request,
        "article.html",
        article=found,
        source=source_label(found.source, found.url),
        link=safe_link(found.url),
        lines=lines,
        interleaved=interleaved,
        story_id=context.access.story_of(found.id),
        problems=context.access.problems(found.id),
        title=found.title or found.id,
    )


@router.get("/docs", response_class=HTMLResponse)
async def api_reference(request: Request) -> HTMLResponse:
    """The OpenAPI description as a page that needs no CDN (the JSON is at /openapi.json)."""
    spec = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, **operation}
        for path, methods in spec.get("paths", {}).items()
        for method, operation in methods.items()
    ]
    return render(request, "docs.html", spec=spec, operations=operations, title="API reference")
