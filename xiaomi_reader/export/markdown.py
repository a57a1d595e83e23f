"""A report as Markdown (CommonMark with GitHub-style tables).

Every piece of user text (quotes, notes, titles, tag names) is escaped, so a
note can never turn into a link, an image, raw HTML or a heading; quotes are
blockquotes, and the links come first as a table followed by the pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from xiaomi_reader.core.quotes import Quote, shorten
from xiaomi_reader.core.report_content import (
    LinkEnd,
    LinkRef,
    Report,
    ReportAnnotation,
    ReportTag,
)
from xiaomi_reader.export.lines import utf8_lines
from xiaomi_reader.export.memo import ByIdentity, Memo

__all__ = ["escape", "render_markdown", "render_markdown_utf8"]

# Characters that start inline markup anywhere in a line (links, images, HTML,
# entities, emphasis, code, tables, strikethrough, headings, e-mail autolinks):
# each gets a backslash. The backslash goes first, so no added one is escaped again.
_INLINE = tuple((c, "\\" + c) for c in "\\`*_[]<>&|~#!@")
# What GitHub-flavoured viewers turn into links without any markup: "scheme://"
# and "www."; an escaped ":" or "." no longer matches.
_BARE_LINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<![\w.])(www)(\.)")
# Block markers that only count at the start of a line: list items, thematic
# breaks, setext underlines, ordered list numbers.
_LINE_START = re.compile(r"^([+\-=]|\d{1,9}(?=[.)]))")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_HEADLINE = 60  # characters of the quote in an annotation's heading


def escape(text: str) -> str:
    """Escape Markdown-significant characters of one line of user text."""
    if _has_inline(text):
        for char, escaped in _INLINE:
            if char in text:
                text = text.replace(char, escaped)
    if _may_link(text):
        return _BARE_LINK.sub(_unlink, text)
    return text


def _has_inline(text: str) -> bool:
    """Whether ``text`` holds any character of ``_INLINE``.

    Membership tests are much cheaper than a regex (or str.translate) on text that
    mostly holds none of these; spelt out, they skip even a loop in the usual case.
    """
    return (
        "!" in text  # the usual one first: sentences end with it
        or "\\" in text
        or "`" in text
        or "*" in text
        or "_" in text
        or "[" in text
        or "]" in text
        or "<" in text
        or ">" in text
        or "&" in text
        or "|" in text
        or "~" in text
        or "#" in text
        or "@" in text
    )


def _may_link(text: str) -> bool:
    """Whether ``_BARE_LINK`` could match ("www." ends in "w." in some case)."""
    return "://" in text or "w." in text or "W." in text


def _plain(text: str) -> bool:
    """Whether :func:`escape` surely leaves ``text`` as it is; true of most user text.

    The tests cost mostly per test, not per character: testing several pieces
    joined into one string is cheaper than testing each.
    """
    return not (_has_inline(text) or _may_link(text))


def _escape_apart(*pieces: str) -> list[str]:
    """``[escape(piece) for piece in pieces]``, in one call for all of them.

    The pieces are escaped joined by NULs and split again: no escape looks across
    a NUL (it is neither a letter, a dot nor a slash), unless a piece holds one itself.
    """
    joined = "\0".join(pieces)
    if joined.count("\0") != len(pieces) - 1:
        return [escape(piece) for piece in pieces]
    return escape(joined).split("\0")


def _unlink(match: re.Match[str]) -> str:
    return "\\:" if match.group(1) else match.group(2) + "\\."


def _guard(line: str) -> str:
    """Neutralise a block marker at the start of an (already escaped) line."""
    line = line.lstrip()  # four leading spaces would start a code block
    # Every marker starts with one of these (isdigit() covers all that \d matches).
    if not line or not (line[0] in "+-=" or line[0].isdigit()):
        return line
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
    # Escaped whole: no escape reaches across a line break, so this is escaping each line.
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


def _bold(text: str) -> str:
    """Bold each line of escaped ``text``: markers hug the words, or CommonMark ignores them."""
    if "\n" not in text:
        return _bold_line(text)
    return "\n".join(_bold_line(line) for line in text.split("\n"))


def _bold_line(line: str) -> str:
    core = line.strip()
    if len(core) == len(line):  # the usual case: nothing to strip
        return f"**{line}**" if line else line
    if not core:
        return line
    lead = line[: len(line) - len(line.lstrip())]
    trail = line[len(line.rstrip()) :]
    return f"{lead}**{core}**{trail}"


def _quoted(line: str) -> str:
    guarded = _guard(line)
    return f"> {guarded}" if guarded else ">"


class _Passage(NamedTuple):
    """A quote's Markdown, escaped once however often the report shows the quote."""

    block: str  # the blockquote: the quote in its context, the quote in bold
    exact: str  # the quote alone, escaped
    headline: str  # the quote on one line, cut to fit a heading, escaped

    def cell(self) -> str:
        """The quote on one line in quote marks, for a table (what :func:`_cell` makes of it).

        Escaping never touches whitespace, nor looks across it: flattening the
        escaped quote is escaping the flattened one. Once the quote marks are
        around it there is no whitespace left to collapse, and the cell is never empty.
        """
        return f"“{' '.join(self.exact.split())}”"


