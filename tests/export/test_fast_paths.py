"""The report writers' quick paths give exactly what their plain definitions give.

Escaping, line guards and context words were first written as regular
expressions and full splits; they now take shortcuts for the common case.
Each test here keeps the plain definition and checks the shortcut against it
on arbitrary text, with the characters that matter drawn often.
"""

from __future__ import annotations

import gc
import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.export import build
from xiaomi_reader.core.quotes import Quote, shorten
from xiaomi_reader.core.records import LinkType
from xiaomi_reader.core.report import build_report
from xiaomi_reader.core.report_content import LinkRef
from xiaomi_reader.export import _collector_paused, export_library
from xiaomi_reader.export import html as html_writer
from xiaomi_reader.export import markdown as md
from xiaomi_reader.export.lines import utf8_lines
from xiaomi_reader.store.library import Library

# Markdown specials, bare-link pieces, block markers, whitespace of every kind, letters
# that match [a-z] only case-insensitively (K, ſ, İ, ı) and digits that are not ASCII.
AWKWARD = list("\\`*_[]<>&|~#!@:/.wW \n\t\r\x0b\x0c\x1c\x85\u2028\xa0+-=0123456789)aKſİı٣²")
awkward_text = st.text(st.sampled_from(AWKWARD) | st.characters(), max_size=60)
pieces = st.sampled_from(
    ["www.", "WWW.", "http://", "ftp://", "a.www.b", "_www.", "1.", "12)", "٣.", "١٢)", "²."]
)
text = st.lists(awkward_text | pieces, max_size=6).map("".join)


def reference_escape(value: str) -> str:
    inline = re.sub(r"([\\`*_\[\]<>&|~#!@])", r"\\\1", value)
    return md._BARE_LINK.sub(md._unlink, inline)


def reference_guard(line: str) -> str:
    line = line.lstrip()
    match = md._ORDERED.match(line)
    if match:
        return f"{match.group(1)}\\{line[len(match.group(1)) :]}"
    if md._LINE_START.match(line):
        return "\\" + line
    return line


@given(text)
def test_markdown_escape_matches_its_regular_expressions(value: str):
    assert md.escape(value) == reference_escape(value)


@given(text)
def test_markdown_line_guard_matches_its_regular_expressions(value: str):
    for line in value.split("\n"):
        escaped = md.escape(line)
        assert md._guard(escaped) == reference_guard(escaped)
        assert md._guard(line) == reference_guard(line)


@given(text)
def test_markdown_plain_text_needs_no_escape(value: str):
    if md._plain(value):
        assert md.escape(value) == value


@given(st.lists(text | st.sampled_from(["\0", "a\0www.", "http\0://", "www.\0"]), max_size=5))
def test_markdown_pieces_escaped_together_as_apart(pieces: list[str]):
    assert md._escape_apart(*pieces) == [md.escape(piece) for piece in pieces]


@given(text, text, text, st.booleans(), st.booleans())
def test_markdown_passage_matches_its_plain_definition(
    before: str, exact: str, after: str, more_before: bool, more_after: bool
):
    passage = md._passage(Quote(before, exact, after, more_before, more_after))
    flat = " ".join(exact.split())
    assert passage.cell() == md._cell(f"“{flat}”")
    assert passage.headline == md.escape(flat if len(flat) <= 60 else flat[:59].rstrip() + "…")
    lead, tail = "…" * more_before, "…" * more_after
    strong = "\n".join(
        f"{line[: len(line) - len(line.lstrip())]}**{md.escape(line.strip())}**"
        f"{line[len(line.rstrip()) :]}"
        if line.strip()
        else line
        for line in exact.split("\n")
    )
    body = f"{lead}{md.escape(before)}{strong}{md.escape(after)}{tail}"
    assert passage.block == "\n".join(
        f"> {md._guard(line)}" if md._guard(line) else ">" for line in body.split("\n")
    )


link_refs = st.lists(
    st.builds(
        LinkRef,
        st.sampled_from(["contradicts", "supported by", "same claim as"]),
        st.sampled_from(list(LinkType)),
        st.just("urn:x"),
        text,
        text.map(lambda value: shorten(value, 90)),
        text | st.just(""),
    ),
    min_size=1,
    max_size=3,
)


