"""The content of a report, as plain data that every report writer renders the same way.

:func:`build_report` takes what the library holds (articles, annotations, links,
tags) and a :class:`Scope`, and returns a :class:`Report`: title, scope,
summary counts, the links as pairs of passages, one section per article in
reading order and the orphans. Writers (Markdown, HTML, PDF) only lay it out.

No Qt, no SQL: everything here works on ``core.records`` values.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from xiaomi_reader.core.records import (
    Annotation,
    AnnotationState,
    Article,
    ArticleSummary,
    Link,
    LinkType,
    Tag,
)

__all__ = [
    "CONTEXT_WORDS",
    "DEFAULT_TITLE",
    "ArticleSection",
    "LinkEnd",
    "LinkRef",
    "OrphanEntry",
    "Quote",
    "Report",
    "ReportAnnotation",
    "ReportLink",
    "ReportScope",
    "ReportTag",
    "Scope",
    "Summary",
    "SummaryRow",
    "build_report",
    "link_label",
    "select_annotations",
    "select_links",
    "shorten",
]

CONTEXT_WORDS = 8
DEFAULT_TITLE = "Annotation report"
# Characters of article text looked at for context words: plenty for 8 words.
_CONTEXT_WINDOW = 400
# The characters looked at first: enough for 8 words of most texts.
_NEAR_WINDOW = 120
_SHORT_QUOTE = 90
# Characters beyond its limit that shorten() flattens first: room for a few runs of spaces.
_SLACK = 20

AnyArticle = Article | ArticleSummary

# How a link reads from the annotation at its source end and from the one at its target end.
_OUTGOING = {
    LinkType.CONTRADICTS: "contradicts",
    LinkType.SUPPORTS: "supports",
    LinkType.SAME_CLAIM: "same claim as",
    LinkType.CORRECTS: "corrects",
}
_INCOMING = {
    LinkType.CONTRADICTS: "contradicted by",
    LinkType.SUPPORTS: "supported by",
    LinkType.SAME_CLAIM: "same claim as",
    LinkType.CORRECTS: "corrected by",
}
# Contradictions first: they are what a fact-checker is looking for.
_LINK_ORDER = {kind: i for i, kind in enumerate(LinkType)}


# --------------------------------------------------------------------------
# What to report on
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which annotations a report or export covers.

    ``article_ids=None`` means every article and every orphan; otherwise the
    chosen articles, in that order, plus the orphans whose original target is
    one of them. ``tag_ids=None`` means every annotation; otherwise those with
    at least one of these tags.
    """

    article_ids: tuple[int, ...] | None = None
    tag_ids: frozenset[int] | None = None


def select_annotations(
    annotations: Iterable[Annotation], articles: Sequence[AnyArticle], scope: Scope
) -> list[Annotation]:
    """The annotations inside ``scope``, in the order given."""
    chosen: set[int] | None = None
    sources: set[str] = set()
    if scope.article_ids is not None:
        chosen = set(scope.article_ids)
        for article in articles:
            if article.id in chosen:
                sources.add(article.iri)
                if article.url:
                    sources.add(article.url)
    selected = []
    for annotation in annotations:
        if chosen is not None:
            if annotation.article_id is None:
                if annotation.target_source not in sources:
                    continue
            elif annotation.article_id not in chosen:
                continue
        if scope.tag_ids is not None and scope.tag_ids.isdisjoint(annotation.tag_ids):
            continue
        selected.append(annotation)
    return selected


def select_links(
    links: Iterable[Link], annotation_ids: set[int] | frozenset[int], *, both_ends: bool
) -> list[Link]:
    """Links with both ends (or at least one end) among ``annotation_ids``."""
    if both_ends:
        return [x for x in links if x.source_id in annotation_ids and x.target_id in annotation_ids]
    return [x for x in links if x.source_id in annotation_ids or x.target_id in annotation_ids]


def link_label(kind: LinkType, *, outgoing: bool) -> str:
    """``contradicts`` from the source end, ``contradicted by`` from the target end."""
    return (_OUTGOING if outgoing else _INCOMING)[kind]


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportTag:
    name: str
    colour: str


# The records made once per annotation or link are named tuples rather than frozen
# dataclasses: just as immutable, and several times quicker to create, which adds up
# to a tenth of a 10,000-annotation report's time.


