"""Rendering a story brief: JSON (the stable record), Markdown, one self-contained HTML file, and the terminal.

Renderers only read a :class:`~storyweave.compare.brief.StoryBrief`; they never reach back into the store, so a brief
saved as JSON renders the same as a fresh one.
"""

from __future__ import annotations

import json

from ..compare.brief import StoryBrief
from .html import render_html, render_html_collection
from .markdown import render_markdown
from .terminal import render_terminal

__all__ = ["brief_json", "render_html", "render_html_collection", "render_markdown", "render_terminal"]


def brief_json(brief: StoryBrief) -> str:
    """The brief as JSON (schema: docs/brief.md, docs/brief.schema.json); non-ASCII text kept readable."""
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2)
