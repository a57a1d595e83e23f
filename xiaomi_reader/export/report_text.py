"""What the Markdown and HTML reports say in the same words: the opening facts, headlines,
and the lines that stand in for an empty part."""

from __future__ import annotations

from xiaomi_reader.core.quotes import shorten
from xiaomi_reader.core.report_content import Report

__all__ = [
    "NO_ANNOTATIONS",
    "NO_ARTICLES",
    "NO_LINKS",
    "ORPHANS_INTRO",
    "facts",
    "headline",
]

NO_ARTICLES = "No articles in this report."
NO_LINKS = "No links in this report."
NO_ANNOTATIONS = "No annotations."
ORPHANS_INTRO = "These annotations no longer match their text; their original quote is kept."
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
