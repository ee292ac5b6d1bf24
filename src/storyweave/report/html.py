"""The story brief as ONE self-contained HTML file: readable offline, printable, and inert whatever the articles say.

Everything article-derived goes through :func:`html.escape`; URLs become links only when http(s); a
Content-Security-Policy forbids scripts and every network fetch, so even a missed escape could not run or phone home.
No JavaScript is used: anchors and ``:target`` do the cross-referencing between claims and article text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from ..compare.brief import BriefArticle, BriefQuote, Claim, Conflict, Evidence, StoryBrief, Update
from .markdown import (
    STATUS_ORDER,
    article_labels,
    cited_articles,
    claims_in_order,
    is_web_url,
    label_of,
    slot_label,
    source_groups,
    status_label,
    update_path,
    where_label,
)

#: Highlight precedence when one sentence supports claims of several statuses: a contradiction must stay visible.
_STATUS_RANK = {status: len(STATUS_ORDER) - i for i, status in enumerate(STATUS_ORDER)}
_CSS_CLASS = re.compile(r"[^a-z0-9_-]")
_SPACE_RUN = re.compile(r"\s+")
_NEWLINES = re.compile(r"\n+")
#: Clean text separates paragraphs by one or more newlines; a small block gap reads better than a blank line, and
#: works inside a highlight that spans two paragraphs.
_PARAGRAPH_GAP = '<span class="gap"></span>'

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

_STYLE = """
:root { --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; --paper:#fff; --wash:#f6f8fa;
  --ok:#1a7f37; --ok-bg:#e7f5ec; --ok-hl:#c6ecd3;
  --one:#3b5b8c; --one-bg:#edf2fa; --one-hl:#d7e3f5;
  --bad:#c0392b; --bad-bg:#fdeeea; --bad-hl:#f8cfc4;
  --upd:#8a5a00; --upd-bg:#fdf4e0; --upd-hl:#f7e2b0; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif; color:var(--ink);
  background:var(--wash); -webkit-print-color-adjust:exact; print-color-adjust:exact; }
main { max-width:1400px; margin:0 auto; padding:24px 28px 48px; }
header.brief { background:var(--paper); border:1px solid var(--line); border-radius:10px; padding:20px 24px; }
.kicker { margin:0; color:var(--muted); font-size:12px; letter-spacing:.06em; text-transform:uppercase; }
h1 { margin:4px 0 12px; font-size:26px; line-height:1.25; }
h2 { font-size:19px; margin:32px 0 12px; padding-bottom:6px; border-bottom:2px solid var(--line); }
h3 { font-size:15px; margin:18px 0 8px; }
dl.facts { display:flex; flex-wrap:wrap; gap:8px 28px; margin:0; }
dl.facts div { min-width:120px; } dl.facts dt { color:var(--muted); font-size:12px; } dl.facts dd { margin:0;
  font-weight:600; }
.legend { display:flex; flex-wrap:wrap; gap:10px 18px; align-items:center; margin-top:16px; font-size:13px;
  color:var(--muted); }
.badge { display:inline-block; padding:1px 8px; border-radius:999px; font-size:12px; font-weight:600;
  border:1px solid currentColor; white-space:nowrap; }
