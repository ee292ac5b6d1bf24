"""Build ``articles/warc/sample_crawl.warc.gz``: four article pages as a crawler would have stored them.

The pages are invented (see ``README.md``). Every header that a crawler would normally fill from the clock or a
random generator — WARC-Date, WARC-Record-ID, the HTTP ``Date`` — is fixed here, so running the script again
writes the same records; ``tests/test_examples_corpus.py`` checks that.

Run from the repository root: ``.venv/bin/python examples/build_warc.py``.
"""

from __future__ import annotations

import html
import io
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_PATH = Path(__file__).parent / "articles" / "warc" / "sample_crawl.warc.gz"
# A fixed namespace makes record ids a pure function of the URL and record type.
RECORD_ID_NAMESPACE = uuid.UUID("6f1d3c1e-2a57-4c4e-9b0e-5d0a7f3e8b21")
CRAWL_STARTED = "2026-05-10T03:00:00Z"
# Seconds between the article's publication and our invented crawler fetching it.
FETCH_DELAY_SECONDS = 3 * 3600


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    published: str
    lang: str
    outlet: str
    author: str
    title: str
    paragraphs: tuple[str, ...]


PAGES: tuple[Page, ...] = (
    Page(
        url="https://www.rhein-kurier.example/2026/02/ausland/korruptionsverdacht-in-lyon-ex-chef-der-sozialwohnungsbehorde-festgenommen",
        published="2026-02-18T09:00:00+01:00",
        lang="de",
        outlet="Rhein-Kurier",
        author="Jonas Weber",
        title="Korruptionsverdacht in Lyon: Ex-Chef der Sozialwohnungsbehörde festgenommen",
        paragraphs=(
            (
                "Lyon (AFP) – Die französische Polizei hat den früheren Direktor der öffentlichen "
                "Wohnungsbaugesellschaft des Départements Rhône, Bertrand Vasseur, festgenommen. Ihm wird "
                "vorgeworfen, zwischen 2019 und 2024 rund 2,4 Millionen Euro öffentlicher Gelder veruntreut zu "
                "haben, wie die Staatsanwaltschaft Lyon am Dienstag mitteilte."
            ),
            (
                "Der 61-Jährige wurde am frühen Dienstagmorgen in seiner Wohnung in Caluire-et-Cuire nördlich von "
                "Lyon in Gewahrsam genommen. Zugleich nahmen Ermittler in Villeurbanne zwei Unternehmer fest und "
                "durchsuchten den Sitz der Behörde."
            ),
            (
                "Die Ermittler vermuten, dass Renovierungsaufträge ohne Ausschreibung an Firmen vergeben wurden, "
                "die Verwandten Vasseurs gehören. „Es geht um Veruntreuung öffentlicher Gelder, Begünstigung und "
                "Geldwäsche“, sagte die Staatsanwältin."
            ),
            (
                "Vasseurs Anwältin Hélène Corbière erklärte, ihr Mandant weise alle Vorwürfe „entschieden "
                "zurück“. Nach französischem Recht kann der Gewahrsam bis zu 48 Stunden dauern."
            ),
            (
                "Die Behörde verwaltet rund 30.000 Sozialwohnungen im Großraum Lyon. Mieterverbände beklagen seit "
                "Jahren den schlechten Zustand vieler Gebäude. Lyon ist Partnerstadt von Frankfurt am Main; die "
                "dortige Wohnungsbaugesellschaft arbeitete mit der Behörde in einem Austauschprogramm zur "
                "energetischen Sanierung zusammen, das nach Angaben eines Sprechers bereits 2023 endete."
            ),
        ),
    ),
    Page(
        url="https://www.noticias-tejo.example/2026/03/pais/greve-de-24-horas-na-ferrolusa-linhas-de-sintra",
        published="2026-03-12T19:00:00+00:00",
        lang="pt",
        outlet="Notícias do Tejo",
        author="Rita Gonçalves",
        title="Greve de 24 horas na FerroLusa: linhas de Sintra e Cascais quase paradas",
        paragraphs=(
            (
                "A greve de 24 horas convocada pelo Sindicato Ferroviário Independente (SFI) deixou esta "
                "quinta-feira praticamente paradas as linhas suburbanas de Sintra e de Cascais, com apenas os "
                "serviços mínimos a circular nas horas de ponta."
            ),
            (
                "Segundo a FerroLusa, foram suprimidos cerca de 430 comboios até às 18h00, de um total de mais de "
                "1.100 previstos para o dia. A empresa sublinhou que a adesão foi “elevada” entre os "
                "trabalhadores de bilheteiras e revisores."
            ),
            (
                "O coordenador do SFI, Paulo Antunes, garantiu que a adesão à greve superou os 85% e avisou que "
                "novas paralisações podem ser marcadas para abril. “Se o Governo não apresentar uma proposta "
                "séria, voltaremos à luta”, disse."
            ),
            (
                "O sindicato reivindica um aumento de 90 euros mensais para todos os trabalhadores e a "
                "contratação de 300 pessoas. O Governo propõe uma atualização de 4,5% e a negociação de um novo "
                "acordo de empresa até junho."
            ),
            (
                "Na estação de Sete Rios, passageiros esperavam pelos autocarros de substituição que a Câmara de "
                "Lisboa reforçou durante a manhã. “Ninguém nos avisa de nada”, lamentou João Matias, que trabalha "
                "num hospital da capital."
            ),
            "A circulação deverá regressar à normalidade na manhã de sexta-feira.",
        ),
    ),
    Page(
        url="https://www.nordsee-zeitung-sonntag.example/welt/feuer-auf-fahre-in-der-agais-312-passagiere-in-154791.html",
        published="2026-04-07T18:30:00+02:00",
        lang="de",
        outlet="Nordsee-Zeitung am Sonntag",
        author="Anke Petersen",
        title="Feuer auf Fähre in der Ägäis – 312 Passagiere in Sicherheit gebracht",
        paragraphs=(
            (
                "Athen (dpa) – Nach einem Brand im Maschinenraum einer Passagierfähre in der Ägäis sind am "
                "Dienstag alle 312 Passagiere und 41 Besatzungsmitglieder in Sicherheit gebracht worden. Das "
                "teilte die griechische Küstenwache mit."
            ),
            (
                "Die Fähre „Aegean Star“ war auf dem Weg von Piräus nach Santorini, als die Besatzung gegen 11.20 "
                "Uhr Rauch meldete. Das Schiff befand sich zu diesem Zeitpunkt etwa sechs Seemeilen nordwestlich "
                "der Insel Naxos. Die Passagiere wurden mit Rettungsbooten auf zwei andere Fähren und ein Schiff "
                "der Küstenwache gebracht."
            ),
            (
                "Sieben Menschen wurden wegen Rauchvergiftungen behandelt, darunter zwei Besatzungsmitglieder, "
                "die versucht hatten, das Feuer zu löschen. Lebensgefahr bestand nach Behördenangaben für "
                "niemanden."
            ),
            (
                "Unter den Passagieren waren nach Angaben des Auswärtigen Amts auch 23 deutsche Urlauber. Sie "
                "seien alle wohlauf, hieß es aus Berlin."
            ),
            (
                "Am Abend war das Feuer unter Kontrolle. Die Fähre soll nach Naxos geschleppt und dort untersucht "
                "werden. Das griechische Schifffahrtsministerium leitete eine Untersuchung zur Brandursache ein. "
                "Das 1999 gebaute Schiff hatte die letzte Sicherheitsprüfung im Februar bestanden."
            ),
        ),
    ),
    Page(
        url="https://www.adriatic-observer.example/2026/05/europe/two-dead-as-savio-river-floods-cesena-after-torrential",
        published="2026-05-06T20:00:00+02:00",
        lang="en",
        outlet="The Adriatic Observer",
        author="Laura Bennett",
        title="Two dead as Savio river floods Cesena after torrential rain",
        paragraphs=(
            (
                "CESENA, Italy — Two people died and about 3,000 were evacuated overnight into Wednesday after "
                "the Savio river burst its banks in Italy's Emilia-Romagna region following more than 36 hours of "
                "torrential rain, local authorities said."
            ),
            (
                "A 78-year-old man was found dead in his flooded home and a 52-year-old driver was swept away by "
                "floodwater on a provincial road near Mercato Saraceno, the prefecture of Forlì-Cesena said."
            ),
            (
                "Firefighters carried out more than 400 rescues, using rubber dinghies to reach families trapped "
                "on the upper floors of their homes in the Ponte Vecchio district of Cesena."
            ),
            (
                "“Two hundred millimetres of rain fell in a day and a half, an exceptional amount,” the president "
                "of the region told reporters. The civil protection agency kept a red alert in place until "
                "Thursday, and schools in Cesena and twelve other towns will stay closed until Friday."
            ),
            (
                "The government said the cabinet would declare a state of emergency for the provinces of "
                "Forlì-Cesena and Ravenna on Thursday. A farmers' association warned of heavy damage to peach and "
                "apricot orchards, which were in blossom."
            ),
            (
                "The region was devastated by floods in May 2023 that killed 17 people. Environmental groups have "
                "accused authorities of failing to build new flood defences fast enough since then."
            ),
        ),
    ),
)

