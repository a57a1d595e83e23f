"""The colour assets (``resources/colours.json``): tags, links, errors and orphans.

One file for the colours that carry meaning, so that a designer changes them in one
place; the window otherwise follows the system palette (the highlight wash strengths and
the find flash stay with the pane that draws them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from xiaomi_reader.core import records
from xiaomi_reader.package_files import package_files


@dataclass(frozen=True)
class Colours:
    builtin_tags: dict[str, str]  # tag name -> colour of the tags every library starts with
    new_tag_palette: tuple[str, ...]  # given in turn to tags made later
    link_types: dict[records.LinkType, str]
    error_text: str
    orphan: str  # an annotation whose article is gone

    @property
    def tag_palette(self) -> tuple[str, ...]:
        """Every tag colour: the built-in tags' first, then the ones for new tags."""
        return (*self.builtin_tags.values(), *self.new_tag_palette)


@cache
def colours() -> Colours:
    asset = package_files("xiaomi_reader.resources") / "colours.json"
    data = json.loads(asset.read_text(encoding="utf-8"))
    return Colours(
        builtin_tags=dict(data["builtin_tags"]),
        new_tag_palette=tuple(data["new_tag_palette"]),
        link_types={records.LinkType(key): value for key, value in data["link_types"].items()},
        error_text=data["error_text"],
        orphan=data["orphan"],
    )
