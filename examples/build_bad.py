"""Write the deliberately bad inputs under ``examples/bad/``.

They are not part of the demo corpus: tests and docs feed them to the readers to show that each one is rejected
with a one-line message naming the file and the problem, while the rest of a batch goes on. The texts are invented.

Run from the repository root: ``.venv/bin/python examples/build_bad.py``. The output is deterministic.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

BAD_DIR = Path(__file__).parent / "bad"
BLOB_SIZE = 1024

# Windows-1252 on purpose: the curly quotes and the euro sign sit in 0x80-0x9F, so the bytes are neither valid
# UTF-8 nor the same text when read as Latin-1.
CP1252_ARTICLE = """Le pont de Saint-Éloi rouvert après dix-huit mois de travaux

CHÂTEAUROUX – Le pont de Saint-Éloi, fermé depuis l’automne 2024 à cause de fissures dans ses piles, a rouvert \
à la circulation vendredi matin, a annoncé la préfecture de l’Indre.

Les travaux ont coûté 6,8 millions d’euros, soit 1,2 million de plus que prévu. « Nous avons dû remplacer deux \
piles entières, ce qui n’était pas prévu au départ », a expliqué l’ingénieure chargée du chantier, Élodie Marchand.

Pendant la fermeture, les automobilistes devaient faire un détour de quatorze kilomètres. Les commerçants du \
quartier de la gare, qui dénonçaient une baisse de 30 % de leur chiffre d’affaires, se sont réjouis de la \
réouverture. « C’est un soulagement, on a perdu beaucoup de clients », a confié Gérard Lefèvre, boulanger.

La vitesse sera limitée à 30 km/h sur l’ouvrage jusqu’à la fin de l’été, le temps de vérifier le comportement \
des nouveaux joints de dilatation. Le coût total, 6,8 millions €, est partagé entre l’État, la région et le \
département.
"""

GOOD_JSONL_RECORDS = (
    {
        "title": "Ayuntamiento de Valdeoro aprueba un nuevo plan de autobuses nocturnos",
        "maintext": (
            "El pleno del Ayuntamiento de Valdeoro aprobó este martes un plan para crear cuatro líneas de autobús "
            "nocturno a partir de septiembre. El servicio costará 1,4 millones de euros al año, según la concejala "
            "de Movilidad, Pilar Ordóñez, que defendió la medida ante las quejas de los vecinos de los barrios "
            "periféricos."
        ),
        "date_publish": "2026-06-02 18:30:00",
        "url": "https://www.valdeoro-hoy.example/local/2026/06/plan-autobuses-nocturnos",
        "source_domain": "www.valdeoro-hoy.example",
        "language": "es",
        "authors": ["Redacción"],
    },
    {
        "title": "Museum in Harrowfield extends opening hours for summer",
        "maintext": (
            "The Harrowfield Museum of Industry will stay open until 9 p.m. on Fridays from June to August, its "
            "director Ruth Calloway said on Tuesday, after visitor numbers rose by 18 percent last year."
        ),
        "date_publish": "2026-06-02 09:00:00",
        "url": "https://www.harrowfield-gazette.example/culture/museum-summer-hours",
        "source_domain": "www.harrowfield-gazette.example",
        "language": "en",
        "authors": ["Tom Reyes"],
    },
)
# Cut off mid-string, the way a dump ends when the writer is killed.
BROKEN_JSONL_LINE = '{"title": "Stadtrat von Kellinghusen beschließt neuen Haushalt", "maintext": "Der Stadtrat hat am'

NO_MAIN_TEXT_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>World – The Meridian Ledger</title>
  <meta property="og:site_name" content="The Meridian Ledger">
  <meta property="og:title" content="World">
</head>
<body>
  <div class="cookie-consent"><p>We use cookies to improve your experience.</p><button>Accept all</button></div>
  <header><a class="logo" href="https://www.meridian-ledger.example/">The Meridian Ledger</a>
    <nav><ul>
      <li><a href="/">Home</a></li><li><a href="/world/">World</a></li><li><a href="/sport/">Sport</a></li>
    </ul></nav>
  </header>
  <main>
    <h1>World</h1>
    <ul class="teasers">
      <li><a href="/world/a1">Markets close higher</a></li>
      <li><a href="/world/a2">Weather: mild week ahead</a></li>
      <li><a href="/world/a3">Photos of the day</a></li>
    </ul>
    <p>Subscribe to our newsletter</p>
  </main>
  <footer><p>© 2026 The Meridian Ledger. All rights reserved.</p></footer>
</body>
</html>
"""

SCRIPT_ONLY_HTML = """<!DOCTYPE html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <title>Neue Fahrradbrücke über die Wümme eröffnet – Der Tagesbote</title>
  <meta property="og:title" content="Neue Fahrradbrücke über die Wümme eröffnet">
  <meta property="article:published_time" content="2026-06-03T10:00:00+02:00">
</head>
<body>
  <div id="app"></div>
  <script>
    window.__INITIAL_STATE__ = {"articleId": 48213, "render": "client"};
    document.getElementById("app").innerHTML = "<p>Bitte aktivieren Sie JavaScript.</p>";
  </script>
</body>
</html>
"""


def binary_blob(size: int = BLOB_SIZE) -> bytes:
    """Return ``size`` pseudo-random bytes from a hash chain: looks like a stray image, identical on every run."""
    out = bytearray()
    block = b"storyweave-bad-input"
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out.extend(block)
    # A PNG signature in front makes it look like an upload that landed in the wrong folder.
    return (b"\x89PNG\r\n\x1a\n" + bytes(out))[:size]


def build_bad(folder: Path = BAD_DIR) -> list[Path]:
    """Write every bad input into ``folder`` and return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    jsonl_lines = [
        json.dumps(GOOD_JSONL_RECORDS[0], ensure_ascii=False),
        BROKEN_JSONL_LINE,
        json.dumps(GOOD_JSONL_RECORDS[1], ensure_ascii=False),
    ]
    contents: dict[str, bytes] = {
        "empty.txt": b"",
        "binary_blob.txt": binary_blob(),
        "one_broken_line.jsonl": ("\n".join(jsonl_lines) + "\n").encode("utf-8"),
        "no_main_text.html": NO_MAIN_TEXT_HTML.encode("utf-8"),
        "cp1252_article.txt": CP1252_ARTICLE.encode("cp1252"),
        "script_only.html": SCRIPT_ONLY_HTML.encode("utf-8"),
    }
    written = []
    for name, data in contents.items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in build_bad(Path(sys.argv[1]) if len(sys.argv) > 1 else BAD_DIR):
        print(f"wrote {written_path} ({written_path.stat().st_size} bytes)")
