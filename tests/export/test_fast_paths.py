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
from xiaomi_reader.core import report as core_report
from xiaomi_reader.core.records import LinkType
from xiaomi_reader.core.report import build_report
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


def reference_last_words(chunk: str, words: int) -> tuple[str, bool]:
    parts = chunk.split()
    if not parts:
        return ("", False)
    joined = " ".join(parts[-words:]) + (" " if chunk[-1].isspace() else "")
    return (joined, len(parts) > words)


def reference_first_words(chunk: str, words: int) -> tuple[str, bool]:
    parts = chunk.split()
    if not parts:
        return ("", False)
    joined = (" " if chunk[0].isspace() else "") + " ".join(parts[:words])
    return (joined, len(parts) > words)


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
    passage = md._passage(core_report.Quote(before, exact, after, more_before, more_after))
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
        core_report.LinkRef,
        st.sampled_from(["contradicts", "supported by", "same claim as"]),
        st.sampled_from(list(LinkType)),
        st.just("urn:x"),
        text,
        text.map(lambda value: core_report.shorten(value, 90)),
        text | st.just(""),
    ),
    min_size=1,
    max_size=3,
)


@given(link_refs)
def test_markdown_links_field_matches_its_plain_definition(refs: list[core_report.LinkRef]):
    writer = md._Writer(None)  # type: ignore[arg-type]  # the field needs no report
    assert writer.links_field(tuple(refs)) == md._field("Links", md._lines(md._link_refs(refs)))


@given(text, st.integers(min_value=1, max_value=100))
def test_shortened_text_matches_a_full_flatten(value: str, limit: int):
    flat = " ".join(value.split())
    expected = flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
    assert core_report.shorten(value, limit) == expected
    long_value = value * 20  # past the prefix that is flattened first
    flat = " ".join(long_value.split())
    expected = flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
    assert core_report.shorten(long_value, limit) == expected


@given(st.lists(text | st.sampled_from(["", "\n", "\n\n", "x\n"]), max_size=8))
def test_markdown_lines_join_like_a_stripped_join(lines: list[str]):
    assert "\n".join(md._end_lines(list(lines))) == "\n".join(lines).rstrip("\n") + "\n"


@given(text, st.integers(min_value=1, max_value=10))
def test_context_words_match_a_full_split(chunk: str, words: int):
    assert core_report._last_words(chunk, words) == reference_last_words(chunk, words)
    assert core_report._first_words(chunk, words) == reference_first_words(chunk, words)


def reference_quote(text: str, start: int, end: int, words: int) -> core_report.Quote:
    window_start = max(0, start - 400)
    window_end = min(len(text), end + 400)
    before, cut_before = reference_last_words(text[window_start:start], words)
    after, cut_after = reference_first_words(text[end:window_end], words)
    more_before = cut_before or (window_start > 0 and bool(before))
    more_after = cut_after or (window_end < len(text) and bool(after))
    return core_report.Quote(before, text[start:end], after, more_before, more_after)


# Long words and long runs of spaces, so that the near window sometimes falls short.
spaced = st.lists(
    text | st.sampled_from([" " * 90, "\n\n" * 50, "x" * 150, "word " * 30]), max_size=12
).map("".join)


@given(spaced, st.integers(min_value=0), st.integers(min_value=0), st.integers(1, 10))
def test_quote_context_matches_a_full_split_of_its_windows(
    value: str, start: int, length: int, words: int
):
    start = start % (len(value) + 1)
    end = min(len(value), start + length % 50)
    found = core_report.quote_in_text(value, start, end, words)
    assert found == reference_quote(value, start, end, words)


@pytest.mark.parametrize(
    "value", ["one two  three\nfour " * 30, "a " * 70, "x" * 130 + " y z", " w" * 210 + "\n"]
)
def test_quote_context_matches_at_every_position_near_the_window_edges(value: str):
    for start in range(len(value) + 1):
        for end in {start, min(len(value), start + 1), min(len(value), start + 7)}:
            for words in (1, 8):
                expected = reference_quote(value, start, end, words)
                assert core_report.quote_in_text(value, start, end, words) == expected


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
    passage = html_writer._passage(core_report.Quote(before, exact, after, more_before, more_after))
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


def test_a_linked_quote_is_worked_out_once_and_matches_its_entry(library: Library):
    build(library)
    articles = [library.article(a.id) for a in library.articles()]
    report = build_report(articles, library.annotations(), library.links(), library.tags())
    texts = {article.iri: article.text for article in articles}
    entries = {
        entry.iri: (entry, texts[section.iri])
        for section in report.sections
        for entry in section.annotations
    }
    assert report.links
    for pair in report.links:
        for end in (pair.source, pair.target):
            entry, article_text = entries[end.annotation_iri]
            assert end.quote is entry.quote
            assert entry.start is not None and entry.end is not None
            assert end.quote == core_report.quote_in_text(article_text, entry.start, entry.end)


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
