"""Annotations exported from an earlier version of an article, imported after newer ones:
each lands where updates from that version would have carried it, version by version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers import VERSION_1, VERSION_2, VERSION_FATES, version_file
from xiaomi_reader.core.articles import parse_article_file
from xiaomi_reader.core.records import Annotation
from xiaomi_reader.export import export_library
from xiaomi_reader.store.interchange import import_annotations
from xiaomi_reader.store.library import Library

# A third version: a note before the second one's text, everything else kept.
VERSION_3 = "Editor's note: this article was updated twice.\n\n" + VERSION_2
TEXTS = {1: VERSION_1, 2: VERSION_2, 3: VERSION_3}


def with_versions(path: Path, folder: Path, last: int, *, annotated: bool) -> tuple[Library, int]:
    """A library whose article has versions 1..``last``, annotated on version 1 if asked
    (one annotation on each passage of VERSION_FATES), the updates made after that."""
    library = Library.open(path, seed=False)
    [outcome] = library.import_article_files([version_file(folder, "v1.md", VERSION_1)])
    assert outcome.article is not None
    article_id = outcome.article.id
    if annotated:
        for quote in VERSION_FATES:
            start = VERSION_1.index(quote)
            library.add_annotation(article_id, start, start + len(quote), note=quote)
    for number in range(2, last + 1):
        update = parse_article_file(version_file(folder, f"v{number}.md", TEXTS[number]))
        assert library.add_version(article_id, update).number == number
    return library, article_id


def places(annotations: list[Annotation]) -> dict[str, tuple[Any, ...]]:
    """Each annotation's place and state, by its note."""
    return {
        a.note: (
            a.version, a.start, a.end, a.exact, a.prefix, a.suffix, a.state,
            a.previous_exact, a.candidate_start, a.candidate_end,
        )
        for a in annotations
    }  # fmt: skip


def exported_from_version_1(tmp_path: Path) -> Path:
    library, _article_id = with_versions(tmp_path / "made.sqlite3", tmp_path, 1, annotated=True)
    with library:
        return export_library(library, "json", tmp_path / "made-on-v1.jsonld")


def test_annotations_made_one_version_back_land_where_the_update_carried_them(tmp_path: Path):
    exported = exported_from_version_1(tmp_path)
    updated, updated_id = with_versions(tmp_path / "updated.sqlite3", tmp_path, 2, annotated=True)
    imported, imported_id = with_versions(tmp_path / "into.sqlite3", tmp_path, 2, annotated=False)
    with updated, imported:
        summary = import_annotations(imported, exported)

        assert summary.imported == len(VERSION_FATES)
        carried = places(updated.annotations(updated_id))
        assert len(set(a[6] for a in carried.values())) == 4  # all four fates
        assert places(imported.annotations(imported_id)) == carried
        assert places(imported.old_version(imported_id, 1)[1]) == places(
            updated.old_version(updated_id, 1)[1]
        )


def test_annotations_made_two_versions_back_are_carried_through_each_and_can_be_taken_back(
    tmp_path: Path,
):
    exported = exported_from_version_1(tmp_path)
    updated, updated_id = with_versions(tmp_path / "updated.sqlite3", tmp_path, 3, annotated=True)
    imported, imported_id = with_versions(tmp_path / "into.sqlite3", tmp_path, 3, annotated=False)
    with updated, imported:
        import_annotations(imported, exported)

        assert places(imported.annotations(imported_id)) == places(updated.annotations(updated_id))
        for number in (1, 2):
            assert places(imported.old_version(imported_id, number)[1]) == places(
                updated.old_version(updated_id, number)[1]
            )
        imported.remove_latest_version(imported_id, 3)
        updated.remove_latest_version(updated_id, 3)
        back = places(imported.annotations(imported_id))
        assert back == places(updated.annotations(updated_id))
        moved = back["US Department of State"]
        assert moved[0] == 2 and VERSION_2[moved[1] : moved[2]] == "US Department of State"