class Quote(NamedTuple):
    """A quote with a few words of context; ``more_*`` say whether to show an ellipsis."""

    before: str
    exact: str
    after: str
    more_before: bool
    more_after: bool

    def plain(self) -> str:
        """One line of text: ``…before exact after…``."""
        lead = "…" if self.more_before else ""
        tail = "…" if self.more_after else ""
        return f"{lead}{self.before}{self.exact}{self.after}{tail}"


class LinkEnd(NamedTuple):
    """One passage of a link pair."""

    annotation_iri: str
    article_title: str
    article_date: str | None
    quote: Quote
    tags: tuple[ReportTag, ...]
    note: str
    orphaned: bool


class ReportLink(NamedTuple):
    iri: str
    type: LinkType
    note: str
    source: LinkEnd
    target: LinkEnd

    @property
    def label(self) -> str:
        return link_label(self.type, outgoing=True)


class LinkRef(NamedTuple):
    """What an annotation is linked to, seen from that annotation."""

    label: str  # e.g. "contradicts" or "contradicted by"
    type: LinkType
    other_iri: str
    other_article: str
    other_quote: str  # the other quote, shortened
    note: str


class ReportAnnotation(NamedTuple):
    iri: str
    start: int | None
    end: int | None
    quote: Quote
    tags: tuple[ReportTag, ...]
    note: str
    links: tuple[LinkRef, ...]
    created: datetime
    modified: datetime


@dataclass(frozen=True)
class ArticleSection:
    iri: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    annotations: tuple[ReportAnnotation, ...]


class OrphanEntry(NamedTuple):
    """An annotation that no longer fits its text: its original quote and target."""

    iri: str
    exact: str
    target_source: str
    quote: Quote
    tags: tuple[ReportTag, ...]
    note: str
    links: tuple[LinkRef, ...]


@dataclass(frozen=True)
class SummaryRow:
    label: str  # an article title, or "Orphaned annotations"
    counts: tuple[int, ...]  # one per Summary.tags column
    untagged: int
    total: int


@dataclass(frozen=True)
class Summary:
    tags: tuple[ReportTag, ...]
    rows: tuple[SummaryRow, ...]
    links: tuple[tuple[LinkType, int], ...]  # every link type, in a fixed order
    annotation_total: int
    link_total: int


@dataclass(frozen=True)
class ReportScope:
    articles: tuple[str, ...]  # titles of the articles covered
    tags: tuple[str, ...]  # names of the chosen tags; empty when all_tags
    all_articles: bool
    all_tags: bool


@dataclass(frozen=True)
class Report:
    title: str
    generated: datetime
    scope: ReportScope
    summary: Summary
    links: tuple[ReportLink, ...]
    sections: tuple[ArticleSection, ...]
    orphans: tuple[OrphanEntry, ...]


ORPHANS_LABEL = "Orphaned annotations"
ORPHAN_LABEL = "Orphaned annotation"


def build_report(
    articles: Sequence[AnyArticle],
    annotations: Sequence[Annotation],
    links: Sequence[Link],
    tags: Sequence[Tag],
    scope: Scope | None = None,
    *,
    title: str = DEFAULT_TITLE,
    generated: datetime | None = None,
) -> Report:
    """Assemble a report.

    ``articles`` are the library's articles in reading order; pass full
    :class:`Article` records (with text) for those whose quotes should get
    eight words of context, summaries are enough for the rest (their quotes
    fall back to the stored prefix and suffix). ``annotations``, ``links`` and
    ``tags`` may be the whole library: the scope picks what is reported.
    A link is reported when at least one of its ends is in scope.
    """
    scope = scope or Scope()
    selected = select_annotations(annotations, articles, scope)
    shown_links = select_links(links, {a.id for a in selected}, both_ends=False)
    context = _Context(articles, annotations, shown_links, tags)
    chosen = _chosen_articles(articles, scope)

    per_article: dict[int, list[Annotation]] = defaultdict(list)
    orphans: list[Annotation] = []
    for annotation in selected:
        article = context.article(annotation)
        if article is None:
            orphans.append(annotation)
        else:
            per_article[article.id].append(annotation)

    sections = tuple(
        ArticleSection(
            iri=article.iri,
            title=article.title,
            date=article.date,
            source=article.source,
            url=article.url,
            annotations=context.entries(article, per_article[article.id]),
        )
        for article in chosen
    )
    pairs = tuple(
        pair
        for pair in (context.pair(link) for link in sorted(shown_links, key=context.pair_order))
        if pair is not None
    )
    return Report(
        title=title,
        generated=generated or datetime.now(UTC),
        scope=_report_scope(chosen, tags, scope),
        summary=_summary(chosen, per_article, orphans, shown_links, tags, scope),
        links=pairs,
        sections=sections,
        orphans=tuple(context.orphan(a) for a in orphans),
    )


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


