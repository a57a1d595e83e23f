"""Carrying annotations into a new version of a text: the cases a reader meets."""

from __future__ import annotations

from importlib.resources import files

from xiaomi_reader.core.anchoring import build_selector
from xiaomi_reader.core.reanchoring import ACCEPT, Reanchored, State, reanchor


def bundled(name: str) -> str:
    text = (files("xiaomi_reader.bundled_articles") / name).read_text(encoding="utf-8")
    return text.split("---\n", 2)[2]  # the text after the front matter


ARTICLE = bundled("001_2b508c6856e47561.md")
DEFENSE = "US Department of Defense"


def carried(old: str, new: str, start: int, end: int) -> Reanchored:
    (result,) = reanchor(old, new, [build_selector(old, start, end)])
    return result


def test_both_department_of_defense_passages_stay_on_their_own_words_after_a_correction():
    first = ARTICLE.index(DEFENSE)
    second = ARTICLE.index(DEFENSE, first + 1)
    state_at = ARTICLE.index("US Department of State")
    # The correction the closing question needs, and a new paragraph near the top.
    new = ARTICLE.replace("Department of State", "Department of Defense")
    update = "Update: Xiaomi won its case in March.\n\n"
    new = new.replace("Earlier this year", update + "Earlier this year")
    old_sels = [(first, first + len(DEFENSE)), (second, second + len(DEFENSE))]
    results = reanchor(ARTICLE, new, [build_selector(ARTICLE, s, e) for s, e in old_sels])
    shift = len(update)
    assert [(r.state, r.start, r.text) for r in results] == [
        (State.ANCHORED, first + shift, DEFENSE),
        (State.ANCHORED, second + shift, DEFENSE),
    ]
    # The corrected passage itself is edited in place: both words shown.
    question = carried(ARTICLE, new, state_at, state_at + len("US Department of State"))
    assert question.state is State.CHANGED
    assert question.text == "US Department of Defense"
    assert question.start == new.index("US Department of Defense has taken")


def test_a_word_corrected_inside_a_passage_makes_it_changed_with_the_new_words():
    old = "Intro.\n\nThe company filed a lawsuit against the US Department of State today.\n"
    new = old.replace("State", "Defense")
    start = old.index("filed")
    result = carried(old, new, start, old.index(" today"))
    assert result.state is State.CHANGED
    assert result.text == "filed a lawsuit against the US Department of Defense"
    assert new[result.start : result.end] == result.text
    assert 0.5 < result.confidence < 1


def test_a_moved_paragraph_keeps_its_annotation_at_the_new_place():
    paragraphs = ARTICLE.split("\n\n")
    lawsuit = next(n for n, p in enumerate(paragraphs) if p.startswith("The Chinese company filed"))
    moved = [paragraphs[lawsuit], *paragraphs[:lawsuit], *paragraphs[lawsuit + 1 :]]
    new = "\n\n".join(moved)
    passage = "filed a lawsuit against the US Department of Defense"
    start = ARTICLE.index(passage)
    result = carried(ARTICLE, new, start, start + len(passage))
    assert result.state is State.ANCHORED
    assert (result.start, result.text) == (new.index(passage), passage)
    assert result.confidence >= ACCEPT


def test_a_deleted_passage_becomes_an_orphan():
    old = ARTICLE
    doomed = "The ministry did not forget to mention the company’s investments"
    paragraph_start = old.index(doomed)
    paragraph_end = old.index("\n\n", paragraph_start) + 2
    new = old[:paragraph_start] + old[paragraph_end:]
    start = old.index("technologies such as 5G")
    result = carried(old, new, start, start + len("technologies such as 5G and artificial"))
    assert result == Reanchored(State.ORPHAN, None, None, "", 0.0)


def test_identical_sentences_that_context_cannot_tell_apart_need_review():
    sentence = "Xiaomi denied any ties to the military."
    old = f"The board met on Monday. {sentence} Shares rose in Hong Kong."
    # Rewritten around it, and now said twice: which one did the reader mark?
    new = f"Shares fell sharply. {sentence} Later, again: {sentence} Analysts disagree."
    start = old.index(sentence)
    result = carried(old, new, start, start + len(sentence))
    assert result.state is State.NEEDS_REVIEW
    assert (result.start, result.end, result.text) == (None, None, "")
    assert result.candidate is not None
    assert result.candidate.text == sentence
    assert result.confidence == result.candidate.confidence < ACCEPT


def test_the_last_of_identical_sentences_is_told_apart_by_ending_the_text():
    sentence = "Xiaomi denied any ties to the military."
    old = f"{sentence} {sentence} {sentence}"
    new = f"{sentence} {sentence}"
    start = old.rindex(sentence)
    result = carried(old, new, start, start + len(sentence))
    assert (result.state, result.start) == (State.ANCHORED, new.rindex(sentence))


def test_offsets_are_code_points_with_emoji_before_the_passage():
    old = "📱 Xiaomi 🇺🇸 blacklist: the company denied it."
    new = "🇨🇳📱 Xiaomi 🇺🇸 blacklist: the company denied it."
    start = old.index("the company")
    result = carried(old, new, start, start + len("the company"))
    assert result.state is State.ANCHORED
    assert result.start == new.index("the company")
    assert new[result.start : result.end] == "the company"


def test_a_stale_position_is_found_by_its_quote_and_context():
    old = "One. Two. The claim in question. Three."
    selector = build_selector(old, old.index("The claim"), old.index(" Three"))
    stale = selector.__class__(0, 5, selector.exact, selector.prefix, selector.suffix)
    (result,) = reanchor(old, old, [stale])
    assert result.state is State.ANCHORED
    assert result.start == old.index("The claim")


def test_nothing_is_dropped_and_the_order_is_kept():
    old = ARTICLE
    new = "An entirely different article about phones."
    sels = [build_selector(old, n * 40, n * 40 + 25) for n in range(20)]
    results = reanchor(old, new, sels)
    assert len(results) == len(sels)
    assert {r.state for r in results} <= {State.ORPHAN, State.NEEDS_REVIEW}
