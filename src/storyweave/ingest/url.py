"""Fetching http(s) URLs (httpx) with a timeout, a redirect bound, a media-type check and a streamed size cap.

The size cap is enforced while the body streams in, so a huge or endless response is cut off at the cap instead of
being downloaded first. Only the media types in ``signatures.ACCEPTED_MEDIA_TYPES`` are read.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore
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


#: DNS limits (RFC 1035 section 2.3.4): a host name of at most 253 characters, each dot-separated label at most 63.
MAX_HOST_CHARS = 253
MAX_LABEL_CHARS = 63


def check_url(source: str) -> None:
    """``FetchError`` (one line naming what is wrong) unless ``source`` is a well-formed http(s) URL. Malformed
    hosts (``http://[::1``, ``http://256.0.0.1/``, octal ``http://0177.0.0.1/``, an over-long name) are refused here,
    before any lookup, so no library below raises its own exception type for them."""
    try:
        parts = urlsplit(source)
        host = parts.hostname
        _ = parts.port  # parsed lazily: a port such as ":99999" or ":x" raises here
    except ValueError as exc:
        raise FetchError(f"malformed URL: {exc}") from exc
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'this'}://")
    if not host:
        raise FetchError("URL has no host name")
    if len(host) > MAX_HOST_CHARS or any(len(label) > MAX_LABEL_CHARS for label in host.split(".")):
        raise FetchError(
            f"malformed URL: host name longer than DNS allows ({MAX_HOST_CHARS} characters, {MAX_LABEL_CHARS} a label)"
        )
    try:
        httpx.URL(source)  # the client's own parser: invalid IPv4 (256.0.0.1, 0177.0.0.1), bad IDNA, ...
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        raise FetchError(f"malformed URL: {exc}") from exc


def public_addresses(host: str) -> list[str]:
    """The addresses ``host`` resolves to; ``FetchError`` unless every one is public (not loopback, private,
    link-local, reserved, shared or multicast)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host}") from exc
    addresses: list[str] = []
    for info in infos:
        text = str(info[4][0]).split("%")[0]
        address = ipaddress.ip_address(text)
        if not address.is_global or address.is_multicast:
            raise FetchError(f"host {host} is a non-public address ({address}); this server does not fetch from it")
        addresses.append(text)
    return addresses


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Resolves each host itself, refuses non-public addresses, and connects to an address it checked. Checking the
    name in a request hook and letting the connection resolve it again left a gap: a name whose answer changes between
    the two lookups (DNS rebinding) reached a private address. TLS still verifies the certificate against the host
    name (httpcore sends the URL's host as SNI, not the address)."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        address = public_addresses(host)[0]  # module lookup: tests stand in a resolver here
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


class _PublicOnlyTransport(httpx.HTTPTransport):
    """httpx's transport with the connection pool on ``_PublicOnlyBackend``. (It bypasses proxies from the
    environment: a proxy resolves names itself, out of reach of the check.)"""

    def __init__(self) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=_PublicOnlyBackend()
        )


def fetch(url: str, options: IngestOptions) -> Fetched:
    check_url(url)
    headers = {"User-Agent": options.user_agent, "Accept": ", ".join(sorted(ACCEPTED_MEDIA_TYPES)) + ";q=0.9"}

    # every connection, redirects included, goes through the check unless private hosts are allowed
    transport = None if options.private_hosts else _PublicOnlyTransport()
    try:
        with (
            httpx.Client(
                timeout=options.timeout_s,
                follow_redirects=True,
                max_redirects=options.max_redirects,
                headers=headers,
                transport=transport,
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