class _Context:
    """Everything a report entry needs to know about the rest of the library.

    Built once per report: links are indexed by annotation and tag tuples are
    shared, so each annotation costs a few dictionary look-ups, never a scan.
    An annotation's quote is worked out once, however many links show it.
    """

    def __init__(
        self,
        articles: Sequence[AnyArticle],
        annotations: Sequence[Annotation],
        links: Sequence[Link],
        tags: Sequence[Tag],
    ) -> None:
        self._articles = {article.id: article for article in articles}
        self._article_rank = {article.id: i for i, article in enumerate(articles)}
        # Every annotation a shown link touches, in scope or not.
        self._annotations = {a.id: a for a in annotations}
        self._links: dict[int, list[Link]] = defaultdict(list)
        for link in links:
            self._links[link.source_id].append(link)
            self._links[link.target_id].append(link)
        self._rank = {tag.id: (i, ReportTag(tag.name, tag.colour)) for i, tag in enumerate(tags)}
        # Most annotations share one of a few tag sets: build each tuple once.
        self._tag_sets: dict[tuple[int, ...], tuple[ReportTag, ...]] = {}
        self._quotes: dict[int, Quote] = {}
        self._link_ends: dict[int, tuple[str, str]] = {}

    def entries(
        self, article: AnyArticle, annotations: list[Annotation]
    ) -> tuple[ReportAnnotation, ...]:
        """One article's entries, in reading order."""
        text = article.text if isinstance(article, Article) else None
        quotes, tag_sets, linked = self._quotes, self._tag_sets, self._links
        entries = []
        for a in sorted(annotations, key=_reading_order):
            # The look-ups of quote(), tags() and refs() written out: this runs for
            # every annotation, and most have a known tag set and no links.
            quote = quotes.get(a.id)
            if quote is None:
                quote = quotes[a.id] = _new_quote(a, text)
            tags = tag_sets.get(a.tag_ids) or self.tags(a)
            refs = self.refs(a) if a.id in linked else ()
            # Positional: keywords cost a tuple more.
            entries.append(
                ReportAnnotation(
                    a.iri, a.start, a.end, quote, tags, a.note, refs, a.created, a.modified
                )
            )
        return tuple(entries)

    def orphan(self, annotation: Annotation) -> OrphanEntry:
        return OrphanEntry(
            iri=annotation.iri,
            exact=annotation.exact,
            target_source=annotation.target_source,
            quote=self.quote(annotation),
            tags=self.tags(annotation),
            note=annotation.note,
            links=self.refs(annotation),
        )

    def pair(self, link: Link) -> ReportLink | None:
        source = self._annotations.get(link.source_id)
        target = self._annotations.get(link.target_id)
        if source is None or target is None:
            return None
        return ReportLink(
            link.iri, link.type, link.note, self.link_end(source), self.link_end(target)
        )

    def pair_order(self, link: Link) -> tuple[int, int, int, int]:
        """Contradictions first, then by where the first passage sits in the reading order."""
        source = self._annotations.get(link.source_id)
        last = len(self._article_rank)
        rank = self._article_rank.get(source.article_id or -1, last) if source else last
        start = source.start if source and source.start is not None else 0
        return (_LINK_ORDER[link.type], rank, start, link.id)

    def refs(self, annotation: Annotation) -> tuple[LinkRef, ...]:
        links = self._links.get(annotation.id)
        if not links:  # most annotations
            return ()
        out = []
        for link in links:
            outgoing = link.source_id == annotation.id
            other = self._annotations.get(link.target_id if outgoing else link.source_id)
            if other is None:
                continue
            title, short_quote = self.seen_from_link(other)
            label = (_OUTGOING if outgoing else _INCOMING)[link.type]
            out.append(LinkRef(label, link.type, other.iri, title, short_quote, link.note))
        return tuple(out)

    def seen_from_link(self, annotation: Annotation) -> tuple[str, str]:
        """How a link shows the annotation at its other end: article title, short quote."""
        found = self._link_ends.get(annotation.id)
        if found is None:
            article = self.article(annotation)
            title = article.title if article else ORPHAN_LABEL
            short_quote = shorten(annotation.exact, _SHORT_QUOTE)
            found = self._link_ends[annotation.id] = (title, short_quote)
        return found

    def tags(self, annotation: Annotation) -> tuple[ReportTag, ...]:
        found = self._tag_sets.get(annotation.tag_ids)
        if found is None:
            # In the library's tag order, whatever order the annotation lists them in.
            ranked = sorted(self._rank[t] for t in annotation.tag_ids if t in self._rank)
            found = self._tag_sets[annotation.tag_ids] = tuple(tag for _, tag in ranked)
        return found

    def quote(self, annotation: Annotation) -> Quote:
        article = self.article(annotation)
        return self._quote_in(annotation, article.text if isinstance(article, Article) else None)

    def _quote_in(self, annotation: Annotation, text: str | None) -> Quote:
        """The quote of an annotation on ``text``, its article's text (None when unknown)."""
        found = self._quotes.get(annotation.id)
        if found is None:
            found = self._quotes[annotation.id] = _new_quote(annotation, text)
        return found

    def link_end(self, annotation: Annotation) -> LinkEnd:
        article = self.article(annotation)
        text = article.text if isinstance(article, Article) else None
        return LinkEnd(
            annotation.iri,
            article.title if article else f"Orphan (was on {annotation.target_source})",
            article.date if article else None,
            self._quote_in(annotation, text),
            self.tags(annotation),
            annotation.note,
            article is None,
        )

    def article(self, annotation: Annotation) -> AnyArticle | None:
        """The article an annotation sits in; None for an orphan."""
        if annotation.state is AnnotationState.ORPHANED or annotation.article_id is None:
            return None
        return self._articles.get(annotation.article_id)


