"""Invented test data for the web tests: a small store written directly (no models), and a live server helper.

The events are invented. One article is hostile on purpose: markup, ``javascript:`` links and event handlers in every
field a page prints, to prove the UI keeps article text inert.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from storyweave.config import CleanOptions
from storyweave.pipeline import prepare_article
from storyweave.store import open_store
from storyweave.store.base import GroupedRow
from storyweave.types import Article, Mention, RawDocument, RemovedLine, Sentence, article_id

FLOOD_EN = """Flood closes the Vellmar river bridge as water rises two metres

Share this article

The Vellmar river rose two metres overnight and forced the closure of the old town bridge on Monday, the regional
water authority said.

"We have never seen the water climb this fast in March," authority director Ilse Brandauer told reporters.

About 300 residents were moved to the sports hall in Kessling, according to the fire brigade.
"""

FLOOD_DE = """Hochwasser: Vellmar-Brücke gesperrt, Pegel steigt um zwei Meter

Der Pegel der Vellmar ist in der Nacht um zwei Meter gestiegen; die Altstadtbrücke wurde am Montag gesperrt, wie die
regionale Wasserbehörde mitteilte.

Rund 500 Anwohner wurden in die Sporthalle von Kessling gebracht, teilte die Feuerwehr mit.
"""

FLOOD_ES = """Inundación obliga a cerrar el puente del río Vellmar

El río Vellmar subió dos metros durante la noche y obligó a cerrar el puente del casco antiguo el lunes, según la
autoridad regional del agua.

Unos 300 vecinos fueron trasladados al pabellón deportivo de Kessling, informaron los bomberos.
"""

ORCHARD_PT = """Geada destrói metade das cerejas no vale de Arvelos

Uma geada tardia destruiu metade da colheita de cerejas no vale de Arvelos na madrugada de quarta-feira, disseram os
produtores locais.

A cooperativa de Arvelos pede ajuda ao governo para os 80 produtores afetados.
"""

ORCHARD_FR = """Le gel détruit la moitié des cerises de la vallée d'Arvelos

Un gel tardif a détruit la moitié de la récolte de cerises dans la vallée d'Arvelos mercredi, selon les producteurs.

La coopérative d'Arvelos demande l'aide du gouvernement pour les 80 producteurs touchés.
"""

HOSTILE_TITLE = "<script>window.__pwned = 'title'</script> Harbour crane collapses"
HOSTILE_TEXT = (
    'A crane collapsed at the harbour on Tuesday. <script>window.__pwned = "text"</script>\n'
    "<a href=\"javascript:window.__pwned='link'\">Read the full statement</a> said the port authority.\n"
    "<img src=x onerror=\"window.__pwned='img'\"> Nobody was hurt, the authority added."
)
HOSTILE_URL = "javascript:window.__pwned='url'"
HOSTILE_SOURCE = "<b onmouseover=\"window.__pwned='source'\">Port Gazette</b>"
HOSTILE_REMOVED = "<svg onload=\"window.__pwned='removed'\">Follow us</svg>"


#: The reference seeds (two noisy reports of one event), next to the repository; tests skip when absent.
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@dataclass(slots=True)
class WebData:
    db: Path
    flood_story: str
    orchard_story: str
    hostile_story: str
    flood_ids: list[str]
    hostile_id: str


def _article(text: str, source: str, published: datetime, language: str) -> Article:
    raw = RawDocument(origin=f"invented:{source}", text=text, source=source, published=published, language=language)
    article = prepare_article(raw, CleanOptions())
    assert isinstance(article, Article), article
    return article


def hostile_article() -> Article:
    ident = article_id(None, HOSTILE_TEXT)
    lines = HOSTILE_TEXT.split("\n")
    sentences, at = [], 0
    for index, line in enumerate(lines):
        sentences.append(Sentence(ident, index, at, at + len(line), line))
        at += len(line) + 1
    return Article(
        id=ident,
        title=HOSTILE_TITLE,
        text=HOSTILE_TEXT,
        raw_text=HOSTILE_REMOVED + "\n" + HOSTILE_TEXT,
        url=HOSTILE_URL,
        source=HOSTILE_SOURCE,
        published=datetime(2026, 6, 2, 9, 0, tzinfo=UTC),
        language="en",
        authors=["<i>Jo</i>"],
        removed=[RemovedLine(HOSTILE_REMOVED, "social_prompt", 0)],
        sentences=sentences,
    )


def build_store(db: Path) -> WebData:
    """A store of three invented stories in five languages, grouped by hand (no models needed)."""
    flood = [
        _article(FLOOD_EN, "Vellmar Courier", datetime(2026, 3, 9, 7, 30, tzinfo=UTC), "en"),
        _article(FLOOD_DE, "Kesslinger Anzeiger", datetime(2026, 3, 9, 9, 0, tzinfo=UTC), "de"),
        _article(FLOOD_ES, "Diario del Norte", datetime(2026, 3, 9, 15, 45, tzinfo=UTC), "es"),
    ]
    orchard = [
        _article(ORCHARD_PT, "Jornal de Arvelos", datetime(2026, 4, 15, 8, 0, tzinfo=UTC), "pt"),
        _article(ORCHARD_FR, "Le Courrier du Sud", datetime(2026, 4, 15, 12, 0, tzinfo=UTC), "fr"),
    ]
    hostile = hostile_article()
    stories = {"s-flood000000000001": flood, "s-orchard000000001": orchard, "s-hostile000000001": [hostile]}
    with open_store(db) as store:
        store.write_articles([a for members in stories.values() for a in members])
        rows, position = [], 0
        for story_id, members in stories.items():
            for article in members:
                rows.append(GroupedRow(article.id, position, [], story_id, None))
                position += 1
        store.write_grouping(rows, {}, {"s-flood-old-alias": "s-flood000000000001"}, {})
        mentions = [(a.id, [_mention(a, "Vellmar", "LOC"), _mention(a, "Kessling", "GPE")], [], None) for a in flood]
        store.write_annotations(mentions)
    return WebData(
        db=db,
        flood_story="s-flood000000000001",
        orchard_story="s-orchard000000001",
        hostile_story="s-hostile000000001",
        flood_ids=[a.id for a in flood],
        hostile_id=hostile.id,
    )


def _mention(article: Article, name: str, kind: str) -> Mention:
    at = article.text.find(name)
    sentence = next(s.index for s in article.sentences if s.char_start <= at < s.char_end)
    text = article.text[at : at + len(name)]
    return Mention(article.id, sentence, at, at + len(name), text, kind, name)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(app: object) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1:<free port> in a background thread; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stories?limit=1", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        raise RuntimeError(f"test server on {base} did not start within 30 s")
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
