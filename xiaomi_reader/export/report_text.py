"""What the Markdown and HTML reports say in the same words: the opening facts, headlines,
and the lines that stand in for an empty part."""

from __future__ import annotations

import re

from xiaomi_reader.core.quotes import shorten
from xiaomi_reader.core.report_changes import VersionChanges
from xiaomi_reader.core.report_content import Report, ReviewEntry

__all__ = [
    "NO_ANNOTATIONS",
    "NO_ARTICLES",
    "NO_LINKS",
    "ORPHANS_INTRO",
    "REVIEW_HEADING",
    "WHAT_CHANGED",
    "changes_intro",
    "facts",
    "flat",
    "headline",
    "review_line",
]

NO_ARTICLES = "No articles in this report."
NO_LINKS = "No links in this report."
NO_ANNOTATIONS = "No annotations."
ORPHANS_INTRO = "These annotations no longer match their text; their original quote is kept."
REVIEW_HEADING = "Needs review"
WHAT_CHANGED = "What changed"
_SPACES = re.compile(r"\s+")
_HEADLINE = 60  # characters of the quote in an annotation's heading


def facts(report: Report) -> list[tuple[str, str]]:
    """When the report was made, and which articles and tags it covers (label, plain text)."""
    scope = report.scope
    articles = "; ".join(scope.articles) or "none"
    if scope.all_articles:
        articles = f"all ({len(scope.articles)}): {articles}" if scope.articles else "all"
    tags = "all" if scope.all_tags else "; ".join(scope.tags) or "none"
    return [
        ("Generated", report.generated.strftime("%Y-%m-%d %H:%M %Z").strip()),
        ("Articles", articles),
        ("Tags", tags),
    ]


def headline(exact: str) -> str:
    """A quote on one line, cut to fit a heading (plain text, "" for no quote)."""
    return shorten(exact, _HEADLINE)


def flat(text: str) -> str:
    """Text on one line (an edit's words may span paragraphs); a space at either end stays."""
    return _SPACES.sub(" ", text)


def changes_intro(changes: VersionChanges) -> str:
    """The line under "What changed": which versions, how many edits, in what order."""
    count = len(changes.edits) + changes.more
    noun = "edit" if count == 1 else "edits"
    line = f"From version {changes.old_version} to version {changes.new_version}: {count} {noun}"
    if not count:
        return line + " (the words are the same)."
    line += "; those that touch annotated passages first."
    if changes.more:
        line += f" The first {len(changes.edits)} are listed."
    return line


def review_line(entry: ReviewEntry) -> str:
    """``needs review: “quote” (version 1), offered at “words”`` (plain text)."""
    quote = shorten(entry.quote.exact, _HEADLINE)
    where = "no place offered"
    if entry.offered:
        where = f"offered at “{shorten(entry.offered, _HEADLINE)}”"
    return f"needs review: “{quote}” (on version {entry.version}), {where}"
