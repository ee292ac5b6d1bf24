"""Safety of the HTTP server: write token, request size limit, and headers that keep article text inert.

Article text comes from arbitrary web pages. Templates escape it (Jinja autoescape), links are only made from http(s)
URLs, and the Content-Security-Policy forbids inline scripts, so even a template mistake cannot run injected script.
"""

from __future__ import annotations

import hmac
import json
import os
import unicodedata
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Largest request body accepted, in bytes. Ingest uploads are the only large bodies: 25 MB holds a few thousand news
#: pages of HTML in one request, while a runaway client cannot exhaust the server's memory.
MAX_REQUEST_BYTES = 25 * 1024 * 1024

TOKEN_ENV = "STORYWEAVE_TOKEN"
TOKEN_HEADER = "x-storyweave-token"

#: Pages load only their own stylesheet and script; inline SVG attributes draw the bars and the timeline.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def token_from_env() -> str | None:
    token = os.environ.get(TOKEN_ENV, "").strip()
    return token or None


def token_matches(expected: str, given: str | None) -> bool:
    """Constant-time comparison, so response timing does not reveal how much of a guess was right."""
    if given is None:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def given_token(authorization: str | None, header_token: str | None) -> str | None:
    """The token a client sent: ``Authorization: Bearer <token>`` or the ``X-Storyweave-Token`` header."""
    if header_token:
        return header_token.strip()
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def safe_link(url: str | None) -> str | None:
    """The URL when it is a plain http(s) link; None for ``javascript:``, ``data:`` and anything else."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


#: Unicode's isolate marks (FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE): text between them is laid out on its
#: own, and the closing mark also ends any override or embedding opened inside, so a stray U+202E cannot reverse what
#: follows.
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def bdi(text: object) -> Markup:
    """Article-derived text for element content, escaped and wrapped in ``<bdi>``: a right-to-left override in a title
    or source name stays inside it instead of reversing the page text around it (bidi spoofing)."""
    return Markup("<bdi>%s</bdi>") % escape("" if text is None else str(text))


def isolated(text: object) -> str:
    """Article-derived text for places markup cannot go (the page title, attributes): the same isolation with the
    isolate marks themselves. Left to autoescaping like any other string."""
    return f"{FIRST_STRONG_ISOLATE}{'' if text is None else text}{POP_DIRECTIONAL_ISOLATE}"


def search_query(q: str) -> str:
    """A search box's text made safe to search: control characters (NUL, escape, ...) become spaces. A query that had
    something in it but is left with nothing to search is a client error (422), not "every story"."""
    cleaned = "".join(" " if unicodedata.category(c) == "Cc" else c for c in q).strip()
    if q.strip() and not cleaned:
        raise HTTPException(422, "query: only control characters, nothing to search for")
    return cleaned


class BodyTooLarge(HTTPException):
    """Raised from inside request parsing; an HTTPException so FastAPI's body parsing passes it on as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413, f"request body is larger than the server's limit of {limit} bytes; send fewer or smaller files"
        )


async def _reject(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class LimitAndHeaders:
    """ASGI middleware: refuse bodies over ``max_bytes`` (declared or streamed) and add the security headers.

    Installed with ``app.add_middleware`` so it sits inside Starlette's error middleware: an oversized body read by
    an endpoint becomes a 413, not a 500.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_REQUEST_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _reject(send, 413, str(BodyTooLarge(limit).detail))
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            item = await receive()
            if item["type"] == "http.request":
                received += len(item.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return item

        async def send_with_headers(item: Message) -> None:
            nonlocal started
            if item["type"] == "http.response.start":
                started = True
                item = {**item, "headers": [*item.get("headers", []), *SECURITY_HEADERS]}
            await send(item)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge as exc:
            # Reached only when the app read the body outside FastAPI's handling (which answers 413 itself).
            if not started:
                await _reject(send, 413, str(exc.detail))
