"""The public API is exactly the curated list: adding or removing a name is a deliberate change."""

from __future__ import annotations

import storyweave

INTENDED = {
    "Article",
    "CleanOptions",
    "IngestOptions",
    "IngestReport",
    "Problem",
    "RawDocument",
    "RemovedLine",
    "Sentence",
    "Settings",
    "Store",
    "StoryweaveError",
    "__version__",
    "clean_article",
    "ingest",
    "open_store",
    "prepare_article",
    "read_sources",
}


def test_exported_names_are_the_intended_ones() -> None:
    assert set(storyweave.__all__) == INTENDED
    for name in storyweave.__all__:
        assert hasattr(storyweave, name), name
