"""storyweave: which news articles report the same event, and what each source says about it.

The public Python API is what ``__all__`` lists; everything else is internal and may change.
"""

from __future__ import annotations

from .clean import clean_article
from .config import CleanOptions, IngestOptions, Settings
from .errors import StoryweaveError
from .ingest import read_sources
from .pipeline import IngestReport, ingest, prepare_article
from .store import Store, open_store
from .types import Article, Problem, RawDocument, RemovedLine, Sentence

__version__ = "0.1.0"

__all__ = [
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
]
