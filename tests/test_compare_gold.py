"""examples/gold_claims.json stays consistent with examples/gold.json and the articles it quotes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples"
STATUSES = {"corroborated", "single_source", "conflicting", "updated"}
SLOTS = {"date", "number", "entity", "polarity"}


@pytest.fixture(scope="module")
def gold_claims() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "gold_claims.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def members() -> dict[str, set[str]]:
    gold = json.loads((EXAMPLES / "gold.json").read_text(encoding="utf-8"))
    return {
        s["story"]: {key for m in s["members"] for key in (m.get("file"), m.get("url")) if key} for s in gold["stories"]
    }


def test_at_least_five_multi_source_stories(gold_claims: dict[str, Any], members: dict[str, set[str]]) -> None:
    assert len(gold_claims["stories"]) >= 5
    for story in gold_claims["stories"]:
        assert story["story"] in members
        assert any(c["status"] == "corroborated" for c in story["claims"])
        assert any(c["status"] == "single_source" for c in story["claims"])
        assert story["conflicts"]


def test_claims_are_well_formed(gold_claims: dict[str, Any], members: dict[str, set[str]]) -> None:
    for story in gold_claims["stories"]:
        for claim in story["claims"]:
            assert claim["status"] in STATUSES
            keys = [m["member"] for m in claim["members"]]
            assert set(keys) <= members[story["story"]], claim["text"]
            assert len(set(keys)) == len(keys)
            # A corroborated claim needs two articles; a single-source one exactly one.
            assert (len(keys) >= 2) == (claim["status"] != "single_source"), claim["text"]
        for conflict in story["conflicts"]:
            assert conflict["slot"] in SLOTS
            assert set(conflict["members"]) <= members[story["story"]]


def test_quotes_of_plain_text_members_are_in_the_files(gold_claims: dict[str, Any]) -> None:
    for story in gold_claims["stories"]:
        for claim in story["claims"]:
            for member in claim["members"]:
                path = EXAMPLES / member["member"]
                if member["member"].endswith(".txt"):
                    assert member["quote"] in path.read_text(encoding="utf-8"), member
