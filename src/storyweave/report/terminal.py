"""The story brief in a terminal, with rich: a header panel, then tables coloured by claim status.

Article-derived text is only ever wrapped in :class:`rich.text.Text`, never interpolated into markup, so square
brackets in a headline cannot restyle or hide anything.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..compare.brief import Claim, StoryBrief
from .markdown import (
    STATUS_ORDER,
    article_labels,
    cited_articles,
    claims_in_order,
    label_of,
    slot_label,
    source_groups,
    status_label,
    update_path,
    where_label,
)

STATUS_STYLE: dict[str, str] = {
    "corroborated": "bold green",
    "single_source": "bold steel_blue1",
    "conflicting": "bold red",
    "updated": "bold dark_orange",
}
_DEFAULT_STYLE = "bold"


def _style(status: str) -> str:
    return STATUS_STYLE.get(status, _DEFAULT_STYLE)


def _header(brief: StoryBrief) -> Panel:
    facts = Text()
    facts.append("Event date ", style="dim")
    facts.append(brief.event_date or "unknown")
    facts.append("   Languages ", style="dim")
    facts.append(", ".join(brief.languages) or "unknown")
    facts.append("   Articles ", style="dim")
    facts.append(str(len(brief.articles)))
    facts.append("   Independent sources ", style="dim")
    facts.append(str(brief.independent_sources))
    counts = Text()
    for status in STATUS_ORDER:
        n = sum(c.status == status for c in brief.claims)
        counts.append(f" {status_label(status)}: {n} ", style=_style(status))
    title = Text(brief.title or "Untitled story", style="bold")
    return Panel(
        Group(title, facts, counts),
        title=Text(f"story {brief.story_id}"),
        subtitle=Text(f"brief schema v{brief.schema_version}"),
        border_style="cyan",
    )


def _summary(brief: StoryBrief, labels: dict[str, str]) -> Panel:
    body = Text()
    for i, sentence in enumerate(brief.summary, 1):
        if i > 1:
            body.append("\n")
        body.append(f"{i}. ", style="dim")
        body.append(sentence.text)
        cites = "; ".join(label_of(labels, a) for a in cited_articles(sentence.support)) or "uncited"
        body.append(f" [{cites}]", style="cyan")
    if not brief.summary:
        body.append("No summary.", style="dim italic")
    return Panel(body, title="Summary", border_style="dim")


def _sources(brief: StoryBrief, labels: dict[str, str]) -> Table:
    table = Table(title="Sources", box=box.SIMPLE_HEAVY, title_justify="left", expand=True)
    for name in ("#", "Outlet", "Lang", "Published", "Credits", "Title"):
        table.add_column(name, overflow="fold")
    for n, group in enumerate(source_groups(brief), 1):
        for article in (group.original, *group.copies):
            outlet = Text(labels[article.article_id])
            if article is not group.original:
                outlet = Text("  ↳ copy: ", style="dim") + outlet
            table.add_row(
                Text(str(n) if article is group.original else ""),
                outlet,
                Text(article.language or "?"),
                Text(article.published or "unknown"),
                Text(", ".join(article.credits)),
                Text(article.title or "(untitled)"),
            )
    return table


def _evidence_grid() -> Table:
    """Rows of (marker, where, sentence): a grid so wrapped sentences keep their hanging indent."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(style="cyan", max_width=36, overflow="fold")
    grid.add_column(ratio=1, overflow="fold")
    return grid


