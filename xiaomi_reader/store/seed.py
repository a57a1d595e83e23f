"""First run: the bundled articles and the built-in tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xiaomi_reader.core.articles import ParsedArticle, parse_article_bytes
from xiaomi_reader.core.colours import colours
from xiaomi_reader.package_files import package_files

if TYPE_CHECKING:
    from xiaomi_reader.store.library import Library

# Name, description, shortcut; the colours are in the colour assets (resources/colours.json).
BUILTIN_TAGS: tuple[tuple[str, str, str], ...] = (
    ("Claim", "A statement the article presents as fact.", "1"),
    ("Contradiction", "A statement at odds with another passage.", "2"),
)


def bundled_articles() -> list[ParsedArticle]:
    """The articles shipped inside the package, in file-name order."""
    folder = package_files("xiaomi_reader.bundled_articles")
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".md")),
        key=lambda entry: entry.name,
    )
    return [parse_article_bytes(entry.read_bytes(), entry.name) for entry in entries]


def seed_if_new(library: Library) -> bool:
    """Give a library that was never seeded the built-in tags and the bundled articles."""
    from xiaomi_reader.store.library import SEEDED_KEY

    if library.meta(SEEDED_KEY) is not None:
        return False
    existing = {tag.name.casefold() for tag in library.tags()}
    for name, description, shortcut in BUILTIN_TAGS:
        colour = colours().builtin_tags[name]
        if name.casefold() not in existing:
            library.add_tag(name, colour, description=description, shortcut=shortcut)
    for article in bundled_articles():
        library.import_article(article)
    library.set_meta(SEEDED_KEY, "1")
    return True
