"""Three-way merges: both programs' changes survive, and nothing is silently dropped."""

from __future__ import annotations

from xiaomi_reader.core.merging import merge_tags, merge_text


def test_tags_added_and_removed_on_both_sides_all_count():
    # I added 3 and removed 1; they added 4 meanwhile.
    assert merge_tags(base=(1, 2), mine=(2, 3), theirs=(1, 2, 4)) == (2, 3, 4)
    # They removed 2, I added 3: 2 stays removed.
    assert merge_tags(base=(1, 2), mine=(1, 2, 3), theirs=(1,)) == (1, 3)


def test_edits_to_different_words_merge():
    base = "The Pentagon named Xiaomi."
    mine = "The Pentagon named Xiaomi. Check the date."
    theirs = "The Department of Defense named Xiaomi."
    assert merge_text(base, mine, theirs) == (
        "The Department of Defense named Xiaomi. Check the date.",
        True,
    )


def test_edits_to_the_same_words_keep_both_texts():
    text, clean = merge_text("State or Defense?", "Defense.", "State.")
    assert not clean
    assert text == "State.\n\nDefense."


def test_unchanged_sides_take_the_other():
    assert merge_text("a", "b", "a") == ("b", True)
    assert merge_text("a", "a", "c") == ("c", True)
    assert merge_text("a", "same", "same") == ("same", True)
