"""Fetching http(s) URLs (httpx) with a timeout, a redirect bound, a media-type check and a streamed size cap.

The size cap is enforced while the body streams in, so a huge or endless response is cut off at the cap instead of
being downloaded first. Only the media types in ``signatures.ACCEPTED_MEDIA_TYPES`` are read.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from ..config import IngestOptions
from ..errors import FetchError, InputTooLargeError
from .decode import format_size
from .signatures import ACCEPTED_MEDIA_TYPES


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str | None
    charset: str | None


def is_url(source: str) -> bool:
    return "://" in source[:12]


def check_url(source: str) -> None:
    parts = urlsplit(source)
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'this'}://")
    if not parts.hostname:
        raise FetchError("URL has no host name")


def check_public_host(host: str) -> None:
    """Raise ``FetchError`` unless every address ``host`` resolves to is public (not loopback, private, link-local,
    reserved, shared or multicast). The check runs on every request, redirects included; a name that changes its
    answer between this lookup and the connection (DNS rebinding) is not covered."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host}") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise FetchError(f"host {host} is a non-public address ({address}); this server does not fetch from it")


def fetch(url: str, options: IngestOptions) -> Fetched:
    check_url(url)
    headers = {"User-Agent": options.user_agent, "Accept": ", ".join(sorted(ACCEPTED_MEDIA_TYPES)) + ";q=0.9"}

    def check_request(request: httpx.Request) -> None:
        check_public_host(request.url.host)

    hooks = {} if options.private_hosts else {"request": [check_request]}
    try:
        with (
            httpx.Client(
                timeout=options.timeout_s,
                follow_redirects=True,
                max_redirects=options.max_redirects,
                headers=headers,
                event_hooks=hooks,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                reason = response.reason_phrase or ""
                raise FetchError(f"HTTP {response.status_code} {reason}".rstrip())
            content_type = response.headers.get("Content-Type")
            media_type = (content_type or "").split(";")[0].strip().lower()
            if media_type and media_type not in ACCEPTED_MEDIA_TYPES:
                raise FetchError(f"content type {media_type} is not a news format (HTML, feed, JSON or text)")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > options.max_bytes:
                raise InputTooLargeError(_too_large(int(declared), options.max_bytes))
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > options.max_bytes:
                    raise InputTooLargeError(f"response is over the {format_size(options.max_bytes)} cap (--max-bytes)")
            return Fetched(str(response.url), bytes(body), content_type, response.charset_encoding)
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out after {options.timeout_s:g} s") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"more than {options.max_redirects} redirects (--max-redirects)") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"could not fetch: {exc}") from exc


def _too_large(size: int, cap: int) -> str:
    return f"response is {format_size(size)}, over the {format_size(cap)} cap (--max-bytes)"