def _claim_cell(claim: Claim, labels: dict[str, str]) -> Group:
    support = _evidence_grid()
    for e in claim.support:
        support.add_row(
            Text("  •", style="dim"),
            Text(f"{label_of(labels, e.article_id)}, {where_label(e.sentence_index)}"),
            Text(e.text, style="dim"),
        )
    parts: list[Text | Table] = [Text(claim.text, style="bold"), support]
    for conflict in claim.conflicts:
        note = f" — {conflict.note}" if conflict.note else ""
        parts.append(Text(f"  ⚠ {slot_label(conflict.slot)} conflict{note}", style="bold red"))
        values = _evidence_grid()
        for v in conflict.values:
            where = Text(v.value, style="bold red") + Text(
                f"\n{label_of(labels, v.article_id)}, {where_label(v.sentence_index)}"
            )
            values.add_row(Text("   "), where, Text(v.text, style="dim"))
        parts.append(values)
    for update in claim.updates:
        note = f" — {update.note}" if update.note else ""
        parts.append(
            Text(f"  ↻ {slot_label(update.slot)} updated: {update_path(update)}{note}", style="bold dark_orange")
        )
        steps = _evidence_grid()
        for step in update.values:
            where = Text(step.value, style="bold dark_orange") + Text(
                f"\n{label_of(labels, step.article_id)}, published {step.published}"
            )
            steps.add_row(Text("   "), where, Text(step.text, style="dim"))
        parts.append(steps)
    return Group(*parts)


def _claims(brief: StoryBrief, labels: dict[str, str]) -> list[Table]:
    ordered = claims_in_order(brief)
    tables = []
    for status in dict.fromkeys(c.status for c in ordered):
        group = [c for c in ordered if c.status == status]
        table = Table(
            title=Text(f"{status_label(status)} claims ({len(group)})", style=_style(status)),
            title_justify="left",
            box=box.ROUNDED,
            border_style=_style(status).removeprefix("bold "),
            expand=True,
            show_lines=True,
        )
        table.add_column("ID", style=_style(status), max_width=12, overflow="fold")
        table.add_column("Claim and evidence", ratio=1)
        table.add_column("Sources", justify="right", no_wrap=True)
        for claim in group:
            table.add_row(Text(claim.claim_id), _claim_cell(claim, labels), Text(str(claim.sources)))
        tables.append(table)
    return tables


def _quotes(brief: StoryBrief, labels: dict[str, str]) -> Table:
    table = Table(title="Quotes", box=box.SIMPLE_HEAVY, title_justify="left", expand=True)
    table.add_column("Speaker", style="bold", max_width=28, overflow="fold")
    table.add_column("Quote", ratio=1, overflow="fold")
    table.add_column("Source", overflow="fold")
    for q in brief.quotes:
        speaker = Text(q.speaker_entity or q.speaker or "unattributed")
        if q.speaker and q.speaker_entity and q.speaker != q.speaker_entity:
            speaker.append(f"\n({q.speaker})", style="dim")
        source = Text(f"{label_of(labels, q.article_id)}, {where_label(q.sentence_index)}")
        if q.also_in:
            source.append("\nalso: " + ", ".join(label_of(labels, a) for a in q.also_in), style="dim")
        table.add_row(speaker, Text(f"“{q.text}”"), source)
    return table


def _entities(brief: StoryBrief) -> Table:
    table = Table(title="Entities", box=box.SIMPLE_HEAVY, title_justify="left", expand=True)
    for name in ("Entity", "Type", "Also written as", "Articles"):
        table.add_column(name, overflow="fold")
    for e in brief.entities:
        table.add_row(Text(e.name, style="bold"), Text(e.type), Text(", ".join(e.aliases)), Text(str(len(e.articles))))
    return table


def render_terminal(brief: StoryBrief, console: Console) -> None:
    """Print the brief: header, cited summary, sources, claims by status (with conflicts), quotes, entities."""
    labels = article_labels(brief)
    console.print(_header(brief))
    console.print(_summary(brief, labels))
    console.print(_sources(brief, labels))
    for table in _claims(brief, labels):
        console.print(table)
    if not brief.claims:
        console.print(Text("No claims.", style="dim italic"))
    if brief.quotes:
        console.print(_quotes(brief, labels))
    if brief.entities:
        console.print(_entities(brief))
