"""The colour assets: one file, complete, and what the product really uses."""

from __future__ import annotations

import re

from xiaomi_reader.core import records
from xiaomi_reader.core.colours import colours

HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def test_every_colour_is_a_hex_rgb_and_every_link_type_has_one():
    palette = colours()
    every = [
        *palette.tag_palette,
        *palette.link_types.values(),
        palette.error_text,
        palette.orphan,
    ]
    assert all(HEX.fullmatch(colour) for colour in every)
    assert set(palette.link_types) == set(records.LinkType)
    assert len({c.casefold() for c in palette.tag_palette}) == len(palette.tag_palette) >= 8


def test_a_new_library_gets_the_asset_colours(library):
    palette = colours()
    assert {tag.name: tag.colour for tag in library.tags()} == palette.builtin_tags
