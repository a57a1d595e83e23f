"""The report's content (core.report and the modules it builds on), from a real library."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.export import (
    ATTRACTIVE,
    DEFENSE,
    HOSTILE_TAG,
    SIGNED,
    STATE,
    Built,
    build,
)
from xiaomi_reader.core.quotes import quote_from_context, quote_in_text
from xiaomi_reader.core.records import AnnotationState, Article, LinkType
from xiaomi_reader.core.report import build_report
from xiaomi_reader.core.report_content import ORPHANS_LABEL, Report
from xiaomi_reader.core.scope import Scope
from xiaomi_reader.store.library import Library


@pytest.fixture
def built(library: Library) -> Built:
    return build(library)


def full_report(library: Library, scope: Scope | None = None) -> Report:
    articles = [library.article(a.id) for a in library.articles()]
    return build_report(articles, library.annotations(), library.links(), library.tags(), scope)


def test_title_generated_and_scope(library: Library, built: Built):
    report = full_report(library)
    assert report.title == "Annotation report"
    assert report.generated.tzinfo is not None
    assert abs((datetime.now(UTC) - report.generated).total_seconds()) < 60
    assert report.scope.all_articles and report.scope.all_tags
    assert len(report.scope.articles) == 4


def test_summary_counts_tags_per_article_and_links_per_type(library: Library, built: Built):
    summary = full_report(library).summary
    assert [tag.name for tag in summary.tags] == ["Claim", "Contradiction", HOSTILE_TAG]
    rows = {row.label.split()[0]: row for row in summary.rows}
    assert rows["This"].counts == (1, 1, 1) and rows["This"].total == 2
    assert rows["Xiaomi"].counts == (0, 0, 0) and rows["Xiaomi"].untagged == 1
    assert rows["Emoji"].counts == (1, 0, 0)
    assert rows["A"].total == 0
    assert dict(summary.links) == {
        LinkType.CONTRADICTS: 1,
        LinkType.SUPPORTS: 1,
        LinkType.SAME_CLAIM: 0,
        LinkType.CORRECTS: 0,
    }
    assert summary.annotation_total == 4 and summary.link_total == 2


def test_link_pairs_come_contradictions_first_with_context(library: Library, built: Built):
    pairs = full_report(library).links
    assert [pair.type for pair in pairs] == [LinkType.CONTRADICTS, LinkType.SUPPORTS]
    first = pairs[0]
    assert first.source.quote.exact == STATE and first.target.quote.exact == DEFENSE
    assert first.note == built.contradicts.note
    assert first.source.article_title.startswith("This is why")
    assert [tag.name for tag in first.source.tags] == ["Contradiction", HOSTILE_TAG]
    assert first.target.note == built.defense.note
    quote = first.target.quote
    # Eight words either side, cut with ellipses in the middle of the article.
    assert quote.more_before and quote.more_after
    assert len(quote.before.split()) == 8 and len(quote.after.split()) == 8
    assert quote.plain() == (
        "…worry. This is a document created by the "
        "US Department of Defense. Quite a number of other companies also…"
    )
    supports = pairs[1]
    assert supports.source.article_date == "2018-07-04"
    assert supports.source.quote.exact == ATTRACTIVE


def test_sections_in_reading_order_with_links_both_ways(library: Library, built: Built):
    report = full_report(library)
    titles = [section.title for section in report.sections]
    assert titles == [a.title for a in library.articles()]
    why = next(s for s in report.sections if s.title.startswith("This is why"))
    assert [a.quote.exact for a in why.annotations] == [DEFENSE, STATE]  # by position
    defense, state = why.annotations
    assert [(ref.label, ref.other_quote) for ref in defense.links] == [
        ("contradicted by", STATE),
        ("supported by", ATTRACTIVE),
    ]
    assert [(ref.label, ref.note) for ref in state.links] == [
        ("contradicts", built.contradicts.note)
    ]
    assert (state.tags[0].name, state.tags[0].colour) == ("Contradiction", "#E5484D")
    emoji = next(s for s in report.sections if s.title.startswith("Emoji"))
    (signed,) = emoji.annotations
    assert signed.quote.exact == SIGNED and signed.start == built.signed.start
    assert not report.orphans


def test_orphans_keep_their_original_quote_and_source(library: Library, built: Built):
    orphan = replace(
        built.attractive,
        id=999,
        iri="urn:uuid:00000000-0000-4000-8000-000000000999",
        article_id=None,
        state=AnnotationState.ORPHANED,
        target_source="https://example.org/gone",
        exact="a vanished sentence",
        prefix="text before ",
        suffix=" and after",
    )
    articles = [library.article(a.id) for a in library.articles()]
    report = build_report(articles, [*library.annotations(), orphan], [], library.tags())
    (entry,) = report.orphans
    assert entry.exact == "a vanished sentence"
    assert entry.target_source == "https://example.org/gone"
    assert entry.quote.plain() == "…text before a vanished sentence and after…"
    assert report.summary.rows[-1].label == ORPHANS_LABEL
    # An article filter keeps the orphans whose original target is a chosen article.
    press = next(a for a in articles if a.title.startswith("Xiaomi will"))
    scoped = build_report(
        articles,
        [*library.annotations(), replace(orphan, target_source=press.iri)],
        [],
        library.tags(),
        Scope(article_ids=(press.id,)),
    )
    assert [o.iri for o in scoped.orphans] == [orphan.iri]
    other = build_report(
        articles,
        [*library.annotations(), orphan],
        [],
        library.tags(),
        Scope(article_ids=(press.id,)),
    )
    assert other.orphans == ()


def test_scope_by_article_keeps_the_other_end_of_a_link(library: Library, built: Built):
    press = built.attractive.article_id
    assert press is not None
    report = full_report(library, Scope(article_ids=(press,)))
    assert [s.title for s in report.sections] == [built.titles["xiaomi"]]
    assert report.scope.articles == (built.titles["xiaomi"],) and not report.scope.all_articles
    # The supports link reaches into another article: both passages are shown.
    (pair,) = report.links
    assert pair.target.quote.exact == DEFENSE
    assert pair.target.article_title == built.titles["this"]
    assert [row.label for row in report.summary.rows] == [built.titles["xiaomi"]]


def test_scope_by_tag(library: Library, built: Built):
    report = full_report(library, Scope(tag_ids=frozenset({built.dubious.id})))
    quotes = [a.quote.exact for s in report.sections for a in s.annotations]
    assert quotes == [STATE]
    assert report.scope.tags == (HOSTILE_TAG,) and not report.scope.all_tags
    assert [tag.name for tag in report.summary.tags] == [HOSTILE_TAG]
    assert [pair.type for pair in report.links] == [LinkType.CONTRADICTS]


def test_quote_context_at_the_edges_of_a_text():
    text = "One two three four five six seven eight nine ten eleven."
    start = text.index("One")
    quote = quote_in_text(text, start, start + 3)
    assert quote.before == "" and not quote.more_before
    assert quote.after == " two three four five six seven eight nine" and quote.more_after
    end = quote_in_text(text, text.index("eleven"), len(text))
    assert end.after == "" and not end.more_after
    assert end.before == "three four five six seven eight nine ten " and end.more_before
    # Mid-word selections keep the word together.
    mid = quote_in_text("abcdef ghi", 2, 4)
    assert mid.plain() == "abcdef ghi"
    assert quote_from_context("x", "", "").plain() == "x"


def test_summaries_without_text_fall_back_to_prefix_and_suffix(library: Library, built: Built):
    summaries = library.articles()
    report = build_report(summaries, library.annotations(), library.links(), library.tags())
    pair = report.links[0]
    assert pair.target.quote.before.endswith("created by the ")
    assert not isinstance(summaries[0], Article)


def test_context_words_reach_past_long_runs_of_space_and_long_words():
    # Right before the quote: 100 spaces and a 150-letter word. The eight words shown
    # are still the eight nearest, whole, with the gap before the quote kept.
    long_word = "x" * 150
    text = "omega alpha beta gamma delta epsilon zeta eta " + long_word + " " * 100 + "QUOTE"
    text += "\n" * 200 + "one two three four five six seven eight nine"
    start = text.index("QUOTE")
    quote = quote_in_text(text, start, start + len("QUOTE"))
    assert quote.before == f"alpha beta gamma delta epsilon zeta eta {long_word} "
    assert quote.more_before  # "omega" is left out
    assert quote.after == " one two three four five six seven eight" and quote.more_after
    assert quote.plain().startswith("…alpha beta") and quote.plain().endswith("eight…")


def test_context_stops_at_what_is_within_reach_of_the_quote():
    # Beyond a few hundred characters the text is not searched: a quote after a long
    # run of spaces shows no context on that side, but the ellipsis says the text goes on.
    text = "far away words " + " " * 500 + "QUOTE and after"
    start = text.index("QUOTE")
    quote = quote_in_text(text, start, start + len("QUOTE"))
    assert quote.before == "" and not quote.more_before
    assert quote.plain() == "QUOTE and after"


def test_a_linked_passage_reads_the_same_in_its_pair_and_in_its_article(
    library: Library, built: Built
):
    report = full_report(library)
    entries = {entry.iri: entry for s in report.sections for entry in s.annotations}
    ends = [end for pair in report.links for end in (pair.source, pair.target)]
    assert {end.annotation_iri for end in ends} == {
        built.defense.iri,
        built.state.iri,
        built.attractive.iri,
    }
    for end in ends:
        entry = entries[end.annotation_iri]
        assert (end.quote, end.tags, end.note) == (entry.quote, entry.tags, entry.note)
        assert end.quote.exact in end.quote.plain()


def test_a_link_shows_the_other_passage_on_one_line_cut_to_fit(library: Library, built: Built):
    why = library.article(built.defense.article_id)
    # A passage across a paragraph break, longer than a link line shows.
    start = why.text.index("Google services")
    end = why.text.index("We later informed") + len("We later informed")
    long = library.add_annotation(why.id, start, end)
    library.add_link(built.attractive.id, long.id, "corrects", note="see\nboth")
    report = full_report(library)
    press = next(s for s in report.sections if s.title == built.titles["xiaomi"])
    (entry,) = press.annotations
    ref = next(ref for ref in entry.links if ref.label == "corrects")
    assert "\n" in long.exact and len(long.exact) > 90
    assert len(ref.other_quote) == 90 and ref.other_quote.endswith("…")
    assert ref.other_quote.startswith("Google services on its smartphones. The Android Authority")
    assert ref.other_quote.endswith("covered the topic. Xiaom…")  # the paragraph break: a space
    assert "\n" not in ref.other_quote and "  " not in ref.other_quote
    assert ref.other_article == built.titles["this"] and ref.note == "see\nboth"
    assert ref.other_iri == long.iri
