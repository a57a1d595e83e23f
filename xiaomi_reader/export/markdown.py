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
from xiaomi_reader.export.lines import utf8_lines

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


def escape(text: str) -> str:
    """Escape Markdown-significant characters of one line of user text."""
    # Membership tests are much cheaper than a regex (or str.translate) on text that
    # mostly holds none of these; spelt out, they skip even a loop in the usual case.
    if (
        "\\" in text
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
        or "!" in text
        or "@" in text
    ):
        for char, escaped in _INLINE:
            if char in text:
                text = text.replace(char, escaped)
    # Skip the regex unless a bare link could match ("www." ends in "w." in some case).
    if "://" in text or "w." in text or "W." in text:
        return _BARE_LINK.sub(_unlink, text)
    return text


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


def _quote_cell(exact: str) -> str:
    """A quoted passage as a table cell: what ``_cell`` gives for it, flattened only once.

    Once the quote marks are around the flattened text there is no whitespace
    left to collapse, and the cell is never empty.
    """
    return escape(f"“{' '.join(exact.split())}”")


def _lines(text: str) -> list[str]:
    """User text as escaped, guarded lines; blank lines dropped (they would end a paragraph)."""
    return [_guard(escape(line)) for line in text.splitlines() if line.strip()]


def _strong_line(line: str) -> str:
    core = line.strip()
    if not core:
        return line
    lead = line[: len(line) - len(line.lstrip())]
    trail = line[len(line.rstrip()) :]
    return f"{lead}**{escape(core)}**{trail}"


def _strong(text: str) -> str:
    """Bold every line of ``text``; the markers hug the words, or CommonMark ignores them."""
    if "\n" not in text:
        return _strong_line(text)
    return "\n".join(_strong_line(line) for line in text.split("\n"))


def _quoted(line: str) -> str:
    guarded = _guard(line)
    return f"> {guarded}" if guarded else ">"


def _blockquote(quote: Quote) -> list[str]:
    lead = "…" if quote.more_before else ""
    tail = "…" if quote.more_after else ""
    body = f"{lead}{escape(quote.before)}{_strong(quote.exact)}{escape(quote.after)}{tail}"
    if "\n" not in body:
        return [_quoted(body)]
    return [_quoted(line) for line in body.split("\n")]


def _paragraph(fields: Iterable[tuple[str, list[str]]]) -> list[str]:
    """``**Label:** value`` lines joined by hard line breaks (a trailing backslash).

    Each value comes as its escaped lines (see :func:`_lines`); a field without any is left out.
    """
    parts: list[str] = []
    for label, value_lines in fields:
        if not value_lines:
            continue
        parts.append(f"**{label}:** {value_lines[0]}")
        parts.extend(value_lines[1:])
    if len(parts) > 1:
        parts[:-1] = [line + "\\" for line in parts[:-1]]
    return parts


def _link_refs(refs: Iterable[LinkRef]) -> str:
    return "\n".join(
        f"{ref.label} “{ref.other_quote}” ({ref.other_article})"
        + (f" — {' '.join(ref.note.split())}" if ref.note.strip() else "")
        for ref in refs
    )


def _plain_tags(tags: Iterable[ReportTag]) -> str:
    return " · ".join(tag.name for tag in tags)


