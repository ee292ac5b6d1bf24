"""RSS and Atom feeds: full-content entries, summary-only entries, dates, authors, scripts in entries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from storyweave.config import IngestOptions
from storyweave.ingest import read_bytes, read_sources
from storyweave.types import Problem, RawDocument

OPTIONS = IngestOptions()

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Gazeta da Cotovia</title>
  <link>https://gazeta-cotovia.example/</link>
  <language>pt-BR</language>
  <item>
    <title>Balsa volta a operar</title>
    <link>https://gazeta-cotovia.example/balsa</link>
    <pubDate>Tue, 06 May 2031 10:00:00 -0300</pubDate>
    <dc:creator>Ana Ribeiro</dc:creator>
    <description>Resumo curto.</description>
    <content:encoded><![CDATA[<p>A balsa voltou a operar na terça-feira.</p>
      <script>document.write('anúncio')</script><p>Os comerciantes comemoraram.</p>]]></content:encoded>
  </item>
  <item>
    <title>Greve termina</title>
    <link>https://gazeta-cotovia.example/greve</link>
    <pubDate>Mon, 05 May 2031 18:30:00 GMT</pubDate>
    <description><![CDATA[O sindicato aceitou o acordo <b>salarial</b>.]]></description>
  </item>
  <item><title>Sem texto</title><link>https://gazeta-cotovia.example/vazio</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Le Courrier de la Baie</title>
  <id>urn:uuid:courrier-baie</id>
  <updated>2031-05-06T09:00:00+02:00</updated>
  <entry>
    <title>Le bac reprend du service</title>
    <link href="https://courrier-baie.example/bac"/>
    <id>urn:uuid:bac</id>
    <published>2031-05-06T08:30:00+02:00</published>
    <updated>2031-05-06T09:00:00+02:00</updated>
    <author><name>Zoé Martin</name></author>
    <content type="html">&lt;p&gt;Le bac a repris mardi.&lt;/p&gt;
      &lt;p&gt;Les commerçants sont soulagés.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_full_content_and_summary_entries(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    full, summary, empty = list(read_sources([str(path)], OPTIONS))
    assert isinstance(full, RawDocument) and isinstance(summary, RawDocument)
    assert full.origin == f"{path}#entry 1"
    assert full.format == "feed"
    assert full.body_kind == "full"
    assert full.text == "A balsa voltou a operar na terça-feira.\nOs comerciantes comemoraram."
    assert full.title == "Balsa volta a operar"
    assert full.url == "https://gazeta-cotovia.example/balsa"
    assert full.source == "Gazeta da Cotovia"
    assert full.language == "pt"
    assert full.authors == ["Ana Ribeiro"]
    assert full.published == datetime(2031, 5, 6, 13, 0, tzinfo=UTC)
    assert summary.body_kind == "summary"
    assert summary.text == "O sindicato aceitou o acordo salarial."
    assert summary.published == datetime(2031, 5, 5, 18, 30, tzinfo=UTC)
    assert isinstance(empty, Problem)
    assert empty.origin == f"{path}#entry 3"


def test_atom_entry(tmp_path: Path) -> None:
    path = tmp_path / "atom.xml"
    path.write_text(ATOM, encoding="utf-8")
    [doc] = list(read_sources([str(path)], OPTIONS))
    assert isinstance(doc, RawDocument)
    assert doc.text == "Le bac a repris mardi.\nLes commerçants sont soulagés."
    assert doc.body_kind == "full"
    assert doc.published == datetime(2031, 5, 6, 6, 30, tzinfo=UTC)
    assert doc.source == "Le Courrier de la Baie"
    assert doc.authors == ["Zoé Martin"]
    assert doc.url == "https://courrier-baie.example/bac"
    assert doc.language == "fr"


def test_feed_sniffed_without_extension() -> None:
    items = list(read_bytes(RSS.encode(), "feeds/latest", OPTIONS))
    assert [item.format for item in items if isinstance(item, RawDocument)] == ["feed", "feed"]


def test_broken_feed_is_a_problem() -> None:
    broken = b'<?xml version="1.0"?><rss><channel><title>x</ti'
    [problem] = list(read_bytes(broken, "bad.rss", OPTIONS, filename="bad.rss"))
    assert isinstance(problem, Problem)
    assert problem.origin == "bad.rss"
    assert "feed" in problem.message
