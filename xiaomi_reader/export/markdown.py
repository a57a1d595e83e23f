"""A report as Markdown (CommonMark with GitHub-style tables).

Every piece of user text (quotes, notes, titles, tag names) is escaped, so a
note can never turn into a link, an image, raw HTML or a heading; quotes are
blockquotes, and the links come first as a table followed by the pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from xiaomi_reader.core.report import (
    LinkEnd,
    LinkRef,
    Quote,
    Report,
    ReportAnnotation,
    ReportTag,
)

__all__ = ["escape", "render_markdown"]

# Characters that start inline markup anywhere in a line (links, images, HTML,
# entities, emphasis, code, tables, strikethrough, headings, e-mail autolinks).
_INLINE = re.compile(r"([\\`*_\[\]<>&|~#!@])")
# What GitHub-flavoured viewers turn into links without any markup: "scheme://"
# and "www."; an escaped ":" or "." no longer matches.
_BARE_LINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<![\w.])(www)(\.)")
# Block markers that only count at the start of a line: list items, thematic
# breaks, setext underlines, ordered list numbers.
_LINE_START = re.compile(r"^([+\-=]|\d{1,9}(?=[.)]))")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def escape(text: str) -> str:
    """Escape Markdown-significant characters of one line of user text."""
    return _BARE_LINK.sub(_unlink, _INLINE.sub(r"\\\1", text))


def _unlink(match: re.Match[str]) -> str:
    return "\\:" if match.group(1) else match.group(2) + "\\."


def _guard(line: str) -> str:
    """Neutralise a block marker at the start of an (already escaped) line."""
    line = line.lstrip()  # four leading spaces would start a code block
    match = _ORDERED.match(line)
    if match:
        return f"{match.group(1)}\\{line[len(match.group(1)) :]}"
    if _LINE_START.match(line):
        return "\\" + line
    return line


def _cell(text: str) -> str:
    """Table cells are one line: whitespace (tabs, newlines) collapses to single spaces."""
    return escape(" ".join(text.split())) or " "


def _lines(text: str) -> list[str]:
    """User text as escaped, guarded lines; blank lines dropped (they would end a paragraph)."""
    return [_guard(escape(line)) for line in text.splitlines() if line.strip()]


def _strong(text: str) -> str:
    """Bold every line of ``text``; the markers hug the words, or CommonMark ignores them."""
    out = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        out.append(f"{lead}**{escape(core)}**{trail}")
    return "\n".join(out)


def _blockquote(quote: Quote) -> list[str]:
    lead = "…" if quote.more_before else ""
    tail = "…" if quote.more_after else ""
    body = f"{lead}{escape(quote.before)}{_strong(quote.exact)}{escape(quote.after)}{tail}"
    lines = []
    for line in body.split("\n"):
        guarded = _guard(line)
        lines.append(f"> {guarded}" if guarded else ">")
    return lines


def _paragraph(fields: list[tuple[str, str]]) -> list[str]:
    """``**Label:** value`` lines joined by hard line breaks (a trailing backslash)."""
    parts: list[str] = []
    for label, value in fields:
        value_lines = _lines(value)
        if not value_lines:
            continue
        parts.append(f"**{label}:** {value_lines[0]}")
        parts.extend(value_lines[1:])
    return [line + "\\" if i < len(parts) - 1 else line for i, line in enumerate(parts)]


def _link_refs(refs: Iterable[LinkRef]) -> str:
    return "\n".join(
        f"{ref.label} “{ref.other_quote}” ({ref.other_article})"
        + (f" — {' '.join(ref.note.split())}" if ref.note.strip() else "")
        for ref in refs
    )


def _plain_tags(tags: Iterable[ReportTag]) -> str:
    return " · ".join(tag.name for tag in tags)


def render_markdown(report: Report) -> str:
    out: list[str] = [f"# {escape(report.title)}", ""]
    scope = report.scope
    articles = "; ".join(scope.articles) or "none"
    if scope.all_articles:
        articles = f"all ({len(scope.articles)}): {articles}" if scope.articles else "all"
    out += _paragraph(
        [
            ("Generated", report.generated.strftime("%Y-%m-%d %H:%M %Z").strip()),
            ("Articles", articles),
            ("Tags", "all" if scope.all_tags else "; ".join(scope.tags) or "none"),
        ]
    )
    out += ["", *_summary(report), *_links(report), *_sections(report), *_orphans(report)]
    return "\n".join(out).rstrip("\n") + "\n"


def _summary(report: Report) -> list[str]:
    summary = report.summary
    out = ["## Summary", ""]
    if not summary.rows:
        out += ["No articles in this report.", ""]
    else:
        header = ["Article", *(escape(tag.name) for tag in summary.tags), "Untagged", "Total"]
        out.append("| " + " | ".join(header) + " |")
        out.append("|---" + "|---:" * (len(header) - 1) + "|")
        for row in summary.rows:
            cells = [_cell(row.label), *map(str, row.counts), str(row.untagged), str(row.total)]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    out += ["| Link type | Links |", "|---|---:|"]
    out += [f"| {kind.value} | {count} |" for kind, count in summary.links]
    out += [f"| **All links** | {summary.link_total} |", ""]
    return out


def _end_cell(end: LinkEnd) -> str:
    return _cell(f"“{' '.join(end.quote.exact.split())}”")


def _links(report: Report) -> list[str]:
    out = ["## Contradictions and other links", ""]
    if not report.links:
        return [*out, "No links in this report.", ""]
    out += [
        "| # | Passage | Article | Link | Linked passage | Article | Link note |",
        "|---:|---|---|---|---|---|---|",
    ]
    for number, link in enumerate(report.links, 1):
        cells = [
            str(number),
            _end_cell(link.source),
            _cell(link.source.article_title),
            escape(link.label),
            _end_cell(link.target),
            _cell(link.target.article_title),
            _cell(link.note),
        ]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    for number, link in enumerate(report.links, 1):
        out += [f"### {number}. {escape(link.label.capitalize())}", ""]
        out += _end(link.source)
        out += [f"*{escape(link.label)}*", ""]
        out += _end(link.target)
        if link.note.strip():
            out += [*_paragraph([("Link note", link.note)]), ""]
    return out


def _end(end: LinkEnd) -> list[str]:
    where = escape(end.article_title) + (
        f" ({escape(end.article_date)})" if end.article_date else ""
    )
    out = [f"**{where}**", "", *_blockquote(end.quote), ""]
    fields = _paragraph([("Tags", _plain_tags(end.tags)), ("Note", end.note)])
    return out + ([*fields, ""] if fields else [])


def _sections(report: Report) -> list[str]:
    out: list[str] = []
    for section in report.sections:
        out += [f"## {escape(section.title)}", ""]
        facts = [f for f in (section.date, section.source, section.url) if f]
        if facts:
            out += [" · ".join(escape(f) for f in facts), ""]
        if not section.annotations:
            out += ["No annotations.", ""]
        for number, annotation in enumerate(section.annotations, 1):
            out += _annotation(number, annotation)
    return out


def _annotation(number: int, annotation: ReportAnnotation) -> list[str]:
    out = [f"### {number}. “{escape(_headline(annotation.quote.exact))}”", ""]
    out += [*_blockquote(annotation.quote), ""]
    fields = _paragraph(
        [
            ("Tags", _plain_tags(annotation.tags)),
            ("Note", annotation.note),
            ("Links", _link_refs(annotation.links)),
        ]
    )
    return out + ([*fields, ""] if fields else [])


def _headline(exact: str, limit: int = 60) -> str:
    flat = " ".join(exact.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _orphans(report: Report) -> list[str]:
    if not report.orphans:
        return []
    out = [
        "## Orphaned annotations",
        "",
        "These annotations no longer match their text; their original quote is kept.",
        "",
    ]
    for number, orphan in enumerate(report.orphans, 1):
        out += [f"### {number}. “{escape(_headline(orphan.exact) or '(no quote)')}”", ""]
        out += [*_blockquote(orphan.quote), ""]
        fields = _paragraph(
            [
                ("Original target", orphan.target_source),
                ("Tags", _plain_tags(orphan.tags)),
                ("Note", orphan.note),
                ("Links", _link_refs(orphan.links)),
            ]
        )
        out += [*fields, ""] if fields else []
    return out