# Chrome words per page language, so the pages look like their outlets' real pages rather than bare text.
_CHROME: dict[str, tuple[str, str, str]] = {
    "de": ("Wir verwenden Cookies, um unser Angebot zu verbessern.", "Akzeptieren", "Teilen"),
    "en": ("This site uses cookies to personalise content and ads.", "Accept", "Share"),
    "pt": ("Este site utiliza cookies para melhorar a sua experiência.", "Aceitar", "Partilhar"),
}


def render_page(page: Page) -> str:
    """Return a full article page: head metadata, cookie banner, navigation, body, share links, footer."""
    esc = html.escape
    cookie, accept, share = _CHROME[page.lang]
    host = page.url.split("/")[2]
    body = "\n".join(f"      <p>{esc(p)}</p>" for p in page.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{page.lang}">
<head>
  <meta charset="utf-8">
  <title>{esc(page.title)} – {esc(page.outlet)}</title>
  <meta name="author" content="{esc(page.author)}">
  <meta property="og:title" content="{esc(page.title)}">
  <meta property="og:site_name" content="{esc(page.outlet)}">
  <meta property="og:url" content="{esc(page.url)}">
  <meta property="article:published_time" content="{page.published}">
  <link rel="canonical" href="{esc(page.url)}">
  <script>var _paq = window._paq || []; _paq.push(["trackPageView"]);</script>
</head>
<body>
  <div class="cookie-notice"><p>{esc(cookie)}</p><button>{esc(accept)}</button></div>
  <header><a class="brand" href="https://{host}/">{esc(page.outlet)}</a>
    <nav><a href="https://{host}/">Home</a> | <a href="https://{host}/news/">News</a></nav></header>
  <main>
    <article>
      <h1>{esc(page.title)}</h1>
      <p class="meta">{esc(page.author)} · <time datetime="{page.published}">{page.published[:10]}</time></p>
{body}
      <div class="share">{esc(share)}: <a href="https://x.example/share?u={esc(page.url)}">X</a>
        <a href="https://facebook.example/share?u={esc(page.url)}">Facebook</a></div>
    </article>
  </main>
  <footer><p>© 2026 {esc(page.outlet)}</p></footer>
</body>
</html>
"""


def _record_id(url: str, kind: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(RECORD_ID_NAMESPACE, kind + ' ' + url)}>"


def _fetch_time(page: Page) -> datetime:
    published = datetime.fromisoformat(page.published).astimezone(UTC)
    return datetime.fromtimestamp(published.timestamp() + FETCH_DELAY_SECONDS, tz=UTC)


def build_warc(path: Path = WARC_PATH) -> Path:
    """Write the WARC file (gzip per record) to ``path`` and return it.

    The warcinfo record always names the committed file, so a rebuild elsewhere (a test's temporary folder) is
    byte-identical to it.
    """
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    info = writer.create_warcinfo_record(
        WARC_PATH.name, {"software": "storyweave examples/build_warc.py", "description": "invented sample pages"}
    )
    info.rec_headers.replace_header("WARC-Record-ID", _record_id(WARC_PATH.name, "warcinfo"))
    info.rec_headers.replace_header("WARC-Date", CRAWL_STARTED)
    writer.write_record(info)
    for page in PAGES:
        payload = render_page(page).encode("utf-8")
        fetched = _fetch_time(page)
        http_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(payload))),
                ("Date", format_datetime(fetched, usegmt=True)),
                ("Server", "nginx"),
            ],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            page.url,
            "response",
            payload=io.BytesIO(payload),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Record-ID": _record_id(page.url, "response"),
                "WARC-Date": fetched.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )
        writer.write_record(record)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


if __name__ == "__main__":
    out = build_warc(Path(sys.argv[1]) if len(sys.argv) > 1 else WARC_PATH)
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(PAGES)} pages)")