def _new_quote(annotation: Annotation, text: str | None) -> Quote:
    start, end, exact = annotation.start, annotation.end, annotation.exact
    if text is None or start is None or end is None or text[start:end] != exact:
        return quote_from_context(exact, annotation.prefix, annotation.suffix)
    return _quote_around(text, start, end, exact, CONTEXT_WORDS)


def quote_in_text(text: str, start: int, end: int, words: int = CONTEXT_WORDS) -> Quote:
    """``text[start:end]`` with up to ``words`` words of the text on each side."""
    return _quote_around(text, start, end, text[start:end], words)


def _quote_around(text: str, start: int, end: int, exact: str, words: int) -> Quote:
    """:func:`quote_in_text` for an ``exact`` already known to be ``text[start:end]``.

    The words of :func:`_last_words` and :func:`_first_words` of the context
    windows, worked out in place: this runs for every annotation of a report.
    A near window is looked at first. When it holds more than ``words`` words,
    the ``words`` nearest the quote are whole and the same as the full window's.
    """
    first = start - _NEAR_WINDOW if start > _NEAR_WINDOW else 0
    parts = text[first:start].rsplit(None, words)
    if len(parts) <= words and first:
        first = start - _CONTEXT_WINDOW if start > _CONTEXT_WINDOW else 0
        parts = text[first:start].rsplit(None, words)
    if parts:
        cut_before = len(parts) > words
        before = " ".join(parts[1:] if cut_before else parts)
        if text[start - 1].isspace():  # keep the gap between the context and the quote
            before += " "
        more_before = cut_before or first > 0
    else:
        before, more_before = "", False

    last = end + _NEAR_WINDOW
    parts = text[end:last].split(None, words)
    if len(parts) <= words and last < len(text):
        last = end + _CONTEXT_WINDOW
        parts = text[end:last].split(None, words)
    if parts:
        cut_after = len(parts) > words
        after = " ".join(parts[:words] if cut_after else parts)
        if text[end].isspace():
            after = " " + after
        more_after = cut_after or last < len(text)
    else:
        after, more_after = "", False
    return Quote(before, exact, after, more_before, more_after)


