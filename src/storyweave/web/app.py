"""The web application: ``create_app`` builds it, ``serve`` runs it (the ``storyweave serve`` command calls it).

storyweave serve --db storyweave.db     # http://127.0.0.1:8000 : UI; /api : JSON API; /docs : API reference
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import IngestOptions
from ..errors import StoreError, StoryweaveError
from ..store import is_database_url as is_url
from ..store import open_store
from . import api, pages
from .briefs import BriefService
from .context import WebContext, WebOptions
from .security import LimitAndHeaders, token_from_env
from .service import StoreAccess

log = logging.getLogger(__name__)

#: Loopback by default: the UI shows whatever the store holds, so exposing it is a deliberate choice (--host 0.0.0.0).
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/openapi.json"))


def _location(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "body", "header"):
        return f"{parts[0]} field {'.'.join(parts[1:]) or '(body)'}"
    return ".".join(parts)


def _error_response(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    return pages.render(request, "error.html", status=status, status_code=status, detail=detail, title="Error")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error_response(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        # One line, naming the field: "query field date_from: Input should be a valid date".
        detail = "; ".join(f"{_location(e['loc'])}: {e['msg']}" for e in exc.errors()) or "invalid request"
        return _error_response(request, 422, detail)

    @app.exception_handler(StoryweaveError)
    async def storyweave_error(request: Request, exc: StoryweaveError) -> Response:
        status = 503 if isinstance(exc, StoreError) else 500
        return _error_response(request, status, str(exc))


def _warm_up(context: WebContext) -> None:
    """Compare the largest multi-source stories in the background, so the list shows their claim bars."""
    if context.options.warm_briefs == 0 or context.briefs.builder() is None:
        return
    stories = [s.id for s in context.access.index().stories if s.size > 1][: context.options.warm_briefs]
    if stories:
        context.briefs.warm(stories)


def create_app(options: WebOptions) -> FastAPI:
    """The app over one store. ``options.token`` enables the write endpoints; without it they answer 403."""
    access = StoreAccess(options.db)
    context = WebContext(options=options, access=access, briefs=BriefService(access, embedder=options.embedder))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _warm_up(context)
        yield
        access.close()

    app = FastAPI(
        title="storyweave",
        version=__version__,
        summary="Which news articles report the same event, and what each source says about it.",
        docs_url=None,  # the default Swagger page loads from a CDN; /docs is served by pages.py instead
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.storyweave = context
    app.add_middleware(LimitAndHeaders, max_bytes=options.max_request_bytes)
    _install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    return app


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: Path | str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    *,
    allow_private_urls: bool = False,
) -> None:
    """Serve the UI and API over an existing store until interrupted. ``token`` (else STORYWEAVE_TOKEN) enables
    ingest; without one the server is read-only. URLs posted for ingest may point at non-public addresses only with
    ``allow_private_urls``. Raises StoryweaveError for a missing store or a bad option."""
    import uvicorn

    if not is_url(db) and not Path(db).is_file():
        raise StoreError(f"no database at {db}; build one first with: storyweave run PATH --db {db}")
    if is_url(db):
        open_store(db).close()  # a server that cannot reach its database says so now, not on the first request
    options = WebOptions(
        db=db if is_url(db) else Path(db),
        token=token if token is not None else token_from_env(),
        ingest=IngestOptions(private_hosts=allow_private_urls),
    )
    app = create_app(options)
    if not _is_loopback(host):
        log.warning("serving on %s: anyone who can reach this address can read the store", host)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
