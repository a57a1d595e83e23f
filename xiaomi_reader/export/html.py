"""A report as one self-contained HTML file: inline CSS, no scripts, nothing fetched.

All user text is escaped exactly as :func:`html.escape` does; the only attributes written
are fixed class names, ``#fragment`` links inside the page and tag colours
that were checked to be ``#rgb``/``#rrggbb``. A Content-Security-Policy meta
tag forbids scripts and remote resources as a second line of defence.

``print_friendly=True`` gives the variant the PDF writer lays out with Qt's
rich-text engine: the same content with simpler CSS that Qt understands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from xiaomi_reader.core.quotes import Quote, shorten
from xiaomi_reader.core.report_content import (
    LinkEnd,
    LinkRef,
    OrphanEntry,
    Report,
    ReportAnnotation,
    ReportTag,
)
from xiaomi_reader.export.lines import utf8_lines
from xiaomi_reader.export.memo import ByIdentity, Memo

__all__ = ["render_html", "render_html_utf8"]

_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_FALLBACK_COLOUR = "#9E9E9E"
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")
_ID = re.compile(r"[A-Za-z0-9_-]+")
_HEADLINE = 60  # characters of the quote in an annotation's headline

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
    return "\n".join(_Writer(report, print_friendly).lines())


def render_html_utf8(report: Report, *, print_friendly: bool = False) -> bytes:
    """``render_html(report).encode("utf-8")``, quicker for a big report."""
    return utf8_lines(_Writer(report, print_friendly).lines())


# --------------------------------------------------------------------------
# Pieces
# --------------------------------------------------------------------------

# What html.escape(value, quote=True) replaces, ampersand first.
_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def escape(value: str) -> str:
    """Exactly :func:`html.escape` (quotes too), quicker on text with nothing to escape."""
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        for char, entity in _ENTITIES:
            if char in value:
                value = value.replace(char, entity)
    return value


def _text(value: str) -> str:
    """Escaped user text with its line breaks kept."""
    value = escape(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in value:
        value = value.replace("\n", "<br>")
    return value


def _plain(value: str) -> bool:
    """Whether :func:`_text` leaves ``value`` as it is; true of most user text.

    The tests cost mostly per test, not per character: testing several pieces
    joined into one string is cheaper than testing each.
    """
    return not (
        "&" in value
        or "<" in value
        or ">" in value
        or '"' in value
        or "'" in value
        or "\n" in value
        or "\r" in value
    )


class _Passage(NamedTuple):
    """A quote's HTML, escaped once however often the report shows the quote."""

    before: str  # the context before the quote, with its ellipsis
    exact: str
    after: str
    headline: str  # the quote on one line, cut to fit a heading ("" for none)

    def block(self, anchor: str | None = None) -> str:
        """The quote in context; with ``anchor``, the quote links to that entry."""
        exact = f'<span class="hl">{self.exact}</span>'
        if anchor:
            exact = f'<a href="#{anchor}">{exact}</a>'
        return f"<blockquote>{self.before}{exact}{self.after}</blockquote>"


def _passage(quote: Quote) -> _Passage:
    before, exact, after, more_before, more_after = quote
    headline = shorten(exact, _HEADLINE)
    # One test for the three pieces: most quotes hold nothing to escape. (Each is
    # escaped on its own: a line break split between two pieces is two breaks.)
    if not _plain(before + exact + after):
        before, exact, after = _text(before), _text(exact), _text(after)
        headline = escape(headline)
    if more_before:
        before = "…" + before
    if more_after:
        after += "…"
    return _Passage(before, exact, after, headline)


def _anchor(iri: str) -> str:
    ident = iri.removeprefix("urn:uuid:")
    # A UUID is already made of id characters: matching them is quicker than replacing.
    if not _ID.fullmatch(ident):
        ident = _NOT_ID.sub("-", ident)
    return "a-" + ident


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


def _headline(number: int, exact: str) -> str:
    flat = shorten(exact, _HEADLINE)
    return f"{number}. “{escape(flat)}”" if flat else f"{number}."


def _facts(report: Report) -> str:
    scope = report.scope
    articles = "; ".join(scope.articles) or "none"
    if scope.all_articles:
        articles = f"all ({len(scope.articles)}): {articles}" if scope.articles else "all"
    tags = "all" if scope.all_tags else "; ".join(scope.tags) or "none"
    rows = [
        ("Generated", report.generated.strftime("%Y-%m-%d %H:%M %Z").strip()),
        ("Articles", articles),
        ("Tags", tags),
    ]
    cells = "".join(f"<tr><th>{k}</th><td>{escape(v)}</td></tr>" for k, v in rows)
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
        out.append("<p>No articles in this report.</p>")
    out.append(f'<table class="counts"{table}>')
    out.append("<tr><th>Link type</th><th>Links</th></tr>")
    out += [
        f'<tr><td>{escape(kind.value)}</td><td class="n">{n}</td></tr>' for kind, n in summary.links
    ]
    out.append(f'<tr><th>All links</th><td class="n">{summary.link_total}</td></tr>')
    out.append("</table>")
    return out


def _tags_paragraph(tags: tuple[ReportTag, ...]) -> str:
    """The paragraph of these tags' chips ("" for no tags)."""
    chips = _chips(tags)
    return f'<p class="tags"><span class="label">Tags:</span> {chips}</p>' if chips else ""


def _note_paragraph(note: str) -> str:
    """A note's paragraph ("" for none); the same note often comes back."""
    if not note.strip():
        return ""
    return f'<p class="note"><span class="label">Note:</span> {_text(note)}</p>'


def _link_note(note: str) -> str:
    """A link's note as it follows the link in a list ("" for none); notes recur."""
    return f" — {_text(note)}" if note.strip() else ""


