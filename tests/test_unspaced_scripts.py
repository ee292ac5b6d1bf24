"""Scripts written without spaces (Chinese, Japanese, Thai): words for grouping and claims (annotate/unspaced.py).

Before, a Chinese clause was one "word": two invented Chinese reports of one bridge collapse shared none, got
same-event 0.24 and stayed two stories, and no Chinese sentence was long enough to be a claim. The reports below are
invented (places, people and events)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyweave.annotate.unspaced import has_unspaced, split_unspaced, unspaced_grams, word_count
from storyweave.compare import StoryBrief, build_brief
from storyweave.config import Settings
from storyweave.group import GroupOptions
from storyweave.group.features import words
from storyweave.pipeline import Models, cluster, ingest, load_story_material
from storyweave.store import open_store

#: file name -> text. Two Chinese reports of one bridge collapse, one of another collapse; two Japanese reports of
#: one landslide.
REPORTS = {
    "bridge-a.txt": "青石县大桥周二凌晨坍塌 三辆货车坠入河中\n\n"
    "青石县交通局周二表示，横跨白鹭河的青石大桥于当天凌晨四时许突然坍塌，三辆正在过桥的货车坠入河中。\n"
    "救援人员已从河中救出两名司机，另有一名司机仍下落不明。\n"
    "县交通局局长李明远在现场对记者说，大桥建于一九九八年，去年曾进行过检修。\n"
    "事故原因正在调查之中，当地警方已封锁通往大桥的道路。\n"
    "附近居民说，坍塌时听到了巨大的响声，整个村子都被惊醒了。\n",
    "bridge-b.txt": "白鹭河上青石大桥垮塌 一名货车司机失踪\n\n"
    "据青石县政府通报，白鹭河青石大桥周二凌晨发生坍塌，当时有三辆货车正在桥上行驶，全部落入河中。\n"
    "消防和救援队伍救出两名司机，仍有一名司机失踪，搜救工作仍在进行。\n"
    "青石县交通局局长李明远表示，这座大桥于一九九八年建成，去年刚刚完成检修，坍塌原因尚在调查。\n"
    "警方已对大桥两端实施交通管制。\n",
    "overpass.txt": "红山市一座立交桥周五晚间部分倒塌 无人伤亡\n\n"
    "红山市住建局周五晚间通报，城东一座建于二零零五年的立交桥部分桥面倒塌，事发时桥上没有车辆，未造成人员伤亡。\n"
    "住建局副局长王海涛说，专家组已经赶到现场，将对全市桥梁进行安全检查。\n"
    "该市已调整公交线路，绕开事发路段。\n",
    "landslide-a.txt": "霧島谷町で土砂崩れ 住宅三棟が巻き込まれる\n\n"
    "霧島谷町で木曜日の早朝、大雨による土砂崩れが発生し、住宅三棟が土砂に巻き込まれた。\n"
    "町役場によると、住民五人が救助され、一人の行方がわからなくなっている。\n"
    "消防と自衛隊が捜索を続けており、町は周辺の百二十世帯に避難指示を出した。\n"
    "気象台は、この地域では三日間で四百ミリを超える雨が降ったと発表した。\n",
    "landslide-b.txt": "霧島谷町の土砂崩れ 一人が行方不明、捜索続く\n\n"
    "大雨が続いた霧島谷町で木曜日朝、裏山が崩れて住宅三棟が土砂にのまれた。\n"
    "五人が救助されたが、一人の安否がわかっていない。\n"
    "町は百二十世帯に避難指示を出し、消防と自衛隊が夜を徹して捜索している。\n"
    "町長は記者会見で、住民の安全を最優先にすると述べた。\n",
}


def test_chinese_runs_become_character_pairs() -> None:
    assert words("青石大桥坍塌") == ["青石", "石大", "大桥", "桥坍", "坍塌"]
    # spaced parts of a mixed token stay whole; a one-character run stays whole
    assert words("COVID-19在东京 的") == ["covid", "19", "在东", "东京", "的"]
    assert words("東京都で地震") == ["東京", "京都", "都で", "で地", "地震"]
    assert words("ภาษาไทย") == ["ภา", "าษ", "ษา", "าไ", "ไท", "ทย"]
    assert words("The bridge fell, 1,200 cars") == ["the", "bridge", "fell", "1,200", "cars"]


def test_word_counts_read_unspaced_scripts() -> None:
    assert word_count("The bridge fell on Tuesday.") == 5
    assert word_count("救援人员已从河中救出两名司机。") == 7  # 14 characters, two a word
    assert word_count("据新华社 3 月 2 日电") == 6  # "据新华社" two, then "3", "月", "2", "日电" one each
    assert word_count("") == 0
    spaced, grams = unspaced_grams("Li 明远 said")
    assert spaced.split() == ["Li", "said"] and grams == ["明远"]


#: the pattern group/features.py used for every text before: spaced text must read exactly as it did
_OLD_WORD = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)


@given(st.text(max_size=300))
def test_any_text_reads_without_error(text: str) -> None:
    tokens = words(text)
    assert all(tokens)
    assert word_count(text) >= 0
    if not has_unspaced(text):
        assert tokens == _OLD_WORD.findall(text.casefold())
        assert word_count(text) == len(text.split())
    else:
        assert all(len(t) <= 2 or not has_unspaced(t) for t in tokens)


@given(st.lists(st.text(alphabet="青石大桥ab1 ภา", max_size=12), max_size=8))
def test_split_keeps_every_character_of_a_run(tokens: list[str]) -> None:
    pieces = split_unspaced(tokens)
    for token in tokens:
        for char in token:
            if has_unspaced(char):
                assert any(char in piece for piece in pieces)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Models]]:
    folder = tmp_path_factory.mktemp("unspaced")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(db=folder / "unspaced.db")
    models = Models()
    with open_store(settings.db) as store:
        report = ingest([str(folder / name) for name in REPORTS], settings, store)
        assert not report.problems
        cluster(store, models, GroupOptions())
    yield settings, models


def _stories(settings: Settings) -> dict[str, str]:
    """file name -> story id"""
    with open_store(settings.db) as store:
        out = {}
        for story in store.list_stories():
            for member in store.story_member_ids(story.id):
                article = store.get_article(member)
                assert article is not None
                out[Path(article.origin).name] = story.id
        return out


@pytest.mark.slow
def test_reports_of_one_event_group_and_another_event_stays_apart(stored: tuple[Settings, Models]) -> None:
    story = _stories(stored[0])
    assert story["bridge-a.txt"] == story["bridge-b.txt"]
    assert story["overpass.txt"] != story["bridge-a.txt"]
    assert story["landslide-a.txt"] == story["landslide-b.txt"]
    assert len(set(story.values())) == 3


@pytest.mark.slow
def test_chinese_sentences_become_claims(stored: tuple[Settings, Models]) -> None:
    settings, models = stored
    with open_store(settings.db) as store:
        story_id = _stories(settings)["bridge-a.txt"]
        material = load_story_material(store, story_id, models)
        assert material is not None
        brief: StoryBrief = build_brief(material, embed=models.embedder.embed)
    corroborated = [c for c in brief.claims if c.status == "corroborated"]
    single = [c for c in brief.claims if c.status == "single_source"]
    assert len(corroborated) >= 3
    # the rescue, told by both in other words, is one corroborated claim
    assert any(
        all(any("两名司机" in e.text for e in c.support if e.article_id == a.article_id) for a in brief.articles)
        for c in corroborated
    )
    # only one report quotes the residents
    assert any("附近居民" in c.text for c in single)