@given(link_refs)
def test_markdown_links_field_matches_its_plain_definition(refs: list[LinkRef]):
    writer = md._Writer(None)  # type: ignore[arg-type]  # the field needs no report
    assert writer.links_field(tuple(refs)) == md._field("Links", md._lines(md._link_refs(refs)))


@given(st.lists(text | st.sampled_from(["", "\n", "\n\n", "x\n"]), max_size=8))
def test_markdown_lines_join_like_a_stripped_join(lines: list[str]):
    assert "\n".join(md._end_lines(list(lines))) == "\n".join(lines).rstrip("\n") + "\n"


@given(text)
def test_html_escape_matches_the_standard_library(value: str):
    assert html_writer.escape(value) == html.escape(value)
    expected = html.escape(value).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    assert html_writer._text(value) == expected


@given(text)
def test_html_plain_text_needs_no_escape(value: str):
    if html_writer._plain(value):
        assert html_writer._text(value) == value


@given(text, text, text, st.booleans(), st.booleans())
def test_html_passage_matches_its_plain_definition(
    before: str, exact: str, after: str, more_before: bool, more_after: bool
):
    passage = html_writer._passage(Quote(before, exact, after, more_before, more_after))
    lead, tail = "…" * more_before, "…" * more_after
    hl = f'<span class="hl">{html_writer._text(exact)}</span>'
    for anchor, shown in ((None, hl), ("a-1", f'<a href="#a-1">{hl}</a>')):
        expected = (
            f"<blockquote>{lead}{html_writer._text(before)}{shown}"
            f"{html_writer._text(after)}{tail}</blockquote>"
        )
        assert passage.block(anchor) == expected
    assert html_writer._headline(7, exact) == (
        f"7. “{passage.headline}”" if passage.headline else "7."
    )


@given(text | st.builds("urn:uuid:{}".format, st.uuids()))
def test_html_anchors_match_their_regular_expression(iri: str):
    expected = "a-" + html_writer._NOT_ID.sub("-", iri.removeprefix("urn:uuid:"))
    assert html_writer._anchor(iri) == expected


@given(st.lists(text, max_size=700))
def test_lines_encode_like_one_joined_string(lines: list[str]):
    try:
        expected = "\n".join(lines).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate fails either way
        with pytest.raises(UnicodeEncodeError):
            utf8_lines(lines)
        return
    assert utf8_lines(lines) == expected


def test_many_lines_encode_like_one_joined_string():
    lines = [f"{n} “quoted” {'📱' if n % 97 == 0 else ''}" for n in range(1_000)] + ["", ""]
    assert utf8_lines(lines) == "\n".join(lines).encode("utf-8")


def test_reports_as_bytes_are_their_text_encoded(library: Library):
    build(library)
    articles = [library.article(a.id) for a in library.articles()]
    report = build_report(articles, library.annotations(), library.links(), library.tags())
    assert md.render_markdown_utf8(report) == md.render_markdown(report).encode("utf-8")
    for print_friendly in (False, True):
        text = html_writer.render_html(report, print_friendly=print_friendly)
        data = html_writer.render_html_utf8(report, print_friendly=print_friendly)
        assert data == text.encode("utf-8")


def test_a_linked_note_reads_the_same_with_its_link_and_in_its_article(library: Library):
    built = build(library)
    articles = [library.article(a.id) for a in library.articles()]
    report = build_report(articles, library.annotations(), library.links(), library.tags())
    text = md.render_markdown(report)
    ends = [end for pair in report.links for end in (pair.source, pair.target)]
    shown = sum(1 for end in ends if end.annotation_iri == built.defense.iri)
    assert shown >= 1
    first, *rest = md._lines(built.defense.note)
    assert text.count(f"**Note:** {first}") == shown + 1
    for line in rest:
        assert text.count(line) >= shown + 1


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_an_export_leaves_the_garbage_collector_as_it_found_it(
    library: Library, tmp_path, fmt: str
):
    build(library)
    assert gc.isenabled()
    export_library(library, fmt, tmp_path / f"out.{fmt}")
    assert gc.isenabled()
    gc.disable()
    try:
        export_library(library, fmt, tmp_path / f"again.{fmt}")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_after_a_failure():
    with pytest.raises(RuntimeError), _collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
