"""Sentence splitting: offsets are exact, and the hard cases of news text split where a reader would."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.annotate.sentences import split_sentences

SEEDS = Path(__file__).parents[2] / "shared" / "seeds"


def texts(text: str, language: str | None = None) -> list[str]:
    return [s.text for s in split_sentences("a1", text, language)]


CASES = [
    (
        "en",
        "U.S. officials said the talks in Port Evander failed. The council disagreed.",
        ["U.S. officials said the talks in Port Evander failed.", "The council disagreed."],
    ),
    (
        "en",
        "The ferry carried grain to Norland.Harbour master Ana Reyes said the route stays open.",
        ["The ferry carried grain to Norland.", "Harbour master Ana Reyes said the route stays open."],
    ),
    (
        "en",
        "Read more at example.com today. Prices rose 3.5 percent in May.",
        ["Read more at example.com today.", "Prices rose 3.5 percent in May."],
    ),
    (
        "en",
        "J. Okafor met Dr. Lindqvist and Mr. Tan. They talked... Then they left.",
        ["J. Okafor met Dr. Lindqvist and Mr. Tan.", "They talked...", "Then they left."],
    ),
    (
        "en",
        '"We will rebuild the pier." The minister left. “It is over.” Nobody answered.',
        ['"We will rebuild the pier."', "The minister left.", "“It is over.”", "Nobody answered."],
    ),
    (
        "en",
        "Talks were held in the U.S. The delegates agreed. The U.S. Navy sailed on.",
        ["Talks were held in the U.S.", "The delegates agreed.", "The U.S. Navy sailed on."],
    ),
    (
        "en",
        "Fruit, grain, etc. were shipped. Bananas, apples, etc. The market closed at 5 p.m. on Friday.",
        ["Fruit, grain, etc. were shipped.", "Bananas, apples, etc.", "The market closed at 5 p.m. on Friday."],
    ),
    (
        "es",
        "¿Qué pasará con el muelle? El Sr. Navarro dijo que sí. ¡Basta ya! La Sra. Ibáñez calló.",
        ["¿Qué pasará con el muelle?", "El Sr. Navarro dijo que sí.", "¡Basta ya!", "La Sra. Ibáñez calló."],
    ),
    (
        "es",
        "EE.UU. anunció sanciones. Las sanciones llegan a EE.UU. El puerto cerró.",
        ["EE.UU. anunció sanciones.", "Las sanciones llegan a EE.UU.", "El puerto cerró."],
    ),
    (
        "pt",
        "O Dr. Teixeira chegou às 10h. A reunião, p.ex. sobre a ponte, durou 2,5 horas.",
        ["O Dr. Teixeira chegou às 10h.", "A reunião, p.ex. sobre a ponte, durou 2,5 horas."],
    ),
    (
        "fr",
        "M. Fontaine a parlé. « Nous restons. » Il est parti. Mme Garnier a répondu.",
        ["M. Fontaine a parlé.", "« Nous restons. »", "Il est parti.", "Mme Garnier a répondu."],
    ),
    (
        "de",
        "Am 3. November kam er an, z.B. mit dem Zug. Das Treffen dauerte an. Nr. 5 fehlte.",
        ["Am 3. November kam er an, z.B. mit dem Zug.", "Das Treffen dauerte an.", "Nr. 5 fehlte."],
    ),
    (
        "it",
        "Il Dott. Ferri ha detto: «Basta.» Poi è uscito dal porto.",
        ["Il Dott. Ferri ha detto: «Basta.»", "Poi è uscito dal porto."],
    ),
    (
        "nl",
        "Dhr. Jansen zei dat het o.a. over geld ging. Daarna vertrok hij.",
        ["Dhr. Jansen zei dat het o.a. over geld ging.", "Daarna vertrok hij."],
    ),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_splits_like_a_reader(language: str, text: str, expected: list[str]) -> None:
    assert texts(text, language) == expected


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_same_result_without_language_hint(language: str, text: str, expected: list[str]) -> None:
    # The union of abbreviation lists must not break any language's cases.
    assert texts(text) == expected


def test_full_width_stops_need_no_space() -> None:
    assert texts("港口周五重新开放。市长出席了仪式！") == ["港口周五重新开放。", "市长出席了仪式！"]


def test_never_spans_a_line_break() -> None:
    text = "A headline without a stop\nThe first paragraph. And more\n\nLast one"
    got = split_sentences("a1", text, "en")
    assert [s.text for s in got] == ["A headline without a stop", "The first paragraph.", "And more", "Last one"]
    assert all("\n" not in s.text for s in got)


def test_offsets_indices_and_article_id() -> None:
    text = "  First one.  Second one?\n\tThird!  "
    got = split_sentences("abc", text, "en")
    assert [s.index for s in got] == [0, 1, 2]
    assert all(s.article_id == "abc" for s in got)
    assert [(s.char_start, s.char_end) for s in got] == [(2, 12), (14, 25), (27, 33)]


def test_glued_stop_does_not_split_acronyms_or_domains() -> None:
    assert texts("The U.S.Army band and news.example.org agreed.", "en") == [
        "The U.S.Army band and news.example.org agreed."
    ]


def test_empty_and_blank() -> None:
    assert split_sentences("a", "") == []
    assert split_sentences("a", " \n \t\n") == []


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("aZé .!?…\"'”»«(¿\n\t 3.,Ue")) | st.characters(),
        max_size=200,
    ),
    st.sampled_from([None, "en", "es", "pt", "fr", "de", "it", "nl", "tr", "xx"]),
)
def test_offsets_property(text: str, language: str | None) -> None:
    got = split_sentences("p", text, language)
    covered = [False] * len(text)
    previous_end = 0
    for i, s in enumerate(got):
        assert s.index == i
        assert text[s.char_start : s.char_end] == s.text
        assert s.text and not s.text[0].isspace() and not s.text[-1].isspace()
        assert "\n" not in s.text
        assert s.char_start >= previous_end
        previous_end = s.char_end
        for j in range(s.char_start, s.char_end):
            covered[j] = True
    assert all(covered[j] or text[j].isspace() for j in range(len(text)))


def test_seed_glued_stop_splits() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not found at {SEEDS}")
    paths = sorted(SEEDS.glob("001_*.txt"))
    if not paths:
        pytest.skip("seed 001 not present")
    got = texts(paths[0].read_text(encoding="utf-8"), "en")
    assert any(s.endswith("shipments to Russia.") for s in got)
    assert any(
        s.startswith("White House National Security Council spokesman John Kirby on Wednesday, April 2") for s in got
    )
    assert not any("Russia.White" in s for s in got)
    assert not any(s == "U.S." or s.endswith(" U.") for s in got)


def test_long_spans_are_cut_at_a_space_within_the_cap() -> None:
    from storyweave.annotate.sentences import MAX_SENTENCE_CHARS

    blob = "x" * (3 * MAX_SENTENCE_CHARS)
    text = "A short one. " + "word " * MAX_SENTENCE_CHARS + "end.\n" + blob + "\nLast line."
    sentences = split_sentences("a", text, "en")
    assert all(0 < len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.char_start : s.char_end] == s.text for s in sentences)
    words = [s.text for s in sentences if s.text.startswith("word") or s.text.endswith("end.")]
    assert all(not w.startswith(" ") and not w.endswith(" ") for w in words)  # cut at spaces, trimmed
    assert "".join(s.text for s in sentences if s.text.startswith("x")) == blob  # a blob is cut hard, nothing lost
    assert sentences[-1].text == "Last line."
