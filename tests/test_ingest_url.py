"""http(s) URLs against a real local HTTP server (pytest-httpserver on 127.0.0.1); never the internet."""

from __future__ import annotations

import json
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from storyweave.config import IngestOptions
from storyweave.ingest import read_sources
from storyweave.types import Problem, RawDocument

pytestmark = pytest.mark.network_local

PARAGRAPHS = [
    "La municipalité de Crécerelle a inauguré samedi un nouveau pont piétonnier au-dessus du canal.",
    "Selon la mairie, l'ouvrage a coûté 4 millions d'euros et accueillera 3 000 passages par jour.",
    "Les riverains, consultés pendant deux ans, avaient réclamé une traversée plus sûre pour les écoliers.",
]
PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Un pont pour Crécerelle</title>'
    '<meta property="og:site_name" content="Le Courrier de la Baie"></head>'
    "<body><article><h1>Un pont pour Crécerelle</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "<script>track()</script></article></body></html>"
)
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Baie Info</title>
<item><title>Pont inauguré</title><link>https://baie.example/pont</link>
<description>Le pont est ouvert.</description></item>
</channel></rss>"""


def one(items: list[RawDocument | Problem]) -> RawDocument | Problem:
    assert len(items) == 1, items
    return items[0]


def test_html_url(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/article").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/article")
    doc = one(list(read_sources([url], IngestOptions())))
    assert isinstance(doc, RawDocument)
    assert doc.origin == url
    assert doc.format == "url"
    assert doc.url == url
    assert doc.title == "Un pont pour Crécerelle"
    assert doc.source == "Le Courrier de la Baie"
    assert doc.language == "fr"
    assert doc.text.split("\n")[-3:] == PARAGRAPHS  # the <h1> may come first; cleaning drops title repeats
    assert "track" not in doc.text


def test_feed_and_json_urls(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(RSS, content_type="application/rss+xml")
    record = {"title": "Pont", "maintext": "Le pont est ouvert depuis samedi.", "language": "fr"}
    httpserver.expect_request("/api").respond_with_data(json.dumps(record), content_type="application/json")
    feed_url, api_url = httpserver.url_for("/feed"), httpserver.url_for("/api")
    entry, article = list(read_sources([feed_url, api_url], IngestOptions()))
    assert isinstance(entry, RawDocument) and isinstance(article, RawDocument)
    assert entry.origin == f"{feed_url}#entry 1"
    assert entry.body_kind == "summary"
    assert entry.url == "https://baie.example/pont"
    assert article.text == "Le pont est ouvert depuis samedi."


@pytest.mark.parametrize(("status", "reason"), [(404, "HTTP 404 NOT FOUND"), (500, "HTTP 500 INTERNAL SERVER ERROR")])
def test_http_error_status(httpserver: HTTPServer, status: int, reason: str) -> None:
    httpserver.expect_request("/page").respond_with_data("nope", status=status)
    url = httpserver.url_for("/page")
    problem = one(list(read_sources([url], IngestOptions())))
    assert isinstance(problem, Problem)
    assert problem.origin == url
    assert problem.message.upper() == reason


def test_url_that_times_out(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    url = httpserver.url_for("/slow")
    started = time.monotonic()
    problem = one(list(read_sources([url], IngestOptions(timeout_s=0.3))))
    assert time.monotonic() - started < 1.4
    assert isinstance(problem, Problem)
    assert problem.message == "timed out after 0.3 s"


def test_batch_goes_on_after_a_failing_url(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    httpserver.expect_request("/article").respond_with_data(PAGE, content_type="text/html")
    items = list(read_sources([httpserver.url_for("/gone"), httpserver.url_for("/article")], IngestOptions()))
    assert [type(item).__name__ for item in items] == ["Problem", "RawDocument"]


def test_refused_content_type(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/photo").respond_with_data(b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")
    problem = one(list(read_sources([httpserver.url_for("/photo")], IngestOptions())))
    assert isinstance(problem, Problem)
    assert problem.message == "content type image/png is not a news format (HTML, feed, JSON or text)"


def test_size_cap_enforced_while_streaming(httpserver: HTTPServer) -> None:
    def endless(request: Request) -> Response:
        chunks = (b"<p>" + b"palabra " * 1000 + b"</p>" for _ in range(10_000))  # ~80 MB if fully read
        return Response(chunks, content_type="text/html")

    httpserver.expect_request("/huge").respond_with_handler(endless)
    started = time.monotonic()
    problem = one(list(read_sources([httpserver.url_for("/huge")], IngestOptions(max_bytes=100_000))))
    assert isinstance(problem, Problem)
    assert "over the 98 KB cap (--max-bytes)" in problem.message
    assert time.monotonic() - started < 5


def test_declared_length_over_cap(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data("x" * 300_000, content_type="text/plain")
    problem = one(list(read_sources([httpserver.url_for("/big")], IngestOptions(max_bytes=100_000))))
    assert isinstance(problem, Problem)
    assert problem.message == "response is 0.3 MB, over the 98 KB cap (--max-bytes)"


def test_redirects_followed_and_bounded(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/article"})
    httpserver.expect_request("/article").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    doc, loop = list(read_sources([httpserver.url_for("/old"), httpserver.url_for("/loop")], IngestOptions()))
    assert isinstance(doc, RawDocument) and doc.title == "Un pont pour Crécerelle"
    assert isinstance(loop, Problem)
    assert loop.message == "more than 5 redirects (--max-redirects)"


@pytest.mark.parametrize("source", ["ftp://files.example/a.txt", "file:///etc/passwd", "https:///no-host"])
def test_only_http_urls(source: str) -> None:
    problem = one(list(read_sources([source], IngestOptions())))
    assert isinstance(problem, Problem)
    assert problem.origin == source


def test_text_url_with_latin1_label_decodes_as_windows_1252(httpserver: HTTPServer) -> None:
    text = "Pont payant\n\nLe passage coûtera 2 € et la mairie parle d’un “geste symbolique”."
    httpserver.expect_request("/note.txt").respond_with_data(
        text.encode("cp1252"), content_type="text/plain; charset=ISO-8859-1"
    )
    doc = one(list(read_sources([httpserver.url_for("/note.txt")], IngestOptions())))
    assert isinstance(doc, RawDocument)
    assert doc.title == "Pont payant"
    assert doc.text == "Le passage coûtera 2 € et la mairie parle d’un “geste symbolique”."


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "192.168.0.7", "169.254.169.254", "::1", "100.64.0.1"])
def test_non_public_addresses_are_refused(host: str) -> None:
    from storyweave.errors import FetchError
    from storyweave.ingest.url import public_addresses

    with pytest.raises(FetchError, match="non-public address"):
        public_addresses(host)


def test_public_address_passes() -> None:
    from storyweave.ingest.url import public_addresses

    assert public_addresses("93.184.215.14") == ["93.184.215.14"]  # numeric: resolves without a network


def test_private_hosts_off_refuses_local_server_and_redirects_into_it(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyweave.ingest import url as url_module

    httpserver.expect_request("/article").respond_with_data(PAGE, content_type="text/html")
    options = IngestOptions(private_hosts=False)
    for host in ("127.0.0.1", "localhost"):  # an address, and a name that resolves to one
        problem = one(list(read_sources([f"http://{host}:{httpserver.port}/article"], options)))
        assert isinstance(problem, Problem) and "non-public address" in problem.message
    # A redirect is checked too: let the name "localhost" pass as if it were public, then redirect to 127.0.0.1.
    real = url_module.public_addresses
    monkeypatch.setattr(
        url_module, "public_addresses", lambda host: ["127.0.0.1"] if host == "localhost" else real(host)
    )
    target = f"http://127.0.0.1:{httpserver.port}/article"
    httpserver.expect_request("/hop").respond_with_data("", status=302, headers={"Location": target})
    hop = f"http://localhost:{httpserver.port}/hop"
    problem = one(list(read_sources([hop], options)))
    assert isinstance(problem, Problem) and "non-public address" in problem.message
    assert [entry[0].path for entry in httpserver.log] == ["/hop"]  # the redirect target was never requested


def test_private_hosts_off_connects_to_the_address_it_checked(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a name that answers a public address to the check and a private one to the connection must not
    reach the private one. The connection uses the very address the check returned: here the check's answer for a
    name no DNS server knows is the test server, and the fetch reaches it (so nothing resolved the name again)."""
    from storyweave.ingest import url as url_module

    httpserver.expect_request("/article").respond_with_data(PAGE, content_type="text/html")
    asked: list[str] = []

    def checked(host: str) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"]  # as if "news.invalid" had resolved to a public address

    monkeypatch.setattr(url_module, "public_addresses", checked)
    doc = one(
        list(read_sources([f"http://news.invalid:{httpserver.port}/article"], IngestOptions(private_hosts=False)))
    )
    assert isinstance(doc, RawDocument) and asked == ["news.invalid"]
    assert httpserver.log[0][0].headers["Host"] == f"news.invalid:{httpserver.port}"
