"""A report as one self-contained HTML file: inline CSS, no scripts, nothing fetched.

All user text is escaped with :func:`html.escape` (quotes too); the only attributes
written are fixed class names, ``#fragment`` links inside the page and tag colours
that were checked to be ``#rgb``/``#rrggbb``. A Content-Security-Policy meta
tag forbids scripts and remote resources as a second line of defence.

``print_friendly=True`` gives the variant the PDF writer lays out with Qt's
rich-text engine: the same content with simpler CSS that Qt understands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

import xiaomi_reader.export.report_text as report_text
from xiaomi_reader.core.quotes import Quote
from xiaomi_reader.core.report_content import (
    ArticleSection,
    LinkEnd,
    LinkRef,
    Report,
    ReportTag,
)

__all__ = ["render_html"]

_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_FALLBACK_COLOUR = "#9E9E9E"
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")

_SCREEN_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  line-height: 1.5; color: #1b1b1b; background: #ffffff; max-width: 62em; margin: 2em auto;
  padding: 0 1.5em; }
h1 { font-size: 1.8em; margin-bottom: 0.3em; }
h2 { font-size: 1.35em; margin-top: 2em; border-bottom: 1px solid #d0d0d0; }
h3 { font-size: 1.05em; margin: 1.4em 0 0.4em; }
table { border-collapse: collapse; margin: 0.8em 0; }
th, td { border: 1px solid #d0d0d0; padding: 0.35em 0.6em; vertical-align: top; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.facts th, table.facts td { border: none; padding: 0.1em 0.8em 0.1em 0; }
table.pair { width: 100%; }
th.pairhead { background: #f3f3f3; }
blockquote { margin: 0.4em 0; padding: 0.2em 0.9em; border-left: 4px solid #c8c8c8;
  color: #333333; }
.hl { background-color: #fff1a8; font-weight: bold; }
.tag { display: inline-block; border-radius: 0.6em; padding: 0 0.5em; margin-right: 0.3em;
  font-size: 0.85em; }
.note, .linknote { white-space: pre-wrap; }
.label { font-weight: bold; }
.meta { color: #555555; }
.annotation { margin-bottom: 1.2em; }
ul.links { margin: 0.2em 0; padding-left: 1.4em; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  table.pair, .annotation { page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

# Qt's rich-text engine: no max-width, no border-radius, no @media; font sizes in points,
# margins in em (Qt ignores pt there).
_PRINT_CSS = """
body { font-family: "DejaVu Sans", "Helvetica", "Arial", sans-serif; font-size: 10pt;
  color: #000000; }
h1 { font-size: 17pt; }
h2 { font-size: 13pt; margin-top: 1.2em; }
h3 { font-size: 10.5pt; margin-top: 0.8em; margin-bottom: 0.2em; }
th { background-color: #eeeeee; text-align: left; }
td.n { text-align: right; }
blockquote { margin-left: 1.2em; margin-right: 0; color: #222222; }
.hl { background-color: #fff1a8; font-weight: bold; }
.tag { font-size: 8.5pt; }
.label { font-weight: bold; }
.meta { color: #444444; }
a { color: #000000; text-decoration: none; }
"""


def render_html(report: Report, *, print_friendly: bool = False) -> str:
    return "\n".join(_Page(report, print_friendly).lines())


# --------------------------------------------------------------------------
# Pieces
# --------------------------------------------------------------------------


def _text(value: str) -> str:
    """Escaped user text with its line breaks kept."""
    return escape(value).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _blockquote(quote: Quote, anchor: str | None = None) -> str:
    """The quote in its context; with ``anchor``, the quote links to that entry."""
    exact = f'<span class="hl">{_text(quote.exact)}</span>'
    if anchor:
        exact = f'<a href="#{anchor}">{exact}</a>'
    lead = "…" if quote.more_before else ""
    tail = "…" if quote.more_after else ""
    return f"<blockquote>{lead}{_text(quote.before)}{exact}{_text(quote.after)}{tail}</blockquote>"


def _headline(number: int, exact: str) -> str:
    flat = report_text.headline(exact)
    return f"{number}. “{escape(flat)}”" if flat else f"{number}."


def _anchor(iri: str) -> str:
    return "a-" + _NOT_ID.sub("-", iri.removeprefix("urn:uuid:"))


def _colour(value: str) -> str:
    return value if _HEX_COLOUR.fullmatch(value) else _FALLBACK_COLOUR


def _ink(background: str) -> str:
    """Black or white, whichever reads better on the tag colour."""
    digits = background[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#FFFFFF"


def _chips(tags: Iterable[ReportTag]) -> str:
    chips = []
    for tag in tags:
        colour = _colour(tag.colour)
        chips.append(
            f'<span class="tag" style="background-color: {colour}; color: {_ink(colour)};">'
            f"&nbsp;{escape(tag.name)}&nbsp;</span>"
        )
    return " ".join(chips)


def _facts(report: Report) -> str:
    cells = "".join(
        f"<tr><th>{k}</th><td>{escape(v)}</td></tr>" for k, v in report_text.facts(report)
    )
    return f'<table class="facts">{cells}</table>'


def _summary(report: Report, table: str) -> list[str]:
    summary = report.summary
    out = ["<h2>Summary</h2>"]
    if summary.rows:
        head = "".join(f"<th>{_chips([tag])}</th>" for tag in summary.tags)
        out.append(f'<table class="counts"{table}>')
        out.append(f"<tr><th>Article</th>{head}<th>Untagged</th><th>Total</th></tr>")
        for row in summary.rows:
            counts = "".join(f'<td class="n">{n}</td>' for n in row.counts)
            out.append(
                f"<tr><td>{escape(row.label)}</td>{counts}"
                f'<td class="n">{row.untagged}</td><td class="n">{row.total}</td></tr>'
            )
        out.append("</table>")
    else:
        out.append(f"<p>{report_text.NO_ARTICLES}</p>")
    out.append(f'<table class="counts"{table}>')
    out.append("<tr><th>Link type</th><th>Links</th></tr>")
    out += [
        f'<tr><td>{escape(kind.value)}</td><td class="n">{n}</td></tr>' for kind, n in summary.links
    ]
    out.append(f'<tr><th>All links</th><td class="n">{summary.link_total}</td></tr>')
    out.append("</table>")
    return out


def _details(tags: tuple[ReportTag, ...], note: str) -> list[str]:
    """The paragraphs of an entry's tag chips and note; none for neither."""
    out = []
    chips = _chips(tags)
    if chips:
        out.append(f'<p class="tags"><span class="label">Tags:</span> {chips}</p>')
    if note.strip():
        out.append(f'<p class="note"><span class="label">Note:</span> {_text(note)}</p>')
    return out


# Inline styles, not the stylesheet: a report without versions stays exactly as it was.
_REMOVED = '<s style="background-color: #fde0dc; color: #7f1d1d;">'
_ADDED = '<u style="background-color: #dcf5dc; color: #14532d;">'


def _marked(start: str, words: str, end: str) -> str:
    """Escaped words marked, spaces at their ends left outside (no struck or underlined
    blank); a space alone stays a plain space."""
    core = words.strip()
    if not core:
        return words
    lead = words[: len(words) - len(words.lstrip())]
    trail = words[len(words.rstrip()) :]
    return f"{lead}{start}{core}{end}{trail}"


def _reviews(section: ArticleSection) -> list[str]:
    if not section.needs_review:
        return []
    out = [f"<h3>{report_text.REVIEW_HEADING}</h3>", "<ul>"]
    for entry in section.needs_review:
        out += ["<li>", f"<p>{escape(report_text.review_line(entry))}</p>"]
        out += [*_details(entry.tags, entry.note), "</li>"]
    return [*out, "</ul>"]


def _changes(section: ArticleSection) -> list[str]:
    changes = section.changes
    if changes is None:
        return []
    out = [f"<h3>{report_text.WHAT_CHANGED}</h3>"]
    out.append(f"<p>{escape(report_text.changes_intro(changes))}</p>")
    if changes.edits:
        out.append("<ol>")
    for edit in changes.edits:
        before, after, new_before, new_after, removed, added = (
            escape(report_text.flat(words))
            for words in (
                edit.before, edit.after, edit.new_before, edit.new_after, edit.removed, edit.added
            )
        )  # fmt: skip
        out.append("<li>")
        if edit.touches:
            touched = escape("; ".join(edit.touches))
            out.append(f'<p class="meta"><span class="label">Touches:</span> {touched}</p>')
        out.append(
            f'<p><span class="label">Before:</span> …{before}'
            f"{_marked(_REMOVED, removed, '</s>')}{after}…<br>"
            f'<span class="label">After:</span> …{new_before}'
            f"{_marked(_ADDED, added, '</u>')}{new_after}…</p>"
        )
        out.append("</li>")
    return [*out, "</ol>"] if changes.edits else out


class _Page:
    """Lays out one report, on screen (with in-page links) or for print."""

    def __init__(self, report: Report, print_friendly: bool) -> None:
        self.report = report
        self.print_friendly = print_friendly
        self.linked = not print_friendly  # in-page links only on screen

    def lines(self) -> list[str]:
        """The document's lines; joined with line breaks they give the whole text."""
        report = self.report
        css = _PRINT_CSS if self.print_friendly else _SCREEN_CSS
        # Qt draws table borders from the attribute; browsers use the CSS above.
        table = ' border="1" cellspacing="0" cellpadding="4"' if self.print_friendly else ""
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="xiaomi-reader">',
            f"<title>{escape(report.title)}</title>",
            f"<style>{css}</style>",
            "</head>",
            "<body>",
            f"<h1>{escape(report.title)}</h1>",
            _facts(report),
            *_summary(report, table),
            *self.links(table),
            *self.sections(),
            *self.orphans(),
            "</body>",
            "</html>",
            "",  # the closing line break
        ]
        return parts

    def to(self, iri: str, html: str) -> str:
        """``html`` as a link to an annotation further up or down the page (screen only)."""
        return f'<a href="#{_anchor(iri)}">{html}</a>' if self.linked else html

    def link_list(self, refs: Sequence[LinkRef]) -> list[str]:
        """What an entry is linked to, one item per link; nothing for no links."""
        if not refs:
            return []
        items = [
            f"<li>{escape(ref.label)} {self.to(ref.other_iri, f'“{escape(ref.other_quote)}”')} "
            f'<span class="meta">({escape(ref.other_article)})</span>'
            f"{f' — {_text(ref.note)}' if ref.note.strip() else ''}</li>"
            for ref in refs
        ]
        return ['<p class="label">Linked to:</p>', '<ul class="links">', *items, "</ul>"]

    def end(self, end: LinkEnd) -> str:
        date = (
            f' <span class="meta">· {escape(end.article_date)}</span>' if end.article_date else ""
        )
        anchor = _anchor(end.annotation_iri) if self.linked else None
        out = [
            f"<p><b>{escape(end.article_title)}</b>{date}</p>",
            _blockquote(end.quote, anchor),
            *_details(end.tags, end.note),
        ]
        return "\n".join(out)

    def links(self, table: str) -> list[str]:
        out = ["<h2>Contradictions and other links</h2>"]
        if not self.report.links:
            return [*out, f"<p>{report_text.NO_LINKS}</p>"]
        for number, link in enumerate(self.report.links, 1):
            out += [
                f'<table class="pair" width="100%"{table}>',
                f'<tr><th colspan="2" class="pairhead">{number}. '
                f"{escape(link.label.capitalize())} (left → right)</th></tr>",
                f'<tr><td width="50%">{self.end(link.source)}</td>'
                f'<td width="50%">{self.end(link.target)}</td></tr>',
            ]
            if link.note.strip():
                out.append(
                    '<tr><td colspan="2" class="linknote"><span class="label">Link note:</span> '
                    f"{_text(link.note)}</td></tr>"
                )
            out.append("</table>")
        return out

    def sections(self) -> list[str]:
        out = []
        for index, section in enumerate(self.report.sections, 1):
            # On paper an article with annotations starts a page, so its heading is never
            # left alone at the foot of the previous one.
            brk = (
                ' style="page-break-before: always;"'
                if self.print_friendly and section.annotations
                else ""
            )
            out.append(
                f'<h2 class="article" id="article-{index}"{brk}>{escape(section.title)}</h2>'
            )
            about = section.details()
            if about:
                # The URL is shown as text, never as a link: nothing in the report leaves the page.
                out.append(f'<p class="meta">{" · ".join(escape(f) for f in about)}</p>')
            if not section.annotations:
                out.append(f"<p>{report_text.NO_ANNOTATIONS}</p>")
            for number, a in enumerate(section.annotations, 1):
                body = self.passage(number, a.quote, a.tags, a.note, a.links)
                out += self.entry(a.iri, "annotation", body)
            out += _reviews(section)
            out += _changes(section)
        return out

    def entry(self, iri: str, kind: str, body: list[str]) -> list[str]:
        """One annotation's lines.

        On screen they sit in a ``div`` with an id, the target of in-page links. For Qt
        there are neither: its HTML import slows down quadratically with thousands
        of divs or of named anchors (a 10,000-annotation report took minutes).
        """
        if self.print_friendly:
            return body
        return [f'<div class="{kind}" id="{_anchor(iri)}">', *body, "</div>"]

    def passage(
        self,
        number: int,
        quote: Quote,
        tags: tuple[ReportTag, ...],
        note: str,
        refs: Sequence[LinkRef],
        *extra: str,
    ) -> list[str]:
        """A numbered passage: its heading, the quote, ``extra`` lines, tags, note and links."""
        return [
            f"<h3>{_headline(number, quote.exact)}</h3>",
            _blockquote(quote),
            *extra,
            *_details(tags, note),
            *self.link_list(refs),
        ]

    def orphans(self) -> list[str]:
        if not self.report.orphans:
            return []
        out = ["<h2>Orphaned annotations</h2>", f"<p>{report_text.ORPHANS_INTRO}</p>"]
        for number, orphan in enumerate(self.report.orphans, 1):
            target = (
                '<p class="meta"><span class="label">Original target:</span> '
                f"{escape(orphan.target_source)}</p>"
            )
            body = self.passage(
                number, orphan.quote, orphan.tags, orphan.note, orphan.links, target
            )
            out += self.entry(orphan.iri, "annotation orphan", body)
        return out
