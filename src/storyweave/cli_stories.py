"""Story commands: ``run``, ``cluster``, ``stories``, ``story``, ``similarity``, ``export``.

Registered on the app of ``cli.py``; the shared option types and error handling live there.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .cli import (
    DEFAULT_DB,
    EXIT_PROBLEMS,
    DbOption,
    EmbedderOption,
    EngineOption,
    JsonOption,
    RayAddressOption,
    WorkersOption,
    _bundled_examples,
    _fail,
    _open,
    _run_ingest,
    _settings,
    _summary_table,
    app,
    err,
    ingest_counts,
    out,
    print_problems,
)
from .compare.brief import claim_dict as brief_claim_dict
from .config import EngineOptions
from .embed.factory import make_embedder
from .errors import StoryweaveError
from .group import GroupDoc, GroupOptions, Similarity, TermStats, similarity
from .ingest import read_sources
from .pipeline import (
    ClusterReport,
    Models,
    cluster,
    group_doc_for,
    load_group_doc,
    passage_embedder,
    prepare_article,
    story_brief,
    story_briefs,
)
from .preload import BackgroundModelLoad, loads_early
from .report import render_html, render_html_collection, render_markdown, render_terminal
from .store import ItemProblem, Store, describe_location
from .store.base import StorySummary, shown_id
from .store.problems import reason_of
from .types import Article, Problem

EXIT_NOTHING = 1
#: Members compared pairwise when explaining why a story holds together: enough to show the evidence, bounded so a
#: 500-article story still answers in a second.
EXPLAIN_MEMBERS = 12


def _models(embedder: str) -> Models:
    try:
        return Models(embedder=make_embedder(embedder))
    except StoryweaveError as exc:
        _fail(str(exc))


def _cluster_with_progress(
    store: Store, embedder: str, workers: int = 1, engine: EngineOptions | None = None, models: Models | None = None
) -> ClusterReport:
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:
        task = progress.add_task("loading models", total=None)
        models = models or _models(embedder)
        report = cluster(
            store,
            models,
            GroupOptions(),
            progress=lambda stage, n: progress.update(task, description=f"{stage}: {n} articles"),
            workers=workers,
            engine=engine,
        )
    for warning in report.warnings:
        err.print(f"[yellow]warning[/yellow] {escape(warning)}")
    return report


def _stories_table(rows: list[StorySummary]) -> Table:
    table = Table()
    table.add_column("story", no_wrap=True, min_width=18)
    table.add_column("articles", justify="right", no_wrap=True, min_width=8)
    table.add_column("sources", justify="right", no_wrap=True, min_width=7)
    table.add_column("languages", no_wrap=True, min_width=9)
    table.add_column("first seen", no_wrap=True, min_width=10)
    table.add_column("title", overflow="ellipsis", no_wrap=True, max_width=80)
    for s in rows:
        table.add_row(
            s.id,
            str(s.size),
            str(s.independent_sources),
            ",".join(s.languages),
            (s.first_seen or "")[:10],
            escape(s.title),
        )
    return table


def _print_cluster_report(report: ClusterReport, db: str | Path) -> None:
    print_problems(report.problems)
    problems = f", {len(report.problems)} problems" if report.problems else ""
    err.print(
        f"grouped {report.grouped} new articles into {report.stories_touched} stories "
        f"({report.merges} merges; annotated {report.annotated}, embedded {report.embedded}{problems}) "
        f"in {describe_location(db)}"
    )


@app.command("cluster")
def cluster_command(
    db: DbOption = DEFAULT_DB,
    embedder: EmbedderOption = "use",
    workers: WorkersOption = None,
    engine: EngineOption = "local",
    ray_address: RayAddressOption = None,
) -> None:
    """Group the articles not yet in a story: new articles join existing stories; story ids never change."""
    settings = _settings(db, embedder=embedder, workers=workers, engine=engine, ray_address=ray_address)
    with _open(settings) as store:
        if store.count_articles() == 0:
            _fail(f"no articles in {describe_location(db)}; add some with `storyweave ingest PATH`", EXIT_NOTHING)
        try:
            report = _cluster_with_progress(store, settings.embedder, settings.workers, settings.engine)
        except StoryweaveError as exc:
            _fail(str(exc))
    _print_cluster_report(report, db)
    if report.problems:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command("run")
def run_command(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, '-' for stdin, or http(s) URLs.")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Also write a self-contained HTML report of the stories here.")
    ] = None,
    embedder: EmbedderOption = "use",
    workers: WorkersOption = None,
    engine: EngineOption = "local",
    ray_address: RayAddressOption = None,
) -> None:
    """The main job: ingest the sources, annotate, group articles into stories, compare their sources; list the
    stories and, with --report, write the comparison as one HTML file."""
    settings = _settings(db, embedder=embedder, workers=workers, engine=engine, ray_address=ray_address)
    with _open(settings) as store:
        try:
            models = _models(settings.embedder)
            with BackgroundModelLoad(models) as loading:
                early = loading.start if loads_early(settings) else None
                ingested = _run_ingest(sources, settings, store, on_article=early)
            err.print(f"ingested {ingested.inserted} new articles ({ingest_counts(ingested)})")
            if store.count_articles() == 0:
                _fail("no article could be read from the given inputs", EXIT_NOTHING)
            report = _cluster_with_progress(store, settings.embedder, settings.workers, settings.engine, models)
        except StoryweaveError as exc:
            _fail(str(exc))
        _print_cluster_report(report, db)
        rows = store.list_stories()
        compare_problems = _write_report(store, rows, report_file, embedder) if report_file is not None else []
    _emit_stories(rows, as_json)
    if ingested.failures or report.problems or compare_problems:
        raise typer.Exit(EXIT_PROBLEMS)


#: Stories in a --report: the multi-article ones (a single article has nothing to compare), largest first, at most
#: this many so a crawl-sized store still yields a readable file.
REPORT_MAX_STORIES = 50


def _write_report(store: Store, rows: list[StorySummary], path: Path, embedder: str) -> list[ItemProblem]:
    """Write the HTML report; returns the stories whose comparison failed (left out of it, reported here)."""
    chosen = [s for s in rows if s.size > 1][:REPORT_MAX_STORIES] or rows[:1]
    models = _models(embedder)
    briefs = []
    texts: dict[str, str] = {}
    problems: list[ItemProblem] = []
    for brief in story_briefs(store, [s.id for s in chosen], models, problems=problems):
        briefs.append(brief)
        texts.update({a.article_id: _clean_text(store, a.article_id) for a in brief.articles})
    _write_or_print(render_html_collection(briefs, articles_text=texts, title="storyweave report"), path)
    print_problems(problems)
    return problems


def _emit_stories(rows: list[StorySummary], as_json: bool) -> None:
    if as_json:
        for s in rows:
            print(json.dumps(s.to_dict(), ensure_ascii=False))
    elif rows:
        out.print(_stories_table(rows))


@app.command("stories")
def stories_command(
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    min_size: Annotated[int, typer.Option("--min-size", help="Only stories with at least this many articles.")] = 1,
    limit: Annotated[int | None, typer.Option(help="At most this many stories.")] = None,
) -> None:
    """List stories, largest first: id, title, size, independent sources, languages, first/last seen."""
    with _open(_settings(db)) as store:
        rows = store.list_stories(min_size=min_size, limit=limit)
    if not rows and not as_json:
        err.print(f"no stories in {describe_location(db)}; run `storyweave cluster` (or `storyweave run PATH`)")
    _emit_stories(rows, as_json)


def _why(store: Store, member_ids: list[str], models: Models) -> list[dict[str, Any]]:
    """For each member, its closest other member (by same-event probability) and the evidence."""
    docs = [d for d in (load_group_doc(store, i, models) for i in member_ids[:EXPLAIN_MEMBERS]) if d is not None]
    stats = TermStats()
    stats.add(docs)
    options = GroupOptions()
    reasons = []
    for i, doc in enumerate(docs):
        best: tuple[Similarity, GroupDoc] | None = None
        for j, other in enumerate(docs):
            if i != j:
                sim = similarity(doc, other, options, stats)
                if best is None or sim.same_event > best[0].same_event:
                    best = (sim, other)
        if best is not None:
            reasons.append({"article_id": doc.id, "closest": best[1].id, **best[0].to_dict()})
    return reasons


STORY_FORMATS = ("terminal", "json", "markdown", "html")


def _why_lines(why: list[dict[str, Any]]) -> list[str]:
    lines = []
    for reason in why:
        lines.append(
            f"{reason['article_id']} ~ {reason['closest']}: same-event p={reason['same_event']:.2f}, "
            f"overall {reason['overall']:.1f}"
        )
        lines.extend(f"    {line}" for line in reason["explanation"])
    return lines


@app.command("story")
def story_command(
    story_id: Annotated[str, typer.Argument(metavar="ID", help="Story id, a merged-away alias, or a unique prefix.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(STORY_FORMATS)}.")] = "terminal",
    as_json: JsonOption = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead.")] = None,
    embedder: EmbedderOption = "use",
) -> None:
    """One story: what each source says (claims agreed, single-source, conflicting; quotes; entities) and why its
    articles are grouped (shared entities, dates, aligned sentences, score)."""
    fmt = "json" if as_json else fmt
    if fmt not in STORY_FORMATS:
        _fail(f"--format must be one of {', '.join(STORY_FORMATS)}, not {fmt!r}")
    models = _models(embedder)
    with _open(_settings(db, embedder=embedder)) as store:
        live = store.resolve_story(story_id)
        if live is None:
            _fail(f"no story {shown_id(story_id)} in {describe_location(db)} (see `storyweave stories`)", EXIT_NOTHING)
        try:
            brief = story_brief(store, live, models)
        except StoryweaveError as exc:
            _fail(str(exc))
        except Exception as exc:  # the compare stage's boundary for one story: one line, recorded on the story
            problem = ItemProblem(live, "compare", reason_of(exc))
            with suppress(StoryweaveError):
                store.record_problems([problem])
            _fail(f"could not compare the sources of story {problem}", EXIT_PROBLEMS)
        assert brief is not None
        why = _why(store, store.story_member_ids(live), models)
        texts = {a.article_id: _clean_text(store, a.article_id) for a in brief.articles}
    if fmt == "terminal" and output is None:
        render_terminal(brief, out)
        out.rule("why these are grouped")
        for line in _why_lines(why):
            out.print(escape(line))
        return
    if fmt == "json":
        text = json.dumps({**brief.to_dict(), "why": why}, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "markdown":
        text = render_markdown(brief) + "\n## Why these articles are grouped\n\n```text\n"
        text += "\n".join(_why_lines(why)) + "\n```\n"
    elif fmt == "html":
        text = render_html(brief, articles_text=texts)
    else:
        buffer = Console(file=io.StringIO(), width=120, force_terminal=False)
        render_terminal(brief, buffer)
        text = buffer.file.getvalue()  # type: ignore[attr-defined]
    _write_or_print(text, output)


def _clean_text(store: Store, article_id: str) -> str:
    article = store.get_article(article_id)
    return article.text if article else ""


def _write_or_print(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror}")
    err.print(f"wrote {output}")


def _first_article(source: str) -> Article:
    """The first article read from ``source`` (file, URL), cleaned and split; a one-line error otherwise."""
    problems: list[Problem] = []
    settings = _settings(DEFAULT_DB)
    for item in read_sources([source], settings.ingest):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        prepared = prepare_article(item, settings.clean)
        if isinstance(prepared, Article):
            return prepared
        problems.append(prepared)
    _fail(str(problems[0]) if problems else f"{source}: no article found", EXIT_NOTHING)


@app.command("similarity")
def similarity_command(
    first: Annotated[str, typer.Argument(help="An article: file or URL.")],
    second: Annotated[str, typer.Argument(help="Another article: file or URL.")],
    as_json: JsonOption = False,
    embedder: EmbedderOption = "use",
) -> None:
    """How likely two articles report the same event: overall 1-4 (SemEval-2022 Task 8: 1 = same story, 4 =
    unrelated), same-event probability, and the dimensions geography, entities, time, narrative."""
    a, b = _first_article(first), _first_article(second)
    models = _models(embedder)
    models.passages = passage_embedder()
    doc_a, doc_b = group_doc_for(a, models), group_doc_for(b, models)
    if models.passage_problem is not None:
        doc_a.passage_embedding = doc_b.passage_embedding = None  # one side alone is not used: say so once
        err.print(f"note: rated without the e5 passage vectors ({escape(models.passage_problem)})")
    result = similarity(doc_a, doc_b, GroupOptions())
    if as_json:
        print(json.dumps({"a": a.id, "b": b.id, **result.to_dict()}, ensure_ascii=False))
        return
    out.print(f"[bold]{escape(a.title)}[/bold]\n  vs [bold]{escape(b.title)}[/bold]")
    out.print(
        f"overall {result.overall:.2f} (1 = same story, 4 = unrelated); same-event probability {result.same_event:.2f}"
    )
    out.print(
        f"geography {result.geography:.2f}  entities {result.entities:.2f}  time {result.time:.2f}  "
        f"narrative {result.narrative:.2f}"
    )
    for line in result.explanation:
        out.print(f"  {escape(line)}")


def _export_rows(store: Store, what: str, problems: list[ItemProblem]) -> Iterator[dict[str, Any]]:
    if what == "claims":
        models = Models()
        ids = [story.id for story in store.list_stories(min_size=2)]
        for brief in story_briefs(store, ids, models, problems=problems):
            for claim in brief.claims:
                yield {"story_id": brief.story_id, **brief_claim_dict(claim)}
    elif what == "assignments":
        for article_id, story_id in store.assignments():
            yield {"article_id": article_id, "story_id": story_id}
    elif what == "stories":
        for s in store.list_stories():
            yield s.to_dict()
    else:
        for summary in store.list_articles():
            article = store.get_article(summary.id)
            if article is not None:
                data = article.to_dict()
                data.pop("raw_text")
                data.pop("sentences")
                yield data


EXPORT_WHAT = ("articles", "assignments", "stories", "claims")
EXPORT_FORMATS = ("jsonl", "csv", "parquet")


@app.command("export")
def export_command(
    what: Annotated[str, typer.Option("--what", help=f"One of: {', '.join(EXPORT_WHAT)}.")] = "assignments",
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(EXPORT_FORMATS)}.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export articles, story assignments ({"article_id", "story_id"}), stories, or the claims of every multi-article
    story (status, independent sources, support, conflicts) as JSONL, CSV or Parquet."""
    if what not in EXPORT_WHAT:
        _fail(f"--what must be one of {', '.join(EXPORT_WHAT)}, not {what!r}")
    if fmt not in EXPORT_FORMATS:
        _fail(f"--format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    if fmt == "parquet" and output is None:
        _fail("Parquet is binary: give a file with --output")
    problems: list[ItemProblem] = []
    with _open(_settings(db)) as store:
        rows = list(_export_rows(store, what, problems))
    if fmt == "parquet":
        assert output is not None
        _write_parquet(rows, output)
    else:
        stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            _write_text(rows, fmt, stream)
        finally:
            if output:
                stream.close()
    if output:
        err.print(f"wrote {len(rows)} {what} to {output}")
    if problems:
        print_problems(problems)
        err.print(f"{len(problems)} problems: those stories' claims are left out")
        raise typer.Exit(EXIT_PROBLEMS)


def _write_text(rows: list[dict[str, Any]], fmt: str, stream: Any) -> None:
    if fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if not rows:
        return
    writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}
        )


