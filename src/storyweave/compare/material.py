"""What comparison reads of a story: its articles with their annotations and sentence vectors, loaded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from ..types import Article, Mention, TimeExpr


@dataclass(slots=True)
class StoryMaterial:
    """Everything the compare stage needs of one story; built by ``pipeline.load_story_material``.

    ``sentence_vectors[article_id]`` has one unit row per sentence of ``article.sentences`` (same order, same index),
    from the store's embedder (multilingual, so rows of two languages are comparable). ``copies`` maps a syndicated
    copy to the earlier member it copies: a claim's independent source count counts a copy and its original once.
    Removed lines (``article.removed``) are available too: a photo caption is not news text, but a date it states can
    still contradict the story, and the brief shows that with ``sentence_index = -1``.
    """

    story_id: str
    articles: list[Article]
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    times: dict[str, list[TimeExpr]] = field(default_factory=dict)
    event_dates: dict[str, date | None] = field(default_factory=dict)
    sentence_vectors: dict[str, npt.NDArray[np.float32]] = field(default_factory=dict)
    copies: dict[str, str] = field(default_factory=dict)
    embedder_name: str = ""
