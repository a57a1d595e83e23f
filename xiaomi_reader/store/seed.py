"""First run: the bundled articles and the built-in tags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from xiaomi_reader.core.colours import colours
from xiaomi_reader.core.records import Tag
from xiaomi_reader.package_files import package_files
from xiaomi_reader.store.import_outcomes import ImportOutcome

if TYPE_CHECKING:  # parsing is loaded only when a new library is seeded
    from xiaomi_reader.core.articles import ParsedArticle

SEEDED_KEY = "seeded"  # set in library_meta once a library has its tags and articles

# Name, description, shortcut; the colours are in the colour assets (resources/colours.json).
BUILTIN_TAGS: tuple[tuple[str, str, str], ...] = (
    ("Claim", "A statement the article presents as fact.", "1"),
    ("Contradiction", "A statement at odds with another passage.", "2"),
)


def bundled_articles() -> list[ParsedArticle]:
    """The articles shipped inside the package, in file-name order."""
    from xiaomi_reader.core.articles import parse_article_bytes

    folder = package_files("xiaomi_reader.bundled_articles")
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".md")),
        key=lambda entry: entry.name,
    )
    return [parse_article_bytes(entry.read_bytes(), entry.name) for entry in entries]


class Seedable(Protocol):
    """What seeding asks of a library (a :class:`~xiaomi_reader.store.library.Library`)."""

    def meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def tags(self) -> list[Tag]: ...
    def add_tag(
        self, name: str, colour: str, *, description: str = "", shortcut: str | None = None
    ) -> Tag: ...
    def import_article(self, parsed: ParsedArticle) -> ImportOutcome: ...


def seed_if_new(library: Seedable) -> bool:
    """Give a library that was never seeded the built-in tags and the bundled articles."""
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