def _passage(quote: Quote) -> _Passage:
    before, exact, after, more_before, more_after = quote
    headline = shorten(exact, _HEADLINE)
    # One test for the three pieces: most quotes hold nothing to escape.
    if not _plain(before + exact + after):
        before, exact, after, headline = _escape_apart(before, exact, after, headline)
    lead = "…" if more_before else ""
    tail = "…" if more_after else ""
    body = f"{lead}{before}{_bold(exact)}{after}{tail}"
    if "\n" not in body:
        # A line that starts with the ellipsis (the usual case) has no marker to guard.
        return _Passage(f"> {body}" if lead else _quoted(body), exact, headline)
    return _Passage("\n".join(_quoted(line) for line in body.split("\n")), exact, headline)


def _link_refs(refs: Iterable[LinkRef]) -> str:
    return "\n".join(
        f"{ref.label} “{ref.other_quote}” ({ref.other_article})"
        + (f" — {' '.join(ref.note.split())}" if ref.note.strip() else "")
        for ref in refs
    )


def _plain_tags(tags: Iterable[ReportTag]) -> str:
    return " · ".join(tag.name for tag in tags)


def render_markdown(report: Report) -> str:
    return "\n".join(_Writer(report).lines())


def render_markdown_utf8(report: Report) -> bytes:
    """``render_markdown(report).encode("utf-8")``, quicker for a big report."""
    return utf8_lines(_Writer(report).lines())


def _end_lines(lines: list[str]) -> list[str]:
    """``lines`` trimmed so that joined they end in exactly one line break.

    Trims the list rather than the joined text: stripping a report of several
    megabytes would copy all of it.
    """
    while lines and not lines[-1].strip("\n"):
        lines.pop()
    if lines:
        lines[-1] = lines[-1].rstrip("\n")
    else:
        lines.append("")
    lines.append("")
    return lines


def _tags_field(tags: tuple[ReportTag, ...]) -> str:
    """The ``**Tags:**`` field of these tags."""
    return _field("Tags", _lines(_plain_tags(tags)))


def _note_field(note: str) -> str:
    """The ``**Note:**`` field: a linked passage shows its note twice, and notes recur."""
    return _field("Note", _lines(note))


def _one_line(text: str) -> str | None:
    """``text`` escaped; None when it holds a line break."""
    return escape(text) if text.splitlines() == [text] else None


def _flat_note(note: str) -> str:
    """A link's note on one line, escaped."""
    return escape(" ".join(note.split()))


