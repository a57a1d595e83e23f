"""A report as Markdown (CommonMark with GitHub-style tables).

Every piece of user text (quotes, notes, titles, tag names) is escaped, so a
note can never turn into a link, an image, raw HTML or a heading; quotes are
blockquotes, and the links come first as a table followed by the pairs.

The document is built as a list of lines (a multi-line block may stand as one
item) and joined with line breaks at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import xiaomi_reader.export.report_text as report_text
from xiaomi_reader.core.quotes import Quote
from xiaomi_reader.core.report_content import (
    ArticleSection,
    LinkEnd,
    LinkRef,
    OrphanEntry,
    Report,
    ReportAnnotation,
    ReportLink,
    ReportTag,
    Summary,
)

__all__ = ["escape", "render_markdown"]

# Characters that start inline markup anywhere in a line (links, images, HTML, entities,
# emphasis, code, tables, strikethrough, headings, e-mail autolinks): each gets a backslash.
_INLINE = re.compile(r"[\\`*_\[\]<>&|~#!@]")
# What GitHub-flavoured viewers turn into links without any markup: "scheme://"
# and "www."; an escaped ":" or "." no longer matches.
_BARE_LINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<![\w.])(www)(\.)")
# An ordered list item's number at the start of a line ("1." or "1)").
_ORDERED = re.compile(r"^(\d{1,9})[.)]")
# List items, thematic breaks and setext underlines at the start of a line.
_BLOCK_MARKERS = ("+", "-", "=")


def escape(text: str) -> str:
    """Escape the Markdown-significant characters of user text (line breaks stay as they are)."""
    text = _INLINE.sub(_backslash, text)
    if "://" in text or "w." in text or "W." in text:  # what a bare link needs; most text lacks it
        text = _BARE_LINK.sub(_unlink, text)
    return text


def _backslash(match: re.Match[str]) -> str:
    return "\\" + match.group()


def _unlink(match: re.Match[str]) -> str:
    return "\\:" if match.group(1) else match.group(2) + "\\."


def _guard(line: str) -> str:
    """Neutralise a block marker at the start of an (already escaped) line."""
    line = line.lstrip()  # four leading spaces would start a code block
    ordered = _ORDERED.match(line)
    if ordered:
        return f"{ordered.group(1)}\\{line[ordered.end(1) :]}"
    if line.startswith(_BLOCK_MARKERS):
        return "\\" + line
    return line


def _cell(text: str) -> str:
    """Table cells are one line: whitespace (tabs, newlines) collapses to single spaces."""
    return escape(" ".join(text.split())) or " "


def _lines(text: str) -> list[str]:
    """User text as escaped, guarded lines; blank lines dropped (they would end a paragraph)."""
    return [_guard(line) for line in escape(text).splitlines() if line.strip()]


def _field(label: str, lines: list[str]) -> str:
    """``**Label:** value`` over the value's (escaped) lines; "" for a field without any.

    Fields are joined by hard line breaks (a trailing backslash), and so are the
    lines of a value, so a paragraph's lines are simply all its fields' lines.
    """
    return f"**{label}:** " + "\\\n".join(lines) if lines else ""


def _paragraph(*fields: str) -> str:
    """Fields from :func:`_field` as one paragraph; "" when all are empty."""
    return "\\\n".join([field for field in fields if field])


def _bold(line: str) -> str:
    """Bold one line of escaped text: the markers hug the words, or CommonMark ignores them."""
    core = line.strip()
    if not core:
        return line
    lead = line[: len(line) - len(line.lstrip())]
    trail = line[len(line.rstrip()) :]
    return f"{lead}**{core}**{trail}"


def _marked(marker: str, line: str) -> str:
    """Escaped text between ``marker``s hugging its words (spaces at its ends go outside)."""
    if not line.strip():
        return line
    lead = line[: len(line) - len(line.lstrip())]
    trail = line[len(line.rstrip()) :]
    return f"{lead}{marker}{line.strip()}{marker}{trail}"


def _quoted(line: str) -> str:
    guarded = _guard(line)
    return f"> {guarded}" if guarded else ">"


def _blockquote(quote: Quote) -> str:
    """The quote in its context as a blockquote, the quote itself in bold."""
    lead = "…" if quote.more_before else ""
    tail = "…" if quote.more_after else ""
    exact = "\n".join(_bold(line) for line in escape(quote.exact).split("\n"))
    body = f"{lead}{escape(quote.before)}{exact}{escape(quote.after)}{tail}"
    return "\n".join(_quoted(line) for line in body.split("\n"))


def _quote_cell(quote: Quote) -> str:
    """The quote alone on one line, in quote marks, for a table."""
    return f"“{escape(' '.join(quote.exact.split()))}”"


def _tags_field(tags: Iterable[ReportTag]) -> str:
    return _field("Tags", _lines(" · ".join(tag.name for tag in tags)))


def _note_field(note: str) -> str:
    return _field("Note", _lines(note))


def _links_field(refs: Iterable[LinkRef]) -> str:
    """One line per link: ``contradicts “other quote” (its article) — link note``."""
    lines = []
    for ref in refs:
        note = f" — {' '.join(ref.note.split())}" if ref.note.strip() else ""
        lines.append(f"{ref.label} “{ref.other_quote}” ({ref.other_article}){note}")
    return _field("Links", _lines("\n".join(lines)))


def _entry(heading: str, quote: Quote, *fields: str) -> list[str]:
    """A passage under its heading, its fields below; up to and with the blank line after it."""
    lines = [heading, "", _blockquote(quote), ""]
    paragraph = _paragraph(*fields)
    return [*lines, paragraph, ""] if paragraph else lines


def render_markdown(report: Report) -> str:
    lines = [
        *_opening(report),
        *_summary(report.summary),
        *_links(report.links),
        *_sections(report.sections),
        *_orphans(report.orphans),
    ]
    # Exactly one line break at the end.
    return "\n".join(lines).rstrip("\n") + "\n"


def _opening(report: Report) -> list[str]:
    lines = [f"# {escape(report.title)}", ""]
    paragraph = _paragraph(
        *(_field(label, _lines(text)) for label, text in report_text.facts(report))
    )
    return [*lines, paragraph, ""] if paragraph else [*lines, ""]


def _summary(summary: Summary) -> list[str]:
    lines = ["## Summary", ""]
    if not summary.rows:
        lines += [report_text.NO_ARTICLES, ""]
    else:
        header = ["Article", *(escape(tag.name) for tag in summary.tags), "Untagged", "Total"]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|---" + "|---:" * (len(header) - 1) + "|")
        for row in summary.rows:
            cells = [_cell(row.label), *map(str, row.counts), str(row.untagged), str(row.total)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["| Link type | Links |", "|---|---:|"]
    lines += [f"| {kind.value} | {count} |" for kind, count in summary.links]
    lines += [f"| **All links** | {summary.link_total} |", ""]
    return lines


def _links(links: tuple[ReportLink, ...]) -> list[str]:
    lines = ["## Contradictions and other links", ""]
    if not links:
        return [*lines, report_text.NO_LINKS, ""]
    lines += [
        "| # | Passage | Article | Link | Linked passage | Article | Link note |",
        "|---:|---|---|---|---|---|---|",
    ]
    for number, link in enumerate(links, 1):
        source, target = link.source, link.target
        lines.append(
            f"| {number} | {_quote_cell(source.quote)} | {_cell(source.article_title)} "
            f"| {escape(link.label)} | {_quote_cell(target.quote)} "
            f"| {_cell(target.article_title)} | {_cell(link.note)} |"
        )
    lines.append("")
    for number, link in enumerate(links, 1):
        lines += [
            f"### {number}. {escape(link.label.capitalize())}",
            "",
            *_link_end(link.source),
            f"*{escape(link.label)}*",
            "",
            *_link_end(link.target),
        ]
        if link.note.strip():
            lines += [_field("Link note", _lines(link.note)), ""]
    return lines


def _link_end(end: LinkEnd) -> list[str]:
    """One passage of a link: where it is from, the quote, its tags and note."""
    where = escape(end.article_title)
    if end.article_date:
        where += f" ({escape(end.article_date)})"
    return _entry(f"**{where}**", end.quote, _tags_field(end.tags), _note_field(end.note))


def _sections(sections: tuple[ArticleSection, ...]) -> list[str]:
    lines = []
    for section in sections:
        lines += [f"## {escape(section.title)}", ""]
        about = section.details()
        if about:
            # On one line whatever a page put in its metadata, and never a list or heading.
            lines += [_guard(" · ".join(escape(" ".join(f.split())) for f in about)), ""]
        if not section.annotations:
            lines += [report_text.NO_ANNOTATIONS, ""]
        for number, annotation in enumerate(section.annotations, 1):
            lines += _annotation(number, annotation)
        lines += _reviews(section)
        lines += _changes(section)
    return lines


def _reviews(section: ArticleSection) -> list[str]:
    if not section.needs_review:
        return []
    lines = [f"### {report_text.REVIEW_HEADING}", ""]
    for entry in section.needs_review:
        line = f"- {escape(report_text.review_line(entry))}"
        fields = _paragraph(_tags_field(entry.tags), _note_field(entry.note))
        lines.append(line + ("\\\n  " + fields.replace("\n", "\n  ") if fields else ""))
    return [*lines, ""]


def _changes(section: ArticleSection) -> list[str]:
    changes = section.changes
    if changes is None:
        return []
    lines = [f"### {report_text.WHAT_CHANGED}", "", escape(report_text.changes_intro(changes)), ""]
    for number, edit in enumerate(changes.edits, 1):
        before, after, new_before, new_after, removed, added = (
            escape(report_text.flat(words))
            for words in (
                edit.before, edit.after, edit.new_before, edit.new_after, edit.removed, edit.added
            )
        )  # fmt: skip
        old = f"…{before}{_marked('~~', removed)}{after}…"
        new = f"…{new_before}{_marked('**', added)}{new_after}…"
        touches = "; ".join(edit.touches)
        lines += [
            f"#### Edit {number}" + (" (touches an annotated passage)" if touches else ""),
            "",
            _paragraph(
                _field("Touches", _lines(touches)),
                f"**Before:** {old}",
                f"**After:** {new}",
            ),
            "",
        ]
    return lines


def _annotation(number: int, annotation: ReportAnnotation) -> list[str]:
    return _entry(
        f"### {number}. “{escape(report_text.headline(annotation.quote.exact))}”",
        annotation.quote,
        _tags_field(annotation.tags),
        _note_field(annotation.note),
        _links_field(annotation.links),
    )


def _orphans(orphans: tuple[OrphanEntry, ...]) -> list[str]:
    if not orphans:
        return []
    lines = ["## Orphaned annotations", "", report_text.ORPHANS_INTRO, ""]
    for number, orphan in enumerate(orphans, 1):
        lines += _entry(
            f"### {number}. “{escape(report_text.headline(orphan.exact) or '(no quote)')}”",
            orphan.quote,
            _field("Original target", _lines(orphan.target_source)),
            _tags_field(orphan.tags),
            _note_field(orphan.note),
            _links_field(orphan.links),
        )
    return lines