class _Writer:
    """Lays out one report.

    Much of a report repeats: tag chips for the same tags, article titles and
    link labels in every link, notes, and a linked passage's quote both with its
    link and in its article. Each of those is built once and reused
    (``export/memo.py``).
    """

    def __init__(self, report: Report, print_friendly: bool) -> None:
        self.report = report
        self.print_friendly = print_friendly
        self.linked = not print_friendly  # in-page links only on screen
        self.escape = Memo(escape).__getitem__
        self.note = Memo(_note_paragraph).__getitem__
        self.link_note = Memo(_link_note).__getitem__
        self.anchor = Memo(_anchor).__getitem__
        self.tags = ByIdentity(_tags_paragraph)
        self.passage = ByIdentity(_passage)

    def to(self, iri: str, html: str) -> str:
        """``html`` as a link to an annotation further up or down the page (screen only)."""
        return f'<a href="#{self.anchor(iri)}">{html}</a>' if self.linked else html

    # -- the document ------------------------------------------------------

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
        ]
        self.links(parts, table)
        self.sections(parts)
        self.orphans(parts)
        parts += ["</body>", "</html>", ""]  # the "" gives the closing line break
        return parts

    def details(
        self, out: list[str], tags: tuple[ReportTag, ...], note: str, refs: Sequence[LinkRef] = ()
    ) -> None:
        tags_html, note_html = self.tags(tags), self.note(note)
        if tags_html:
            out.append(tags_html)
        if note_html:
            out.append(note_html)
        if refs:  # most annotations have none
            out += ['<p class="label">Linked to:</p>', '<ul class="links">']
            out += [
                f"<li>{self.escape(ref.label)} "
                f"{self.to(ref.other_iri, f'“{escape(ref.other_quote)}”')} "
                f'<span class="meta">({self.escape(ref.other_article)})</span>'
                f"{self.link_note(ref.note)}</li>"
                for ref in refs
            ]
            out.append("</ul>")

    def end(self, end: LinkEnd) -> str:
        date = (
            f' <span class="meta">· {self.escape(end.article_date)}</span>'
            if end.article_date
            else ""
        )
        iri = end.annotation_iri if self.linked else None
        out = [
            f"<p><b>{self.escape(end.article_title)}</b>{date}</p>",
            self.passage(end.quote).block(self.anchor(iri) if iri else None),
        ]
        self.details(out, end.tags, end.note)
        return "\n".join(out)

    def links(self, out: list[str], table: str) -> None:
        out.append("<h2>Contradictions and other links</h2>")
        if not self.report.links:
            out.append("<p>No links in this report.</p>")
            return
        for number, link in enumerate(self.report.links, 1):
            block = [
                f'<table class="pair" width="100%"{table}>',
                f'<tr><th colspan="2" class="pairhead">{number}. '
                f"{self.escape(link.label.capitalize())} (left → right)</th></tr>",
                f'<tr><td width="50%">{self.end(link.source)}</td>'
                f'<td width="50%">{self.end(link.target)}</td></tr>',
            ]
            if link.note.strip():
                block.append(
                    '<tr><td colspan="2" class="linknote"><span class="label">Link note:</span> '
                    f"{_text(link.note)}</td></tr>"
                )
            block.append("</table>")
            out += block

    def sections(self, out: list[str]) -> None:
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
            facts = [f for f in (section.date, section.source, section.url) if f]
            if facts:
                # The URL is shown as text, never as a link: nothing in the report leaves the page.
                out.append(f'<p class="meta">{" · ".join(escape(f) for f in facts)}</p>')
            if not section.annotations:
                out.append("<p>No annotations.</p>")
            for number, annotation in enumerate(section.annotations, 1):
                self.annotation(out, number, annotation)

    def entry_start(self, out: list[str], iri: str, kind: str) -> None:
        """The start of one annotation; :meth:`entry_end` closes it.

        On screen it is a ``div`` with an id, the target of in-page links. For Qt
        there are neither: its HTML import slows down quadratically with thousands
        of divs or of named anchors (a 10,000-annotation report took minutes).
        """
        if not self.print_friendly:
            out.append(f'<div class="{kind}" id="{self.anchor(iri)}">')

    def entry_end(self, out: list[str]) -> None:
        if not self.print_friendly:
            out.append("</div>")

    def annotation(self, out: list[str], number: int, annotation: ReportAnnotation) -> None:
        # Only a linked passage is shown again (with its links): keep only those.
        quote = annotation.quote
        passage = self.passage(quote) if annotation.links else _passage(quote)
        headline = f"{number}. “{passage.headline}”" if passage.headline else f"{number}."
        self.entry_start(out, annotation.iri, "annotation")
        out += [f"<h3>{headline}</h3>", passage.block()]
        self.details(out, annotation.tags, annotation.note, annotation.links)
        self.entry_end(out)

    def orphans(self, out: list[str]) -> None:
        if not self.report.orphans:
            return
        out += [
            "<h2>Orphaned annotations</h2>",
            "<p>These annotations no longer match their text; their original quote is kept.</p>",
        ]
        for number, orphan in enumerate(self.report.orphans, 1):
            self.orphan(out, number, orphan)

    def orphan(self, out: list[str], number: int, orphan: OrphanEntry) -> None:
        self.entry_start(out, orphan.iri, "annotation orphan")
        out += [
            f"<h3>{_headline(number, orphan.exact)}</h3>",
            self.passage(orphan.quote).block(),
            f'<p class="meta"><span class="label">Original target:</span> '
            f"{escape(orphan.target_source)}</p>",
        ]
        self.details(out, orphan.tags, orphan.note, orphan.links)
        self.entry_end(out)
