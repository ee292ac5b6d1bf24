"""Cross-source comparison of a story: aligned claims, conflicts, entities, quotes and a cited summary."""

from __future__ import annotations

from .brief import BRIEF_SCHEMA_VERSION, Claim, Conflict, StoryBrief
from .build import build_brief
from .material import StoryMaterial
from .options import CompareOptions

__all__ = ["BRIEF_SCHEMA_VERSION", "Claim", "CompareOptions", "Conflict", "StoryBrief", "StoryMaterial", "build_brief"]