def _write_parquet(rows: list[dict[str, Any]], output: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        _fail("Parquet export needs pyarrow: pip install 'storyweave[parquet]'")
    flat = [
        {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}
        for row in rows
    ]
    pq.write_table(pa.Table.from_pylist(flat), output)


@app.command("demo")
def demo_command(
    path: Annotated[Path | None, typer.Argument(help="Folder to read (default: the bundled sample).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """The main job on the bundled sample corpus: ingest, show what was read and cleaned, group into stories."""
    folder = path or _bundled_examples()
    settings = _settings(db)
    where = describe_location(settings.db)
    with _open(settings) as store:
        report = _run_ingest([str(folder)], settings, store)
        rows = store.list_articles()
        out.print(_summary_table(rows))
        removed = sum(r.n_removed for r in rows)
        languages = sorted({r.language for r in rows if r.language})
        out.print(
            f"{len(rows)} articles in {where} ({report.inserted} new), languages {', '.join(languages)}; "
            f"cleaning removed {removed} lines of chrome, captions and prompts. "
            f"Try: storyweave article {rows[0].id if rows else 'ID'} --db {where}"
        )
        if not report.ok:
            _fail("the demo read no article", EXIT_NOTHING)
        grouped = _cluster_with_progress(store, settings.embedder, settings.workers)
        _print_cluster_report(grouped, settings.db)
        stories = store.list_stories()
        out.print(_stories_table(stories))
        multi = [s for s in stories if s.size > 1]
        out.print(
            f"{len(stories)} stories, {len(multi)} reported by more than one article. "
            f"Try: storyweave story {multi[0].id if multi else 'ID'} --db {where}"
        )


@app.command("serve")
def serve_command(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps the UI on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    token: Annotated[
        str | None, typer.Option(envvar="STORYWEAVE_TOKEN", help="Enables POST /api/ingest; read-only without.")
    ] = None,
    allow_private_urls: Annotated[
        bool,
        typer.Option(help="Let POST /api/ingest fetch URLs on loopback, private or link-local addresses (intranet)."),
    ] = False,
) -> None:
    """Serve the HTML UI (/), the JSON API (/api) and its reference (/docs) over a store."""
    try:
        from .web import serve
    except ImportError:
        _fail("the web UI needs the [web] extra: pip install 'storyweave[web]'")
    try:
        serve(db, host, port, token, allow_private_urls=allow_private_urls)
    except StoryweaveError as exc:
        _fail(str(exc))
