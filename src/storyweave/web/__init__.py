"""HTTP API and HTML UI over a store (``storyweave serve``); needs the ``[web]`` extra (FastAPI, uvicorn, Jinja2)."""

from __future__ import annotations

from .app import DEFAULT_HOST, DEFAULT_PORT, create_app, serve
from .context import WebOptions

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "WebOptions", "create_app", "serve"]
