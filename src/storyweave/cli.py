"""Command line: ``storyweave ingest|articles|article|search|demo``.

Every command takes ``--db`` (or the STORYWEAVE_DB environment variable). User errors print one line and exit
non-zero; tracebacks are for bugs only.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .config import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S, EngineOptions, IngestOptions, Settings
from .errors import StoryweaveError
from .pipeline import IngestReport, ingest
from .store import ArticleSummary, ItemProblem, Store, describe_location, open_store
from .store.base import shown_id
from .types import Article

app = typer.Typer(
    name="storyweave",
    help="Which news articles report the same event, and what each source says about it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
#: Piped output has no terminal width to follow; 140 columns keeps a listing's titles on one line in a log or pager.
PIPED_WIDTH = 140
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else PIPED_WIDTH)
err = Console(stderr=True, highlight=False, soft_wrap=True)

#: typer reads STORYWEAVE_DB itself (envvar below), so the default is the plain file name.
DEFAULT_DB = "storyweave.db"
#: A string, not a Path: a Path would fold the "//" of a postgresql:// URL.
DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="STORYWEAVE_DB",
        help="SQLite database file (created if missing), or a postgresql://user@host/database URL.",
        show_default=True,
    ),
]
EmbedderOption = Annotated[
    str,
    typer.Option(
        "--embedder",
        envvar="STORYWEAVE_EMBEDDER",
        help="Embedding backend: use (default), e5 (needs storyweave[e5]), or st:MODEL (sentence-transformers).",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", help="Processes for entity and embedding models (default: one per CPU core)."),
]
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="Where ingest-prepare, annotate and embed run: local (process pool) or ray (Ray actors, one per CPU; "
        "needs storyweave[ray]). Grouping and the store writes stay in this process.",
    ),
]
RayAddressOption = Annotated[
    str | None,
    typer.Option(
        "--ray-address",
        help="With --engine ray: an existing Ray cluster (host:port, auto, ray://...; default $RAY_ADDRESS). "
        "Unset: a local Ray with --workers CPUs is started for this run.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")]

#: Exit codes: 0 success, 1 nothing to do / nothing found, 2 user error (bad option, unreadable database),
#: 3 finished, but a stage failed on some articles or stories (each reported on one line and recorded on the item;
#: the rest of the batch was processed), 130 interrupted (the shell's convention for Ctrl-C).
EXIT_NOTHING, EXIT_USER_ERROR, EXIT_PROBLEMS, EXIT_INTERRUPTED = 1, 2, 3, 130
#: Problem lines printed after a command; the rest are counted (each is recorded on its item in the store).
MAX_PROBLEM_LINES = 20

#: What `show` adds after an article's format when its body is not the whole page text.
_BODY_NOTES = {"summary": ", summary only", "title": ", title only: the page was a consent notice"}


def _fail(message: str, code: int = EXIT_USER_ERROR) -> NoReturn:
    err.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(code)


def _settings(
    db: str | Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT_S,
    embedder: str = "use",
    workers: int | None = None,
    engine: str = "local",
    ray_address: str | None = None,
) -> Settings:
    """The one place CLI arguments become stage options."""
    if ray_address is not None and engine != "ray":
        _fail("--ray-address needs --engine ray")
    try:
        engine_options = EngineOptions(kind=engine)
        if ray_address is not None:
            engine_options.ray_address = ray_address
        settings = Settings(
            db=db,
            ingest=IngestOptions(max_bytes=max_bytes, timeout_s=timeout),
            embedder=embedder,
            engine=engine_options,
        )
        if workers is not None:
            settings.workers = workers
            settings.__post_init__()  # validate the override like a constructor argument
        return settings
    except StoryweaveError as exc:
        _fail(str(exc))


def _open(settings: Settings) -> Store:
    try:
        return open_store(settings.db)
    except StoryweaveError as exc:
        _fail(str(exc))


def print_problems(problems: Sequence[object]) -> None:
    """One line per item a stage failed on (up to ``MAX_PROBLEM_LINES``)."""
    for problem in problems[:MAX_PROBLEM_LINES]:
        err.print(f"[red]problem[/red] {escape(str(problem))}")
    if len(problems) > MAX_PROBLEM_LINES:
        err.print(f"... and {len(problems) - MAX_PROBLEM_LINES} more problems")


def _run_ingest(
    sources: list[str], settings: Settings, store: Store, on_article: Callable[[Article], None] | None = None
) -> IngestReport:
    """``ingest`` with a progress bar; ``on_article`` is also called for each article read."""

    def read(article: Article) -> None:
        progress.update(task, advance=1, description=escape(article.origin[-50:]))
        if on_article is not None:
            on_article(article)

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed} articles"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:
        task = progress.add_task("reading", total=None)
        report = ingest(
            sources,
            settings,
            store,
            on_problem=lambda p: progress.console.print(
                f"{'[red]problem[/red]' if p.stage else '[yellow]skipped[/yellow]'} {escape(str(p))}"
            ),
            on_article=read,
        )
    return report


@app.command("ingest")
def ingest_command(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, '-' for stdin, or http(s) URLs.")],
    db: DbOption = DEFAULT_DB,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Skip inputs larger than this.")] = DEFAULT_MAX_BYTES,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for a URL.")] = DEFAULT_TIMEOUT_S,
    workers: WorkersOption = None,
    engine: EngineOption = "local",
    ray_address: RayAddressOption = None,
) -> None:
    """Read articles (text, HTML, JSON/JSONL, RSS/Atom, WARC, URLs), clean them and store them."""
    settings = _settings(db, max_bytes, timeout, workers=workers, engine=engine, ray_address=ray_address)
    with _open(settings) as store:
        try:
            report = _run_ingest(sources, settings, store)
        except KeyboardInterrupt:
            err.print(
                f"interrupted: {store.count_articles()} articles are stored in {describe_location(settings.db)}; "
                "run the same command again to continue (nothing is duplicated)"
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except StoryweaveError as exc:
            _fail(str(exc))
    err.print(
        f"ingested {report.inserted} new articles ({ingest_counts(report)}) into {describe_location(settings.db)}"
    )
    if not report.ok:
        _fail("no article could be read from the given inputs", EXIT_NOTHING)
    if report.failures:
        raise typer.Exit(EXIT_PROBLEMS)


def ingest_counts(report: IngestReport) -> str:
    """'3 already stored, 2 skipped, 1 problems': the counts after the new articles in an ingest summary."""
    skipped = len(report.problems) - len(report.failures)
    consent = f"{report.title_only} read from the headline only: the page was a consent notice"
    return (
        f"{report.already_present} already stored"
        f"{f', {skipped} skipped' if skipped else ''}{f', {len(report.failures)} problems' if report.failures else ''}"
        f"{f', {consent}' if report.title_only else ''}"
    )


def _summary_table(rows: list[ArticleSummary]) -> Table:
    table = Table(show_lines=False)
    # Fixed widths for the short columns so a narrow terminal squeezes only the title.
    table.add_column("id", no_wrap=True, min_width=16)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("lang", no_wrap=True, min_width=4)
    table.add_column("source", no_wrap=True, overflow="ellipsis", max_width=28)
    table.add_column("title", overflow="ellipsis", no_wrap=True, max_width=80)
    table.add_column("sent.", justify="right", no_wrap=True, min_width=5)
    table.add_column("removed", justify="right", no_wrap=True, min_width=7)
    for r in rows:
        table.add_row(
            r.id,
            (r.published or "")[:10],
            r.language or "",
            escape(r.source or ""),
            escape(r.title),
            str(r.n_sentences),
            str(r.n_removed),
        )
    return table


@app.command("articles")
def articles_command(
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
) -> None:
    """List stored articles in publication order."""
    with _open(_settings(db)) as store:
        rows = store.list_articles(limit=limit)
    if as_json:
        for r in rows:
            print(json.dumps(r.to_dict(), ensure_ascii=False))
    elif rows:
        out.print(_summary_table(rows))
    else:
        err.print(f"no articles in {describe_location(db)}; add some with `storyweave ingest PATH`")


def _show_article(article: Article, problems: list[ItemProblem]) -> None:
    meta = Table.grid(padding=(0, 2))
    for key, value in (
        ("id", article.id),
        ("title", article.title),
        ("source", f"{article.source or '?'}{' (from a credit line)' if article.source_inferred else ''}"),
        (
            "published",
            f"{article.published.isoformat() if article.published else '?'}"
            f"{' (from the text)' if article.published_inferred else ''}",
        ),
        ("language", article.language or "?"),
        ("url", article.url or ""),
        ("authors", ", ".join(article.authors)),
        ("credits", ", ".join(article.credits)),
        (
            "read from",
            f"{article.origin} ({article.format}{_BODY_NOTES.get(article.body_kind, '')})",
        ),
    ):
        meta.add_row(f"[bold]{key}[/bold]", escape(value))
    out.print(meta)
    out.rule("clean text")
    out.print(escape(article.text))
    out.rule(f"removed by cleaning ({len(article.removed)} lines)")
    for line in article.removed:
        out.print(f"[dim]{line.reason:>14}[/dim]  [strike]{escape(line.text)}[/strike]")
    if problems:
        out.rule(f"problems ({len(problems)}; the next `storyweave cluster` retries)")
        for problem in problems:
            out.print(f"[red]{problem.stage:>14}[/red]  {escape(problem.reason)}")


@app.command("article")
def article_command(
    article_id: Annotated[
        str, typer.Argument(metavar="ID", help="Article id (or a unique prefix of >= 4 characters).")
    ],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Show one article: clean text, metadata, and the lines cleaning removed, with why."""
    with _open(_settings(db)) as store:
        article = store.get_article(article_id)
        problems = store.problems_of([article.id]).get(article.id, []) if article else []
    if article is None:
        _fail(
            f"no article with id {shown_id(article_id)} in {describe_location(db)} (see `storyweave articles`)",
            EXIT_NOTHING,
        )
    if as_json:
        data = article.to_dict()
        data.pop("raw_text")
        data["problems"] = [p.to_dict() for p in problems]
        print(json.dumps(data, ensure_ascii=False))
    else:
        _show_article(article, problems)


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help="Words that must all appear (title or text).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
) -> None:
    """Full-text search over titles and clean texts."""
    with _open(_settings(db)) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        for h in hits:
            print(json.dumps({**h.article.to_dict(), "snippet": h.snippet, "rank": h.rank}, ensure_ascii=False))
        return
    if not hits:
        _fail(f"nothing in {describe_location(db)} matches {query!r}", EXIT_NOTHING)
    for h in hits:
        out.print(f"[bold]{h.article.id}[/bold] {escape(h.article.title)}  [dim]{escape(h.snippet)}[/dim]")


def _bundled_examples() -> Path:
    """The sample corpus: ./examples/articles in a checkout (the demo runs from the repo root)."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidate = base / "examples" / "articles"
        if candidate.is_dir():
            return candidate
    _fail("cannot find examples/articles; run `storyweave demo` from the storyweave checkout or pass a folder")


def main() -> None:
    try:
        app()
    except StoryweaveError as exc:  # a stage raised a user-facing error we did not catch closer to the cause
        err.print(f"error: {exc}")
        sys.exit(EXIT_USER_ERROR)


# The story commands register themselves on ``app``; imported last because they use the helpers above.
from . import cli_stories  # noqa: E402,F401