.st-corroborated .badge, .badge.st-corroborated { color:var(--ok); background:var(--ok-bg); }
.st-single_source .badge, .badge.st-single_source { color:var(--one); background:var(--one-bg); }
.st-conflicting .badge, .badge.st-conflicting { color:var(--bad); background:var(--bad-bg); }
.st-updated .badge, .badge.st-updated { color:var(--upd); background:var(--upd-bg); }
nav.toc { margin-top:14px; font-size:13px; } nav.toc a { margin-right:14px; }
a { color:#0b5cad; }
section { margin-top:8px; }
ol.summary li { margin:6px 0; background:var(--paper); padding:8px 12px; border-radius:6px;
  border:1px solid var(--line); }
a.cite, span.cite { display:inline-block; font-size:11.5px; padding:0 6px; margin-left:4px; border-radius:4px;
  background:var(--wash); border:1px solid var(--line); color:var(--muted); text-decoration:none; vertical-align:1px; }
.columns { display:grid; grid-auto-flow:column; grid-auto-columns:minmax(320px,1fr); gap:14px; overflow-x:auto;
  align-items:start; }
.source { background:var(--paper); border:1px solid var(--line); border-radius:8px; padding:14px 16px; }
.source h3 { margin:0 0 6px; font-size:16px; }
.source .meta { font-size:12.5px; color:var(--muted); margin:0 0 4px; }
.source .tag { display:inline-block; font-size:11px; font-weight:700; color:var(--muted); border:1px solid var(--line);
  border-radius:4px; padding:0 5px; margin-right:6px; text-transform:uppercase; }
.copy { margin-top:12px; border-style:dashed; background:var(--wash); }
.article-text { white-space:pre-wrap; font-size:14px; line-height:1.6; max-height:70vh; overflow-y:auto;
  border-top:1px solid var(--line); margin-top:10px; padding-top:10px; }
.article-text .gap { display:block; height:.55em; }
mark { color:inherit; border-radius:3px; padding:0 1px; unicode-bidi:isolate; }
mark.st-corroborated { background:var(--ok-hl); border-bottom:2px solid var(--ok); }
mark.st-single_source { background:var(--one-hl); border-bottom:2px dotted var(--one); }
mark.st-conflicting { background:var(--bad-hl); border-bottom:2px wavy var(--bad); }
mark.st-updated { background:var(--upd-hl); border-bottom:2px solid var(--upd); }
sup.ref a { font-size:10px; text-decoration:none; color:var(--muted); margin-left:1px; }
.claim { background:var(--paper); border:1px solid var(--line); border-left:6px solid var(--one); border-radius:8px;
  padding:12px 16px; margin:10px 0; break-inside:avoid; }
.claim.st-corroborated { border-left-color:var(--ok); } .claim.st-conflicting { border-left-color:var(--bad); }
.claim.st-updated { border-left-color:var(--upd); }
.claim:target { outline:3px solid #f2c94c; }
.claim .head { display:flex; gap:10px; align-items:center; font-size:12.5px; color:var(--muted); }
.claim .text { font-size:15.5px; font-weight:600; margin:6px 0; }
ul.support { margin:6px 0 0; padding-left:18px; font-size:13.5px; } ul.support li { margin:3px 0; }
.where { color:var(--muted); font-size:12px; }
.conflict { margin-top:10px; border:1px solid var(--bad); border-radius:6px; background:var(--bad-bg);
  padding:8px 12px; }
.conflict h4 { margin:0 0 6px; font-size:13px; color:var(--bad); }
.conflict .values { display:grid; grid-template-columns:repeat(auto-fit,minmax(220px,1fr)); gap:10px; }
.conflict .value { background:var(--paper); border-radius:5px; padding:8px 10px; border:1px solid var(--line); }
.conflict .value strong { display:block; font-size:16px; color:var(--bad); }
.conflict blockquote { margin:4px 0 0; font-size:13px; color:var(--ink); }
.update { margin-top:10px; border:1px solid var(--upd); border-radius:6px; background:var(--upd-bg); padding:8px 12px; }
.update h4 { margin:0 0 6px; font-size:13px; color:var(--upd); }
.update ol { margin:0; padding-left:20px; font-size:13px; } .update li { margin:4px 0; }
.update li strong { color:var(--upd); font-size:15px; margin-right:6px; }
.quotes blockquote { margin:8px 0; background:var(--paper); border-left:4px solid var(--line); padding:8px 14px;
  border-radius:0 6px 6px 0; }
.quotes .speaker { font-weight:600; font-size:13px; } .quotes .speaker .where { font-weight:400; }
.colhead { margin:0 0 6px; font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.05em; }
.chips { display:flex; flex-wrap:wrap; gap:8px; }
.chip { background:var(--paper); border:1px solid var(--line); border-radius:999px; padding:3px 12px;
  font-size:13.5px; }
.chip small { color:var(--muted); margin-left:4px; }
.empty { color:var(--muted); font-style:italic; }
footer { margin-top:36px; font-size:12px; color:var(--muted); }
@media print {
  body { background:#fff; font-size:11pt; } main { padding:0; max-width:none; } nav.toc { display:none; }
  .columns { grid-auto-flow:row; grid-template-columns:repeat(2,1fr); overflow:visible; }
  .article-text { max-height:none; overflow:visible; } a { color:inherit; text-decoration:none; }
  h2 { break-after:avoid; } .source, .chip, blockquote { break-inside:avoid; }
}
"""


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def _i(text: str | None) -> str:
    """Article-derived text as element content: escaped and isolated in ``<bdi>``, so a right-to-left override in a
    title, source name or quote cannot reverse the text that follows it on the page (bidi spoofing)."""
    return f"<bdi>{_e(text)}</bdi>"


def _isolated(text: str) -> str:
    """The same isolation where markup cannot go (the page title): FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE;
    the closing mark also ends any override opened inside."""
    return f"\u2068{text}\u2069"


def _css(name: str) -> str:
    return "st-" + _CSS_CLASS.sub("_", name.lower())


def _link(label: str, url: str | None) -> str:
    if is_web_url(url):
        return f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(label)}</a>'
    return _e(label)


@dataclass(slots=True)
class _Context:
    """Per-render lookups: readable labels and stable, safe anchor ids (never built from article-derived text)."""

    labels: dict[str, str]
    anchors: dict[str, str]
    claim_anchor: dict[int, str]

    def cite(self, article_id: str, title: str = "") -> str:
        label = _i(label_of(self.labels, article_id))
        tip = f' title="{_e(title)}"' if title else ""
        anchor = self.anchors.get(article_id)
        if anchor is None:
            return f'<span class="cite"{tip}>{label}</span>'
        return f'<a class="cite" href="#{anchor}"{tip}>{label}</a>'

    def cites(self, support: Iterable[Evidence]) -> str:
        evidence = list(support)
        if not evidence:
            return '<span class="cite">uncited</span>'
        return "".join(
            self.cite(a, " / ".join(e.text for e in evidence if e.article_id == a)) for a in cited_articles(evidence)
        )


def _header(brief: StoryBrief) -> str:
    facts = [
        ("Event date", brief.event_date or "unknown"),
        ("Languages", ", ".join(brief.languages) or "unknown"),
        ("Articles", str(len(brief.articles))),
        ("Independent sources", str(brief.independent_sources)),
    ]
    facts += [(status_label(s), str(sum(c.status == s for c in brief.claims))) for s in STATUS_ORDER]
    fact_html = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in facts)
    legend = (
        '<div class="legend" id="legend"><strong>Legend</strong>'
        '<span class="badge st-corroborated">Corroborated</span> stated by two or more independent sources'
        '<span class="badge st-single_source">Single source</span> only one independent source says it'
        '<span class="badge st-conflicting">Conflicting</span> sources give different values'
        '<span class="badge st-updated">Updated</span> a figure changed between reports published at different times'
        "<span>Highlights in article text use the colour of the claim they support; syndicated copies count as "
        "their original.</span></div>"
    )
    toc = "".join(
        f'<a href="#{k}">{v}</a>'
        for k, v in (
            ("summary", "Summary"),
            ("sources", "Sources"),
            ("claims", "Claims"),
            ("quotes", "Quotes"),
            ("entities", "Entities"),
        )
    )
    return (
        f'<header class="brief"><p class="kicker">storyweave story brief · story {_e(brief.story_id)}</p>'
        f'<h1>{_i(brief.title) if brief.title else "Untitled story"}</h1><dl class="facts">{fact_html}</dl>{legend}'
        f'<nav class="toc">{toc}</nav></header>'
    )


def _summary(brief: StoryBrief, ctx: _Context) -> str:
    items = "".join(f"<li>{_i(s.text)} {ctx.cites(s.support)}</li>" for s in brief.summary)
    body = f'<ol class="summary">{items}</ol>' if items else '<p class="empty">No summary.</p>'
    return f'<section id="summary"><h2>Summary</h2>{body}</section>'


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    status: str
    anchor: str
    claim_id: str


def _locate(text: str, e: Evidence) -> tuple[int, int] | None:
    """Where evidence sits in the article text: its offsets when they hold, else its first exact occurrence."""
    if 0 <= e.char_start < e.char_end <= len(text):
        found = text[e.char_start : e.char_end]
        if not e.text or _SPACE_RUN.sub(" ", found).strip() == _SPACE_RUN.sub(" ", e.text).strip():
            return e.char_start, e.char_end
    if e.text and (at := text.find(e.text)) >= 0:
        return at, at + len(e.text)
    return None


def _spans(article_id: str, text: str, claims: list[Claim], ctx: _Context) -> list[_Span]:
    spans: list[_Span] = []
    for i, claim in enumerate(claims):
        for e in claim.support:
            if e.article_id == article_id and e.sentence_index >= 0 and (where := _locate(text, e)):
                spans.append(_Span(where[0], where[1], claim.status, ctx.claim_anchor[i], claim.claim_id))
    return spans


def _highlighted(text: str, spans: list[_Span]) -> str:
    """The text with each supporting span marked in its claim's colour and followed by a link to the claim."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for start, end in itertools.pairwise(cuts):
        covering = [s for s in spans if s.start <= start and end <= s.end]
        piece = _NEWLINES.sub(_PARAGRAPH_GAP, _e(text[start:end]))
        if covering:
            top = max(covering, key=lambda s: _STATUS_RANK.get(s.status, 0))
            tip = "; ".join(f"{s.claim_id}: {status_label(s.status)}" for s in covering)
            piece = f'<mark class="{_css(top.status)}" title="{_e(tip)}">{piece}</mark>'
        out.append(piece)
        ending = list(dict.fromkeys((s.anchor, s.claim_id) for s in spans if s.end == end))
        out += [f'<sup class="ref"><a href="#{a}">{_e(cid)}</a></sup>' for a, cid in ending]
    return "".join(out)


def _article_card(
    article: BriefArticle,
    ctx: _Context,
    claims: list[Claim],
    articles_text: Mapping[str, str] | None,
    *,
    copy_of: str | None,
) -> str:
    meta = [
        f'<span class="tag">{_e(article.language or "?")}</span>{_i(label_of(ctx.labels, article.article_id))}',
        f"Published {_e(article.published or 'unknown')}",
    ]
    if article.credits:
        meta.append(f"Credits: {', '.join(_i(c) for c in article.credits)}")
    if copy_of is not None:
        meta.append(f"Syndicated copy of {ctx.cite(copy_of)}")
    if article.url:
        meta.append(_link(article.url, article.url) if is_web_url(article.url) else f"URL: {_i(article.url)}")
    meta_html = "".join(f'<p class="meta">{m}</p>' for m in meta)
    body = ""
    text = articles_text.get(article.article_id) if articles_text is not None else None
    if text:
        marked = _highlighted(text, _spans(article.article_id, text, claims, ctx))
        body = f'<div class="article-text" lang="{_e(article.language or "")}">{marked}</div>'
        if copy_of is not None:
            body = f"<details><summary>Text of the copy</summary>{body}</details>"
    classes = "source copy" if copy_of is not None else "source"
    anchor = ctx.anchors[article.article_id]
    title = _i(article.title) if article.title else "(untitled)"
    return f'<article class="{classes}" id="{anchor}"><h3>{title}</h3>{meta_html}{body}</article>'


def _sources(brief: StoryBrief, ctx: _Context, articles_text: Mapping[str, str] | None) -> str:
    groups = source_groups(brief)
    columns = []
    for n, group in enumerate(groups, 1):
        cards = [_article_card(group.original, ctx, brief.claims, articles_text, copy_of=None)]
        cards += [
            _article_card(c, ctx, brief.claims, articles_text, copy_of=group.original.article_id) for c in group.copies
        ]
        copies = len(group.copies)
        extra = f" · {copies} syndicated cop{'y' if copies == 1 else 'ies'}" if copies else ""
        head = f'<p class="colhead">Independent source {n} of {len(groups)}{extra}</p>'
        columns.append(f'<div class="column">{head}{"".join(cards)}</div>')
    body = f'<div class="columns">{"".join(columns)}</div>' if columns else '<p class="empty">No articles.</p>'
    return f'<section id="sources"><h2>Sources side by side</h2>{body}</section>'


def _conflict(conflict: Conflict, ctx: _Context) -> str:
    values = "".join(
        f'<div class="value"><strong>{_i(v.value)}</strong>{ctx.cite(v.article_id)} '
        f'<span class="where">{_e(where_label(v.sentence_index))}</span><blockquote>{_i(v.text)}</blockquote></div>'
        for v in conflict.values
    )
    note = f" — {_i(conflict.note)}" if conflict.note else ""
    return (
        f'<div class="conflict"><h4>{_e(slot_label(conflict.slot))} conflict{note}</h4>'
        f'<div class="values">{values}</div></div>'
    )


def _update(update: Update, ctx: _Context) -> str:
    steps = "".join(
        f"<li><strong>{_i(v.value)}</strong>{ctx.cite(v.article_id)} "
        f'<span class="where">published {_e(v.published)} · {_e(where_label(v.sentence_index))}</span>'
        f"<blockquote>{_i(v.text)}</blockquote></li>"
        for v in update.values
    )
    note = f" — {_i(update.note)}" if update.note else ""
    return (
        f'<div class="update"><h4>{_e(slot_label(update.slot))} updated: {_i(update_path(update))}{note}</h4>'
        f"<ol>{steps}</ol></div>"
    )


def _claim(claim: Claim, anchor: str, ctx: _Context) -> str:
    support = "".join(
        f'<li>{ctx.cite(e.article_id)} <span class="where">{_e(where_label(e.sentence_index))}</span> '
        f"<q>{_i(e.text)}</q></li>"
        for e in claim.support
    )
    plural = "source" if claim.sources == 1 else "sources"
    return (
        f'<article class="claim {_css(claim.status)}" id="{anchor}"><div class="head">'
        f'<span class="badge">{_e(status_label(claim.status))}</span><span>{_e(claim.claim_id)}</span>'
        f"<span>{claim.sources} independent {plural}</span></div>"
        f'<p class="text">{_i(claim.text)}</p><ul class="support">{support}</ul>'
        f"{''.join(_conflict(c, ctx) for c in claim.conflicts)}{''.join(_update(u, ctx) for u in claim.updates)}"
        "</article>"
    )


def _claims(brief: StoryBrief, ctx: _Context) -> str:
    index = {id(c): i for i, c in enumerate(brief.claims)}
    ordered = claims_in_order(brief)
    parts: list[str] = []
    for status in dict.fromkeys(c.status for c in ordered):
        group = [c for c in ordered if c.status == status]
        parts.append(f"<h3>{_e(status_label(status))} ({len(group)})</h3>")
        parts += [_claim(c, ctx.claim_anchor[index[id(c)]], ctx) for c in group]
    body = "".join(parts) or '<p class="empty">No claims.</p>'
    return f'<section id="claims"><h2>Claims</h2>{body}</section>'


def _quote(q: BriefQuote, ctx: _Context) -> str:
    speaker = q.speaker_entity or q.speaker or "Unattributed"
    as_written = f" (“{_i(q.speaker)}”)" if q.speaker and q.speaker_entity and q.speaker != q.speaker_entity else ""
    also = "".join(ctx.cite(a) for a in q.also_in)
    also_html = f' <span class="where">also reported by</span>{also}' if also else ""
    return (
        f'<blockquote><div>“{_i(q.text)}”</div><div class="speaker">— {_i(speaker)}{as_written} '
        f'{ctx.cite(q.article_id)} <span class="where">{_e(where_label(q.sentence_index))}</span>{also_html}</div>'
        f"</blockquote>"
    )


def _quotes(brief: StoryBrief, ctx: _Context) -> str:
    body = "".join(_quote(q, ctx) for q in brief.quotes) or '<p class="empty">No quotes.</p>'
    return f'<section id="quotes" class="quotes"><h2>Quotes</h2>{body}</section>'


def _entities(brief: StoryBrief) -> str:
    chips = []
    for entity in brief.entities:
        aliases = f" · also {', '.join(entity.aliases)}" if entity.aliases else ""
        n = len(entity.articles)
        detail = f"{entity.type} · {n} article{'s' if n != 1 else ''}{aliases}"
        chips.append(f'<span class="chip">{_i(entity.name)}<small>{_i(detail)}</small></span>')
    body = f'<div class="chips">{"".join(chips)}</div>' if chips else '<p class="empty">No entities.</p>'
    return f'<section id="entities"><h2>Entities</h2>{body}</section>'


def _brief_body(brief: StoryBrief, articles_text: Mapping[str, str] | None) -> str:
    ctx = _Context(
        labels=article_labels(brief),
        anchors={a.article_id: f"article-{i}" for i, a in enumerate(brief.articles, 1)},
        claim_anchor={i: f"claim-{i + 1}" for i in range(len(brief.claims))},
    )
    return "".join(
        [
            _header(brief),
            _summary(brief, ctx),
            _sources(brief, ctx, articles_text),
            _claims(brief, ctx),
            _quotes(brief, ctx),
            _entities(brief),
        ]
    )


def _page(title: str, body: str, schema_version: int) -> str:
    page_title = _e(_isolated(title)) if title else "Story brief"
    footer = (
        f"<footer>Generated by storyweave · brief schema v{_e(str(schema_version))} · every statement links to "
        "the sentence that makes it; this page loads nothing from the network.</footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        f'<meta name="referrer" content="no-referrer"><title>{page_title} · storyweave</title>'
        f"<style>{_STYLE}</style></head>\n<body><main>{body}{footer}</main></body></html>\n"
    )


def render_html(brief: StoryBrief, *, articles_text: Mapping[str, str] | None = None) -> str:
    """The brief as one self-contained HTML page (inline CSS, no scripts, no network).

    ``articles_text`` maps article ids to their clean text; when given, each source column shows the text with the
    sentences that support a claim highlighted in the claim's status colour.
    """
    return _page(brief.title, _brief_body(brief, articles_text), brief.schema_version)


#: Anchors and in-page links the renderer writes; ids are never built from article text, and article text is escaped
#: (a quote inside it is ``&quot;``), so this only ever matches markup we wrote.
_ANCHOR = re.compile(r'(id="|href="#)([a-z][a-z0-9_-]*)"')


def render_html_collection(
    briefs: Sequence[StoryBrief], *, articles_text: Mapping[str, str] | None = None, title: str = "Story briefs"
) -> str:
    """Several briefs in one self-contained page, with a table of contents; each brief's anchors are prefixed."""
    if len(briefs) == 1:
        return render_html(briefs[0], articles_text=articles_text)
    toc = "".join(
        f'<li><a href="#story-{i}-top">{_i(b.title)}</a> · {len(b.articles)} articles, '
        f"{b.independent_sources} independent sources</li>"
        for i, b in enumerate(briefs, 1)
    )
    parts = [f'<section id="contents"><h1>{_e(title)}</h1><ol>{toc}</ol></section>']
    for i, brief in enumerate(briefs, 1):
        prefix = f"story-{i}-"
        body = _ANCHOR.sub(rf'\1{prefix}\2"', _brief_body(brief, articles_text))
        parts.append(f'<div class="story" id="story-{i}-top">{body}</div><hr>')
    version = briefs[0].schema_version if briefs else 1
    return _page(title, "".join(parts), version)
