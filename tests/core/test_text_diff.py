"""The diff of two versions of a text, in code points, and the changes that touch passages."""

from __future__ import annotations

from xiaomi_reader.core.text_diff import (
    Change,
    Op,
    changes,
    changes_touching_first,
    diff_texts,
    touches,
    whole_words,
)


def rebuilt(edits, side):
    keep = (Op.EQUAL, Op.DELETE) if side == "old" else (Op.EQUAL, Op.INSERT)
    return "".join(e.text for e in edits if e.op in keep)


def test_ranges_count_code_points_across_emoji_cjk_and_rtl():
    old = "📱 Xiaomi 🇺🇸 小米 שיאומי said the Department of State."
    new = "📱👩‍💻 Xiaomi 🇺🇸 小米 שיאומי said the Department of Defense."
    edits = diff_texts(old, new)
    assert rebuilt(edits, "old") == old and rebuilt(edits, "new") == new
    for e in edits:
        if e.op is not Op.INSERT:
            assert old[e.old_start : e.old_end] == e.text
        if e.op is not Op.DELETE:
            assert new[e.new_start : e.new_end] == e.text
    (emoji, word) = changes(edits)
    assert (emoji.old_start, emoji.new_start, emoji.added) == (1, 1, "👩‍💻")
    # The shared last letter stays equal: "Stat" became "Defens".
    assert (word.removed, word.added) == ("Stat", "Defens")
    assert old[word.old_start : word.old_end] == "Stat"
    assert new[word.new_start : word.new_end] == "Defens"


def test_semantic_clean_up_gives_whole_words_not_letters():
    found = changes(diff_texts("The ministry denied it.", "The court confirmed it."))
    # Without the clean-up the letters the two share ("r", "e", "i", "d") would stay equal.
    assert [(c.removed, c.added) for c in found] == [("ministry deni", "court confirm")]


def test_changes_touching_annotated_passages_come_first():
    old = "A quiet sentence. One claim here. Another claim there."
    new = "A calm sentence. One claim HERE. Another claim there."
    found = changes(diff_texts(old, new))
    passage = (old.index("One"), old.index(" Another"))  # "One claim here."
    ordered = changes_touching_first(found, [passage])
    assert [(c.removed, touched) for c, touched in ordered] == [("here", True), ("quiet", False)]


def test_text_added_right_before_or_after_a_passage_does_not_touch_it():
    before = Change(5, 5, 5, 9, "", "new ")
    inside = Change(7, 7, 7, 9, "", "xx")
    after = Change(10, 10, 14, 18, "", " new")
    ordered = changes_touching_first([before, inside, after], [(5, 10)])
    assert ordered == [(inside, True), (before, False), (after, False)]
    assert [touches(c, 5, 10) for c in (before, inside, after)] == [False, True, False]
    assert touches(Change(9, 12, 9, 9, "abc", ""), 5, 10)  # a removal reaching into it


def test_whole_words_widens_a_change_cut_inside_a_word():
    old, new = "The board met on Monday. Xiaomi", "Shares fell sharply. Xiaomi"
    found = [whole_words(c, old, new) for c in changes(diff_texts(old, new))]
    assert [(c.removed, c.added) for c in found] == [
        ("The board met on Monday.", "Shares fell sharply.")
    ]
    # Whole words already: nothing moves; a word next to a space is never crossed into.
    [kept] = changes(diff_texts("a red car", "a blue car"))
    assert whole_words(kept, "a red car", "a blue car") == kept