class _Writer:
    """Lays out one report.

    Much of a report repeats: every annotation with the same tags has the same
    tag line, article titles and link labels recur in every link, and a linked
    passage's quote is shown both with its link and in its article. Each of
    those is escaped once and reused (``export/memo.py``).

    The document is built as a list of pieces, each one line or a whole block
    (an annotation, a link) with its lines already joined: one string per block
    costs far less than a list item per line.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        self.escape = Memo(escape).__getitem__
        self.cell = Memo(_cell).__getitem__
        self.note = Memo(_note_field).__getitem__
        self.one_line = Memo(_one_line).__getitem__
        self.flat_note = Memo(_flat_note).__getitem__
        self.tags = ByIdentity(_tags_field)
        self.passage = ByIdentity(_passage)

    def links_field(self, refs: tuple[LinkRef, ...]) -> str:
        """The ``**Links:**`` field ("" for no links): one line per link.

        Each line is escaped piece by piece, the pieces that recur taken from the
        caches: that is escaping it whole, as the quote marks, brackets and dash
        between the pieces stop every escape at their edges. A title that breaks
        its line takes the plain way, which also guards the lines it starts.
        """
        lines = []
        for ref in refs:
            title = self.one_line(ref.other_article)
            if title is None:
                return _field("Links", _lines(_link_refs(refs)))
            note = f" — {self.flat_note(ref.note)}" if ref.note.strip() else ""
            lines.append(f"{self.escape(ref.label)} “{escape(ref.other_quote)}” ({title}){note}")
        return _field("Links", lines)

    # -- the document ------------------------------------------------------

    def lines(self) -> list[str]:
        """The document's pieces; joined with line breaks they give the whole text."""
        report = self.report
        out: list[str] = [f"# {escape(report.title)}", ""]
        scope = report.scope
        articles = "; ".join(scope.articles) or "none"
        if scope.all_articles:
            articles = f"all ({len(scope.articles)}): {articles}" if scope.articles else "all"
        tags = "all" if scope.all_tags else "; ".join(scope.tags) or "none"
        generated = report.generated.strftime("%Y-%m-%d %H:%M %Z").strip()
        facts = _paragraph(
            _field("Generated", _lines(generated)),
            _field("Articles", _lines(articles)),
            _field("Tags", _lines(tags)),
        )
        out += [facts, ""] if facts else [""]
        self.summary(out)
        self.links(out)
        self.sections(out)
        self.orphans(out)
        return _end_lines(out)

    def summary(self, out: list[str]) -> None:
        summary = self.report.summary
        out += ["## Summary", ""]
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

    def links(self, out: list[str]) -> None:
        links = self.report.links
        out += ["## Contradictions and other links", ""]
        if not links:
            out += ["No links in this report.", ""]
            return
        out += [
            "| # | Passage | Article | Link | Linked passage | Article | Link note |",
            "|---:|---|---|---|---|---|---|",
        ]
        cell, escape, passage = self.cell, self.escape, self.passage
        for number, link in enumerate(links, 1):
            source, target = link.source, link.target
            out.append(
                f"| {number} | {passage(source.quote).cell()} | {cell(source.article_title)} "
                f"| {escape(link.label)} | {passage(target.quote).cell()} "
                f"| {cell(target.article_title)} | {cell(link.note)} |"
            )
        out.append("")
        for number, link in enumerate(links, 1):
            label = link.label
            block = [
                f"### {number}. {escape(label.capitalize())}",
                "",
                self.end(link.source),
                f"*{escape(label)}*",
                "",
                self.end(link.target),
            ]
            if link.note.strip():
                block += [_field("Link note", _lines(link.note)), ""]
            out.append("\n".join(block))

    def end(self, end: LinkEnd) -> str:
        """One passage of a link, up to and with the blank line after it."""
        where = self.escape(end.article_title)
        if end.article_date:
            where += f" ({self.escape(end.article_date)})"
        block = f"**{where}**\n\n{self.passage(end.quote).block}\n"
        fields = _paragraph(self.tags(end.tags), self.note(end.note))
        return f"{block}\n{fields}\n" if fields else block

    def sections(self, out: list[str]) -> None:
        for section in self.report.sections:
            out += [f"## {escape(section.title)}", ""]
            facts = [f for f in (section.date, section.source, section.url) if f]
            if facts:
                out += [" · ".join(escape(f) for f in facts), ""]
            if not section.annotations:
                out += ["No annotations.", ""]
            out += [
                self.annotation(number, annotation)
                for number, annotation in enumerate(section.annotations, 1)
            ]

    def annotation(self, number: int, annotation: ReportAnnotation) -> str:
        """One annotation, up to and with the blank line after it."""
        # Only a linked passage is shown again (with its links): keep only those.
        quote = annotation.quote
        passage = self.passage(quote) if annotation.links else _passage(quote)
        block = f"### {number}. “{passage.headline}”\n\n{passage.block}\n"
        fields = _paragraph(
            self.tags(annotation.tags),
            self.note(annotation.note),
            # Most annotations have no links: skip building their empty text.
            self.links_field(annotation.links) if annotation.links else "",
        )
        return f"{block}\n{fields}\n" if fields else block

    def orphans(self, out: list[str]) -> None:
        if not self.report.orphans:
            return
        out += [
            "## Orphaned annotations",
            "",
            "These annotations no longer match their text; their original quote is kept.",
            "",
        ]
        for number, orphan in enumerate(self.report.orphans, 1):
            headline = escape(shorten(orphan.exact, _HEADLINE) or "(no quote)")
            block = f"### {number}. “{headline}”\n\n{self.passage(orphan.quote).block}\n"
            fields = _paragraph(
                _field("Original target", _lines(orphan.target_source)),
                self.tags(orphan.tags),
                self.note(orphan.note),
                self.links_field(orphan.links),
            )
            out.append(f"{block}\n{fields}\n" if fields else block)