def _headline(exact: str, limit: int = 60) -> str:
    flat = " ".join(exact.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


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


class _Writer:
    """Lays out one report.

    Much of a report repeats: every annotation with the same tags has the same
    tag line, article titles and link labels recur in every link, and a linked
    passage's quote is shown both with its link and in its article. Each of
    those is escaped once and reused.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        self._escaped: dict[str, str] = {}
        self._cells: dict[str, str] = {}
        # Keyed by id(): tag tuples and quotes are shared by the report's entries, and
        # hashing them costs more than building their text. The value keeps the object
        # itself, so a key is never mistaken for a later object that reuses the id.
        self._tag_lines: dict[int, tuple[tuple[ReportTag, ...], list[str]]] = {}
        self._quotes: dict[int, tuple[Quote, list[str]]] = {}
        self._notes: dict[int, tuple[str, list[str]]] = {}

    # -- what repeats ------------------------------------------------------

    def escape(self, text: str) -> str:
        found = self._escaped.get(text)
        if found is None:
            found = self._escaped[text] = escape(text)
        return found

    def cell(self, text: str) -> str:
        found = self._cells.get(text)
        if found is None:
            found = self._cells[text] = _cell(text)
        return found

    def tag_lines(self, tags: tuple[ReportTag, ...]) -> list[str]:
        found = self._tag_lines.get(id(tags))
        if found is None or found[0] is not tags:
            found = self._tag_lines[id(tags)] = (tags, _lines(_plain_tags(tags)))
        return found[1]

    def note_lines(self, note: str) -> list[str]:
        """A note's lines; a linked passage shows the very same note object twice."""
        if not note:
            return []
        found = self._notes.get(id(note))
        if found is None or found[0] is not note:
            found = self._notes[id(note)] = (note, _lines(note))
        return found[1]

    def blockquote(self, quote: Quote) -> list[str]:
        found = self._quotes.get(id(quote))
        if found is None or found[0] is not quote:
            found = self._quotes[id(quote)] = (quote, _blockquote(quote))
        return found[1]

    # -- the document ------------------------------------------------------

    def lines(self) -> list[str]:
        """The document's lines; joined with line breaks they give the whole text."""
        report = self.report
        out: list[str] = [f"# {escape(report.title)}", ""]
        scope = report.scope
        articles = "; ".join(scope.articles) or "none"
        if scope.all_articles:
            articles = f"all ({len(scope.articles)}): {articles}" if scope.articles else "all"
        tags = "all" if scope.all_tags else "; ".join(scope.tags) or "none"
        out += _paragraph(
            [
                ("Generated", _lines(report.generated.strftime("%Y-%m-%d %H:%M %Z").strip())),
                ("Articles", _lines(articles)),
                ("Tags", _lines(tags)),
            ]
        )
        out.append("")
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
        cell = self.cell
        for number, link in enumerate(links, 1):
            source, target = link.source, link.target
            cells = [
                str(number),
                _quote_cell(source.quote.exact),
                cell(source.article_title),
                self.escape(link.label),
                _quote_cell(target.quote.exact),
                cell(target.article_title),
                _cell(link.note),
            ]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
        for number, link in enumerate(links, 1):
            out += [f"### {number}. {self.escape(link.label.capitalize())}", ""]
            self.end(out, link.source)
            out += [f"*{self.escape(link.label)}*", ""]
            self.end(out, link.target)
            if link.note.strip():
                out += [*_paragraph([("Link note", _lines(link.note))]), ""]

    def end(self, out: list[str], end: LinkEnd) -> None:
        where = self.escape(end.article_title)
        if end.article_date:
            where += f" ({self.escape(end.article_date)})"
        out += [f"**{where}**", "", *self.blockquote(end.quote), ""]
        fields = _paragraph(
            [("Tags", self.tag_lines(end.tags)), ("Note", self.note_lines(end.note))]
        )
        if fields:
            out += fields
            out.append("")

    def sections(self, out: list[str]) -> None:
        for section in self.report.sections:
            out += [f"## {escape(section.title)}", ""]
            facts = [f for f in (section.date, section.source, section.url) if f]
            if facts:
                out += [" · ".join(escape(f) for f in facts), ""]
            if not section.annotations:
                out += ["No annotations.", ""]
            for number, annotation in enumerate(section.annotations, 1):
                self.annotation(out, number, annotation)

    def annotation(self, out: list[str], number: int, annotation: ReportAnnotation) -> None:
        quote = annotation.quote
        out += [f"### {number}. “{escape(_headline(quote.exact))}”", ""]
        out += self.blockquote(quote)
        out.append("")
        fields = _paragraph(
            [
                ("Tags", self.tag_lines(annotation.tags)),
                ("Note", self.note_lines(annotation.note)),
                # Most annotations have no links: skip building their empty text.
                ("Links", _lines(_link_refs(annotation.links)) if annotation.links else []),
            ]
        )
        if fields:
            out += fields
            out.append("")

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
            out += [f"### {number}. “{escape(_headline(orphan.exact) or '(no quote)')}”", ""]
            out += self.blockquote(orphan.quote)
            out.append("")
            fields = _paragraph(
                [
                    ("Original target", _lines(orphan.target_source)),
                    ("Tags", self.tag_lines(orphan.tags)),
                    ("Note", self.note_lines(orphan.note)),
                    ("Links", _lines(_link_refs(orphan.links))),
                ]
            )
            if fields:
                out += fields
                out.append("")