def quote_from_context(exact: str, prefix: str, suffix: str, words: int = CONTEXT_WORDS) -> Quote:
    """A quote whose context comes from the stored prefix and suffix (they may be cut mid-word)."""
    before, _ = _last_words(prefix, words)
    after, _ = _first_words(suffix, words)
    return Quote(
        before=before,
        exact=exact,
        after=after,
        more_before=bool(before),
        more_after=bool(after),
    )


def _last_words(chunk: str, words: int) -> tuple[str, bool]:
    """The last ``words`` words of ``chunk`` (single-spaced) and whether anything was cut."""
    # At most words + 1 pieces: the words wanted and, if there is more, the rest unsplit.
    parts = chunk.rsplit(None, words)
    if not parts:
        return ("", False)
    cut = len(parts) > words
    joined = " ".join(parts[1:] if cut else parts)
    # Keep the gap between the context and the quote, if there was one.
    if chunk[-1].isspace():
        joined += " "
    return (joined, cut)


def _first_words(chunk: str, words: int) -> tuple[str, bool]:
    parts = chunk.split(None, words)
    if not parts:
        return ("", False)
    cut = len(parts) > words
    joined = " ".join(parts[:words] if cut else parts)
    if chunk[0].isspace():
        joined = " " + joined
    return (joined, cut)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line (whitespace runs as single spaces), cut to ``limit`` characters.

    A cut text ends in an ellipsis. Only the start of a long text can show: a
    prefix a little longer than the limit is flattened first, and in the usual
    case (words and single spaces) that settles it without splitting the rest.
    """
    # Flattening a prefix gives a prefix of the flattened text.
    head = " ".join(text[: limit + _SLACK].split())
    if len(head) > limit:
        return head[: limit - 1].rstrip() + "…"
    if len(text) > limit + _SLACK:  # the prefix lost too much whitespace to tell
        head = " ".join(text.split())
        if len(head) > limit:
            return head[: limit - 1].rstrip() + "…"
    return head


def _reading_order(annotation: Annotation) -> tuple[int, int, int]:
    start = annotation.start if annotation.start is not None else 0
    end = annotation.end if annotation.end is not None else start
    return (start, end, annotation.id)


def _chosen_articles(articles: Sequence[AnyArticle], scope: Scope) -> list[AnyArticle]:
    if scope.article_ids is None:
        return list(articles)
    by_id = {article.id: article for article in articles}
    return [by_id[i] for i in dict.fromkeys(scope.article_ids) if i in by_id]


def _report_scope(chosen: Sequence[AnyArticle], tags: Sequence[Tag], scope: Scope) -> ReportScope:
    tag_names: tuple[str, ...] = ()
    if scope.tag_ids is not None:
        tag_names = tuple(tag.name for tag in tags if tag.id in scope.tag_ids)
    return ReportScope(
        articles=tuple(article.title for article in chosen),
        tags=tag_names,
        all_articles=scope.article_ids is None,
        all_tags=scope.tag_ids is None,
    )


def _summary(
    chosen: Sequence[AnyArticle],
    per_article: dict[int, list[Annotation]],
    orphans: Sequence[Annotation],
    links: Sequence[Link],
    tags: Sequence[Tag],
    scope: Scope,
) -> Summary:
    groups: list[tuple[str, Sequence[Annotation]]] = [
        (article.title, per_article.get(article.id, ())) for article in chosen
    ]
    if orphans:
        groups.append((ORPHANS_LABEL, orphans))
    used = {tag_id for _, group in groups for a in group for tag_id in a.tag_ids}
    wanted = scope.tag_ids if scope.tag_ids is not None else used
    # Columns in the library's tag order; with a tag filter, the chosen tags even when unused.
    columns = [tag for tag in tags if tag.id in wanted]
    rows = []
    for label, group in groups:
        counter: Counter[int] = Counter(tag_id for a in group for tag_id in a.tag_ids)
        rows.append(
            SummaryRow(
                label=label,
                counts=tuple(counter[tag.id] for tag in columns),
                untagged=sum(1 for a in group if not a.tag_ids),
                total=len(group),
            )
        )
    link_counts: Counter[LinkType] = Counter(link.type for link in links)
    return Summary(
        tags=tuple(ReportTag(tag.name, tag.colour) for tag in columns),
        rows=tuple(rows),
        links=tuple((kind, link_counts[kind]) for kind in LinkType),
        annotation_total=sum(row.total for row in rows),
        link_total=len(links),
    )
