"""kill -9 in the middle of writing: the library stays intact and keeps every returned action."""

from __future__ import annotations

import copy
import json
import random
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.reliability import Child, integrity, scalar, sidecars
from xiaomi_reader.export import export_library
from xiaomi_reader.store.library import Library

pytestmark = pytest.mark.slow

# Writes one action at a time, and says so on stdout only after the method returned.
BURST = """
import sys
from xiaomi_reader.store.library import Library

library = Library.open(sys.argv[1])
article = library.article(int(sys.argv[2]))
tags = [tag.id for tag in library.tags()]
room = len(article.text) - 20
print("ready", flush=True)
previous = []
i = 0
while True:
    start = (i * 37) % room
    a = library.add_annotation(
        article.id, start, start + 1 + i % 13, tag_ids=tags[: i % 3], note=f"note {i}"
    )
    print("annotation", a.id, a.iri, a.start, a.end, flush=True)
    if i % 5 == 4:
        library.set_note(previous[-1], f"edited {i}")
        print("note", previous[-1], f"edited {i}", flush=True)
    if i % 7 == 6:
        link = library.add_link(previous[-1], a.id, "supports")
        print("link", link.id, link.source_id, link.target_id, flush=True)
    previous.append(a.id)
    i += 1
"""

# What `xiaomi-reader import-annotations` does (open, import_annotations), with two
# markers: before the import starts, and when its write transaction begins.
IMPORT = """
import sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
from xiaomi_reader.store.interchange import import_annotations
from xiaomi_reader.store.library import Library

library = Library.open(sys.argv[1])

@event.listens_for(Engine, "begin")
def began(conn):
    if conn.get_execution_options().get("write"):
        print("writing", flush=True)

print("importing", flush=True)
summary = import_annotations(library, sys.argv[2])
print("done", summary.imported, flush=True)
"""

BULK_TAG = "Bulk import"
N_BULK = 20_000
N_BULK_LINKS = 50


def test_kill_during_a_burst_of_writes_loses_no_returned_action(db_path: Path):
    with Library.open(db_path) as library:
        article = library.articles()[0]
    child = Child(BURST, str(db_path), str(article.id))
    try:
        child.expect("ready")
        written = 0
        while written < 200:
            written += child.read_line().startswith("annotation ")
        time.sleep(random.uniform(0, 0.02))  # somewhere inside the next action
        lines = child.kill()
    finally:
        child.close()
    assert child.proc.returncode == -9

    # The child died with its write-ahead log still there: the next open must recover it.
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    assert integrity(db_path) == "ok"

    annotations: dict[int, tuple[str, int, int]] = {}
    notes: dict[int, str] = {}
    links: dict[int, tuple[int, int]] = {}
    for line in lines[1:]:
        kind, *fields = line.split(" ")
        if kind == "annotation":
            ident, iri, start, end = fields
            annotations[int(ident)] = (iri, int(start), int(end))
        elif kind == "note":
            notes[int(fields[0])] = " ".join(fields[1:])
        else:
            links[int(fields[0])] = (int(fields[1]), int(fields[2]))
    assert len(annotations) >= 200 and notes and links

    with Library.open(db_path) as library:
        stored = {a.id: a for a in library.annotations()}
        stored_links = {link.id: link for link in library.links()}
    for ident, (iri, start, end) in annotations.items():
        assert ident in stored, f"annotation {ident} was reported saved but is gone"
        assert (stored[ident].iri, stored[ident].start, stored[ident].end) == (iri, start, end)
    for ident, note in notes.items():
        assert stored[ident].note == note
    for ident, (source, target) in links.items():
        assert (stored_links[ident].source_id, stored_links[ident].target_id) == (source, target)
    # At most the one action in flight may have landed without being reported.
    assert len(stored) - len(annotations) <= 1


def _bulk_file(library: Library, folder: Path) -> Path:
    """~20,000 W3C annotations (and links) cloned from a real export, all with new ids."""
    article = library.articles()[0]
    first = library.add_annotation(article.id, 0, 6, note="a note")
    second = library.add_annotation(article.id, 10, 30)
    library.add_link(first.id, second.id, "supports")
    exported = json.loads(export_library(library, "json", folder / "few.json").read_bytes())
    items = exported["first"]["items"]
    templates = [item for item in items if item.get("motivation") != "linking"]
    (link_template,) = [item for item in items if item.get("motivation") == "linking"]
    assert len(templates) == 2

    def fresh() -> str:
        return f"urn:uuid:{uuid.uuid4()}"

    bulk: list[dict[str, Any]] = []
    for i in range(N_BULK):
        item = copy.deepcopy(templates[i % 2])
        item["id"] = fresh()
        tag = {"type": "TextualBody", "purpose": "tagging", "value": BULK_TAG}
        item["body"] = [*item.get("body", []), tag]
        bulk.append(item)
    for i in range(N_BULK_LINKS):
        link = copy.deepcopy(link_template)
        link["id"] = fresh()
        link["target"] = bulk[2 * i]["id"]
        link["body"][0]["source"] = bulk[2 * i + 1]["id"]
        bulk.append(link)
    exported["first"]["items"] = bulk
    exported["total"] = len(bulk)
    path = folder / "bulk.json"
    path.write_text(json.dumps(exported), "utf-8")
    return path


def _counts(path: Path) -> tuple[int, int, int]:
    tag = scalar(path, "SELECT count(*) FROM tags WHERE name = ?", BULK_TAG)
    return (
        int(scalar(path, "SELECT count(*) FROM annotations")),  # type: ignore[arg-type]
        int(scalar(path, "SELECT count(*) FROM links")),  # type: ignore[arg-type]
        int(tag),  # type: ignore[arg-type]
    )


def test_kill_during_a_large_annotation_import_is_all_or_nothing(tmp_path: Path):
    base = tmp_path / "base.sqlite3"
    with Library.open(base) as library:
        bulk = _bulk_file(library, tmp_path)
    assert not sidecars(base)
    before = _counts(base)
    everything = (before[0] + N_BULK, before[1] + N_BULK_LINKS, 1)

    outcomes = []
    # Three kills at different depths of the write (which takes well over a second).
    for low, high in ((0.05, 0.2), (0.2, 0.35), (0.35, 0.5)):
        target = tmp_path / f"run-{low}.sqlite3"
        shutil.copyfile(base, target)
        child = Child(IMPORT, str(target), str(bulk))
        try:
            child.expect("importing")
            child.expect("writing", timeout=30)
            time.sleep(random.uniform(low, high))
            lines = child.kill()
        finally:
            child.close()
        finished = any(line.startswith("done") for line in lines)
        assert integrity(target) == "ok"
        after = _counts(target)
        assert after in (before, everything), f"half an import: {after} (before {before})"
        assert after == everything or not finished
        outcomes.append((finished, after == everything))
        with Library.open(target) as library:
            assert len(library.annotations()) == after[0]

    # The test means something only if an import really was cut off.
    assert any(not finished for finished, _ in outcomes), outcomes

    # And the interrupted import can simply be run again.
    from xiaomi_reader.store.interchange import import_annotations

    with Library.open(target) as library:
        summary = import_annotations(library, bulk)
    assert summary.imported + summary.already_present == N_BULK
    assert _counts(target) == everything
    assert integrity(target) == "ok"
