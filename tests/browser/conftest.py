"""Browser test fixtures: a store built by ``storyweave run`` on the sample corpus (and ../shared/seeds when present),
served by uvicorn on 127.0.0.1, driven by Playwright through Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webdata import SEEDS

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright (tests/browser)")


def _playwright_or_skip() -> Any:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/install-browser.sh (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is not installed: pip install playwright (no browser download)")
    return sync_playwright


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus plus the seeds, grouped by the real pipeline through the real CLI."""
    pytest.importorskip("fastapi", reason="the web UI needs the [web] extra (fastapi, uvicorn, jinja2)")
    db = tmp_path_factory.mktemp("browser") / "corpus.db"
    sources = [str(REPO / "examples" / "articles")]
    if SEEDS.is_dir():
        sources.append(str(SEEDS))
    result = subprocess.run(
        [sys.executable, "-m", "storyweave", "run", *sources, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "STORYWEAVE_TOKEN": ""},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return db


@pytest.fixture(scope="session")
def corpus_server(corpus_db: Path) -> Iterator[str]:
    from webdata import running_server

    from storyweave.web import WebOptions, create_app

    with running_server(create_app(WebOptions(db=corpus_db))) as base:
        yield base


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    sync_playwright = _playwright_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    try:
        yield tab
    finally:
        context.close()
