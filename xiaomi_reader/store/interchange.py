"""Importing annotation files (W3C Web Annotations, Hypothesis JSON) into a library, in one
transaction.

The file is read and checked first (:mod:`xiaomi_reader.core.annotation_files`),
each annotation is placed by :mod:`xiaomi_reader.core.placement` (its own article,
else a quote found exactly once in the library, else an orphan with its original
target: an import never drops an annotation). Ids are kept, so importing the
same file again changes nothing and links between items of one file resolve;
an id that already names something else in the library refuses the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, Select

from xiaomi_reader.core.anchoring import AnchorMethod, build_selector
from xiaomi_reader.core.annotation_files import Source, read_annotations
from xiaomi_reader.core.colours import colours
from xiaomi_reader.core.placement import ArticleText, anchor_in, file_name_of, place
from xiaomi_reader.core.records import AnnotationState
from xiaomi_reader.core.w3c_reading import AnnotationImportError, W3CAnnotation, W3CData, W3CLink
from xiaomi_reader.store import queries
from xiaomi_reader.store.library import Library
from xiaomi_reader.store.schema import utcnow
from xiaomi_reader.store.tags import insert_tag
from xiaomi_reader.store.version_import import Earlier, on_earlier_versions

__all__ = ["AnnotationImportError", "ImportSummary", "ImportedOrphan", "import_annotations"]

# New tags get these colours in turn (the colour assets' palette for new tags).
NEW_TAG_COLOURS = colours().new_tag_palette


@dataclass(frozen=True)
class ImportedOrphan:
    iri: str
    exact: str
    target_source: str


@dataclass(frozen=True)
class ImportSummary:
    """What an import did. Orphans and quote-anchored ones are among ``imported``."""

    imported: int = 0
    already_present: int = 0
    anchored_by_quote: int = 0
    orphans: tuple[ImportedOrphan, ...] = ()
    links_imported: int = 0
    links_already_present: int = 0
    links_skipped: tuple[str, ...] = ()  # link ids whose ends are not in the file nor library
    links_to_themselves: tuple[str, ...] = ()  # link ids whose two ends are one annotation
    tags_created: tuple[str, ...] = ()
    identical_duplicates: int = 0  # items of the file repeated word for word, kept once
    replies_skipped: int = 0  # replies and page notes select no passage: counted, left out
    page_notes_skipped: int = 0

    @property
    def orphaned(self) -> int:
        return len(self.orphans)

    def skipped(self) -> str:
        """Items of the file that mark no passage: "3 replies and 2 page notes", or ""."""
        parts = [
            _count(self.replies_skipped, "reply", "replies"),
            _count(self.page_notes_skipped, "page note", "page notes"),
        ]
        return " and ".join(part for part in parts if part)

    def headline(self) -> str:
        """The counts in short: "12 imported, 3 replies and 2 page notes skipped"."""
        skipped = self.skipped()
        return f"{self.imported} imported" + (f", {skipped} skipped" if skipped else "")

    def lines(self) -> list[str]:
        """The summary as lines of text for people."""
        out = [
            f"imported: {self.imported}",
            f"already present: {self.already_present}",
            f"anchored by quote: {self.anchored_by_quote}",
            f"orphaned: {self.orphaned}",
        ]
        out += [
            f"  orphan {o.iri}: “{_shorten(o.exact)}” (was on {_shorten(o.target_source)})"
            for o in self.orphans
        ]
        links = (
            f"links: {self.links_imported} imported, {self.links_already_present} already present"
        )
        if self.links_skipped:
            links += f", {len(self.links_skipped)} skipped (an end is missing)"
        if self.links_to_themselves:
            links += f", {len(self.links_to_themselves)} skipped (they link a passage to itself)"
        out.append(links)
        out += [f"  skipped link {iri}" for iri in self.links_skipped]
        out += [
            f"  skipped link {iri}: it links a passage to itself"
            for iri in self.links_to_themselves
        ]
        if self.tags_created:
            out.append("new tags: " + ", ".join(self.tags_created))
        if self.identical_duplicates:
            out.append(f"identical duplicates in the file, kept once: {self.identical_duplicates}")
        return out


def import_annotations(library: Library, data_or_path: Source) -> ImportSummary:
    """Import W3C or Hypothesis annotations from a file path, JSON bytes or decoded JSON.

    Raises :class:`AnnotationImportError` (and imports nothing) when the input is
    not a regular file within the size limit, not valid JSON or not annotations,
    when two of its items share an id, or when one of its ids already belongs to
    something different in the library.
    """
    parsed = read_annotations(data_or_path)
    with library.transactions.write() as conn:
        return _Importer(conn).run(parsed)


@dataclass
class _Counts:
    imported: int = 0
    present: int = 0
    by_quote: int = 0
    orphans: list[ImportedOrphan] = field(default_factory=list)
    links_imported: int = 0
    links_present: int = 0
    links_skipped: list[str] = field(default_factory=list)
    links_to_self: list[str] = field(default_factory=list)


class _Importer:
    """One import inside one transaction; nothing is committed until it has all gone well."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.counts = _Counts()
        self.tags_created: list[str] = []
        self.versions: dict[int, int] = {}
        # Annotations made on an earlier version, carried into the current one, by iri.
        self.earlier: dict[str, Earlier] = {}

    def run(self, data: W3CData) -> ImportSummary:
        articles = [
            ArticleText(ident, iri, text)
            for ident, iri, text in self.conn.execute(queries.ARTICLE_TEXTS)
        ]
        by_id = {a.id: a for a in articles}
        numbers = self.conn.execute(queries.ARTICLE_VERSION_NUMBERS)
        self.versions = {article_id: number for article_id, number in numbers}
        by_source: dict[str, ArticleText] = {a.iri: a for a in articles}
        for article_id, url in self.conn.execute(queries.ARTICLE_URLS):
            by_source.setdefault(url, by_id[article_id])
        self._add_files(by_source, by_id, {item.source for item in data.annotations})

        annotation_ids = self._existing(
            queries.ANNOTATION_IDS_BY_IRI, [a.iri for a in data.annotations]
        )
        self._refuse_collisions(data.annotations, annotation_ids, by_source)
        self._refuse_ids_of_the_other_kind(data)
        declared = [
            (item, by_source[item.source])
            for item in data.annotations
            if item.iri not in annotation_ids and item.source in by_source
        ]
        self.earlier = on_earlier_versions(self.conn, declared, self.versions)
        rows: list[dict[str, object]] = []
        row_tags: list[tuple[str, list[str]]] = []
        for item in data.annotations:
            if item.iri in annotation_ids:
                self.counts.present += 1
                continue
            rows.append(self._row(item, by_source, articles))
            row_tags.append((item.iri, list(item.tags)))
        if rows:
            self.conn.execute(queries.INSERT_ANNOTATION, rows)
            new_ids = self._existing(queries.ANNOTATION_IDS_BY_IRI, [str(r["iri"]) for r in rows])
            annotation_ids.update(new_ids)
            self._tag(row_tags, new_ids)
            places = [
                {**place, "annotation_id": new_ids[iri]}
                for iri, (_row, its_places) in self.earlier.items()
                for place in its_places
            ]
            if places:
                self.conn.execute(queries.INSERT_PLACE, places)
        self.counts.imported = len(rows)
        self._links(data.links, annotation_ids)
        return ImportSummary(
            imported=self.counts.imported,
            already_present=self.counts.present,
            anchored_by_quote=self.counts.by_quote,
            orphans=tuple(self.counts.orphans),
            links_imported=self.counts.links_imported,
            links_already_present=self.counts.links_present,
            links_skipped=tuple(self.counts.links_skipped),
            links_to_themselves=tuple(self.counts.links_to_self),
            tags_created=tuple(self.tags_created),
            identical_duplicates=data.identical_duplicates,
            replies_skipped=data.replies_skipped,
            page_notes_skipped=data.page_notes_skipped,
        )

    # -- annotations -------------------------------------------------------------

    def _add_files(
        self, by_source: dict[str, ArticleText], by_id: dict[int, ArticleText], sources: set[str]
    ) -> None:
        """``file:`` sources whose file name is that of exactly one article: that article."""
        for source in sources - by_source.keys():
            name = file_name_of(source)
            if name is None:
                continue
            found = self.conn.execute(queries.ARTICLES_BY_FILE_NAME, {"name": name}).all()
            if len(found) == 1:
                by_source[source] = by_id[found[0].id]

    def _refuse_collisions(
        self,
        items: Sequence[W3CAnnotation],
        present: dict[str, int],
        by_source: dict[str, ArticleText],
    ) -> None:
        """An id already in the library must name the same annotation, not another passage.

        Re-importing a file finds its annotations as they were stored; an item that
        shares an id with a different annotation (another quote, or a place in
        another article) would otherwise be silently skipped as "already present".
        """
        stored: dict[str, tuple[int | None, int | None, int | None, str]] = {}
        wanted = [item.iri for item in items if item.iri in present]
        for chunk in queries.chunks(wanted):
            found = self.conn.execute(queries.ANNOTATION_PLACES_BY_IRI, {"iris": chunk})
            stored.update({iri: rest for iri, *rest in found})
        for item in items:
            if item.iri not in stored:
                continue
            article_id, start, end, exact = stored[item.iri]
            # A position-only item took its quote from the text: compare the range instead.
            same = item.exact == exact if item.exact else (item.start, item.end) == (start, end)
            declared = by_source.get(item.source)
            if same and declared is not None and article_id not in (None, declared.id):
                # Where this import would put the item, if the id were new.
                same = anchor_in(declared.text, item, use_position=True) is None
            if not same:
                raise AnnotationImportError(
                    f"The annotation {_shorten(item.iri)} in the file has the id of a different "
                    f"annotation already in the library (“{_shorten(exact, 40)}”); nothing was "
                    "imported. Give it a new id in the file, or leave it out."
                )

    def _refuse_ids_of_the_other_kind(self, data: W3CData) -> None:
        """An annotation of the file may not take a stored link's id, nor a link an annotation's.

        Both would be kept, and every export would then hold two items with one id.
        """
        for query, items, kind, other in (
            (queries.LINK_IDS_BY_IRI, data.annotations, "an annotation", "a link"),
            (queries.ANNOTATION_IDS_BY_IRI, data.links, "a link", "an annotation"),
        ):
            taken = self._existing(query, [item.iri for item in items])
            if taken:
                first = next(item for item in items if item.iri in taken)
                where = first.where or f"The item {_shorten(first.iri)}"
                raise AnnotationImportError(
                    f"{where} is {kind} with the id of {other} already in the library; "
                    "nothing was imported. Give it a new id in the file, or leave it out."
                )

    def _row(
        self,
        item: W3CAnnotation,
        by_source: dict[str, ArticleText],
        articles: Sequence[ArticleText],
    ) -> dict[str, object]:
        now = utcnow()
        created = item.created or now
        common: dict[str, object] = {
            "iri": item.iri,
            "note": item.note,
            "author": item.author,
            "created": created,
            "modified": item.modified or created,
            "previous_exact": None,
            "candidate_start": None,
            "candidate_end": None,
        }
        if item.iri in self.earlier:
            return {**common, **self.earlier[item.iri][0]}
        placed = place(item, by_source.get(item.source), articles)
        if placed is None:
            self.counts.orphans.append(ImportedOrphan(item.iri, item.exact, item.source))
            return {
                **common,
                "article_id": None,
                "target_source": item.source,
                **_storable_position(item),
                "exact": item.exact,
                "prefix": item.prefix,
                "suffix": item.suffix,
                "state": AnnotationState.ORPHANED.value,
                "version": 1,
            }
        article, anchor = placed
        if anchor.method is AnchorMethod.QUOTE:
            self.counts.by_quote += 1
        # Fresh context from the text the annotation now sits in.
        selector = build_selector(article.text, anchor.start, anchor.end)
        return {
            **common,
            "article_id": article.id,
            "target_source": article.iri,
            "start": selector.start,
            "end": selector.end,
            "exact": selector.exact,
            "prefix": selector.prefix,
            "suffix": selector.suffix,
            "state": AnnotationState.ANCHORED.value,
            "version": self.versions[article.id],  # placed in the current text
        }

    def _tag(self, row_tags: list[tuple[str, list[str]]], ids: dict[str, int]) -> None:
        tags = {key: ident for key, ident in self.conn.execute(queries.TAG_IDS_BY_NAME_KEY)}
        pairs: list[dict[str, int]] = []
        for iri, names in row_tags:
            seen: set[int] = set()
            for name in names:
                tag_id = tags.get(name.casefold())
                if tag_id is None:
                    tag_id = self._new_tag(name)
                    tags[name.casefold()] = tag_id
                if tag_id not in seen:
                    seen.add(tag_id)
                    pairs.append({"annotation_id": ids[iri], "tag_id": tag_id})
        if pairs:
            self.conn.execute(queries.INSERT_TAGGING, pairs)

    def _new_tag(self, name: str) -> int:
        colour = NEW_TAG_COLOURS[len(self.tags_created) % len(NEW_TAG_COLOURS)]
        tag_id = insert_tag(self.conn, name, colour)
        self.tags_created.append(name)
        return tag_id

    # -- links ---------------------------------------------------------------------

    def _links(self, links: Sequence[W3CLink], annotation_ids: dict[str, int]) -> None:
        present = self._existing(queries.LINK_IDS_BY_IRI, [link.iri for link in links])
        # Ends that are in the library but not in this file.
        missing = [
            iri for link in links for iri in (link.source, link.target) if iri not in annotation_ids
        ]
        annotation_ids.update(self._existing(queries.ANNOTATION_IDS_BY_IRI, missing))
        rows: list[dict[str, object]] = []
        for link in links:
            if link.iri in present:
                self.counts.links_present += 1
                continue
            if link.source == link.target:
                self.counts.links_to_self.append(link.iri)
                continue
            source = annotation_ids.get(link.source)
            target = annotation_ids.get(link.target)
            if source is None or target is None:
                self.counts.links_skipped.append(link.iri)
                continue
            rows.append(
                {
                    "iri": link.iri,
                    "source_id": source,
                    "target_id": target,
                    "type": link.type.value,
                    "note": link.note,
                    "created": link.created or utcnow(),
                }
            )
        if rows:
            self.conn.execute(queries.INSERT_LINK, rows)
        self.counts.links_imported = len(rows)

    # -- helpers -------------------------------------------------------------------

    def _existing(self, query: Select, iris: Iterable[str]) -> dict[str, int]:
        """Row ids by IRI for those of ``iris`` already stored (``query``: ``*_IDS_BY_IRI``)."""
        found: dict[str, int] = {}
        for chunk in queries.chunks(list(iris)):
            found.update({iri: ident for iri, ident in self.conn.execute(query, {"iris": chunk})})
        return found


# SQLite integers are signed 64-bit: a larger offset cannot be stored as it is.
_SQLITE_MAX_INT = 2**63 - 1


def _storable_position(item: W3CAnnotation) -> dict[str, int | None]:
    """An orphan's position as stored; one too large for SQLite is dropped (the quote stays)."""
    if item.end is not None and item.end > _SQLITE_MAX_INT:
        return {"start": None, "end": None}
    return {"start": item.start, "end": item.end}


def _shorten(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _count(n: int, one: str, many: str) -> str:
    return "" if not n else f"1 {one}" if n == 1 else f"{n} {many}"
