"""Building a story's comparison material from invented reports through the product's own path (reading, cleaning,
sentences, annotation, embedding), for the comparison tests that need real sentence vectors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storyweave.compare import StoryMaterial
from storyweave.config import CleanOptions
from storyweave.embed import embed_article
from storyweave.pipeline import Models, add_to_material, annotate_article, prepare_article
from storyweave.types import Article, RawDocument

#: One report: its sentences (one paragraph each), URL and language.
Report = tuple[Sequence[str], str, str]


def story_material(
    models: Models, story_id: str, title: str, published: datetime, reports: Sequence[Report]
) -> StoryMaterial:
    material = StoryMaterial(story_id=story_id, articles=[], embedder_name=models.embedder.name)
    for sentences, url, language in reports:
        doc = RawDocument(
            origin=url, text="\n\n".join(sentences), title=title, url=url, published=published, language=language
        )
        article = prepare_article(doc, CleanOptions())
        assert isinstance(article, Article)
        vectors = embed_article(models.embedder, article.title, [s.text for s in article.sentences])
        add_to_material(material, article, *annotate_article(article, models.entities), vectors)
    return material
