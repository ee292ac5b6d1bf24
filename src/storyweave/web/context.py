"""What every request handler of one app shares: options, store access, briefs. One per app, no globals."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

from ..config import IngestOptions, Settings
from ..embed.factory import DEFAULT_EMBEDDER
from ..errors import ConfigError
from .briefs import BriefService
from .security import MAX_REQUEST_BYTES
from .service import StoreAccess

#: Stories compared in the background when the server starts, largest first, so the story list shows claim bars
#: straight away. Each takes well under a second on the sample corpus once models are loaded; 25 covers the first
#: page of a listing without keeping a 2-core laptop busy for minutes.
DEFAULT_WARM_BRIEFS = 25


@dataclass(slots=True, kw_only=True)
class WebOptions:
    """Options of the web server; built from CLI arguments by the ``serve`` command only."""

    db: Path | str  # a SQLite file, or a postgresql:// URL
    token: str | None = None  # write endpoints are disabled when None
    reader_language: str = "en"
    max_request_bytes: int = MAX_REQUEST_BYTES
    embedder: str = DEFAULT_EMBEDDER
    warm_briefs: int = DEFAULT_WARM_BRIEFS
    ingest: IngestOptions | None = None

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < MIN_TOKEN_CHARS:
            raise ConfigError(
                f"the write token must be at least {MIN_TOKEN_CHARS} characters long; "
                "generate one with: python -c 'import secrets; print(secrets.token_urlsafe())'"
            )
        if self.max_request_bytes <= 0:
            raise ConfigError(f"max_request_bytes must be positive, got {self.max_request_bytes}")
        if self.warm_briefs < 0:
            raise ConfigError(f"warm_briefs must be >= 0, got {self.warm_briefs}")
        if len(self.reader_language) != 2 or not self.reader_language.isalpha():
            raise ConfigError(f"reader_language must be an ISO 639-1 code like 'en', got {self.reader_language!r}")

    def settings(self) -> Settings:
        # URLs posted to the server never reach its own network unless the operator says so (``ingest``).
        ingest = self.ingest or IngestOptions(private_hosts=False)
        return Settings(db=self.db, ingest=ingest, embedder=self.embedder)


#: A token shorter than this could be guessed by a patient client on loopback; 16 characters of a urlsafe token are
#: ~96 bits.
MIN_TOKEN_CHARS = 16


@dataclass(slots=True)
class WebContext:
    options: WebOptions
    access: StoreAccess
    briefs: BriefService


async def get_context(request: Request) -> WebContext:
    # async like every dependency here: FastAPI runs a plain ``def`` dependency in a worker thread, a hop per request.
    context: WebContext = request.app.state.storyweave
    return context
