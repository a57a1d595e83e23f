"""Every statement the store runs, each defined once, in SQLAlchemy Core.

Nothing here is particular to SQLite: the same statements run on any database
SQLAlchemy speaks to. Rows of the ``*_COLUMNS`` selects become records in
:mod:`xiaomi_reader.store.rows`, in the order the columns are listed here. Lists of
ids go in as one expanding parameter, a few hundred at a time (:func:`chunks`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Update, bindparam, delete, func, insert, select, update

from xiaomi_reader.store.schema import (
    annotation_places,
    annotation_tags,
    annotations_table,
    article_originals,
    article_versions,
    articles,
    library_meta,
    library_revision,
    links,
    tags,
)

T = TypeVar("T")

# Well under any database's limit on the parameters of one statement (SQLite: 32766,
# or 999 in old builds).
IDS_PER_QUERY = 500


def chunks(values: Sequence[T]) -> Iterator[list[T]]:
    """``values`` (duplicates dropped, order kept) in lists of at most IDS_PER_QUERY."""
    unique, size = list(dict.fromkeys(values)), IDS_PER_QUERY
    for first in range(0, len(unique), size):
        yield unique[first : first + size]


# -- the library itself ------------------------------------------------------------------

REVISION = select(library_revision.c.value)
META = select(library_meta.c.value).where(library_meta.c.key == bindparam("key"))
UPDATE_META = (
    update(library_meta)
    .where(library_meta.c.key == bindparam("meta_key"))
    .values(value=bindparam("new_value"))
)
INSERT_META = insert(library_meta)

# -- articles -----------------------------------------------------------------------------

_a = articles.c
SUMMARY_COLUMNS = (
    _a.id,
    _a.iri,
    _a.title,
    _a.date,
    _a.source,
    _a.url,
    _a.file_name,
    _a.imported_at,
    _a.author,
    _a.site,
    _a.language,
    _a.fetched_at,
    _a.version,
)
ARTICLE_COLUMNS = (*SUMMARY_COLUMNS, _a.text)
_ANNOTATION_COUNT = (
    select(func.count())
    .where(annotations_table.c.article_id == _a.id)
    .correlate(articles)
    .scalar_subquery()
)
# Reading order: dated articles by date, then the undated; then by title.
ARTICLE_SUMMARIES = select(*SUMMARY_COLUMNS, _ANNOTATION_COUNT).order_by(
    _a.date.is_(None), _a.date, _a.title, _a.id
)
SUMMARIES_BY_HASH = select(*SUMMARY_COLUMNS, _a.content_hash).where(
    _a.content_hash.in_(bindparam("digests", expanding=True))
)
ARTICLE = select(*ARTICLE_COLUMNS).where(_a.id == bindparam("id"))
ARTICLE_SUMMARY = select(*SUMMARY_COLUMNS).where(_a.id == bindparam("id"))
ARTICLES = select(*ARTICLE_COLUMNS).where(_a.id.in_(bindparam("ids", expanding=True)))
ARTICLE_BY_IRI_OR_URL = (
    select(*ARTICLE_COLUMNS)
    .where((_a.iri == bindparam("key")) | (_a.url == bindparam("key")))
    .order_by(_a.id)
    .limit(1)
)
# Articles keep the name of the file they came from, without its folder.
ARTICLES_BY_FILE_NAME = (
    select(*ARTICLE_COLUMNS).where(_a.file_name == bindparam("name")).order_by(_a.id)
)
# The part of an article's text a new annotation's selector is made from (SQL counts
# characters from 1, as code points).
ARTICLE_SOURCE_AND_PASSAGE = select(
    _a.iri, func.substr(_a.text, bindparam("first"), bindparam("length")), _a.version
).where(_a.id == bindparam("id"))
ARTICLE_TEXTS = select(_a.id, _a.iri, _a.text).order_by(_a.id)
ARTICLE_VERSION_NUMBERS = select(_a.id, _a.version)
ARTICLE_URLS = select(_a.id, _a.url).where(_a.url.is_not(None)).order_by(_a.id)
ARTICLES_BY_URL_KEY = (
    select(_a.url_key, _a.id)
    .where(_a.url_key.in_(bindparam("keys", expanding=True)))
    .order_by(_a.id)
)
LAST_ARTICLE_ID = select(func.max(_a.id))
INSERT_ARTICLE = insert(articles)

# -- originals (their bytes only when asked for, one article at a time) --------------------

_o = article_originals.c
ORIGINAL_INFO_COLUMNS = (
    _o.article_id, _o.version, _o.media_type, _o.file_name, _o.url, _o.fetched_at, _o.size,
    _o.sha256,
)  # fmt: skip
# The latest version's.
ORIGINAL_INFO = (
    select(*ORIGINAL_INFO_COLUMNS)
    .where(_o.article_id == bindparam("article_id"))
    .order_by(_o.version.desc())
    .limit(1)
)
# With the text of its version: an original that is its text's UTF-8 is not stored twice.
_v = article_versions.c
ORIGINAL_DATA = (
    select(_o.compression, _o.data, func.coalesce(_v.text, _a.text))
    .join(articles, articles.c.id == _o.article_id)
    .outerjoin(article_versions, (_v.article_id == _o.article_id) & (_v.number == _o.version))
    .where((_o.article_id == bindparam("article_id")) & (_o.version == bindparam("version")))
)
INSERT_ORIGINAL = insert(article_originals)

# -- tags -----------------------------------------------------------------------------------

_t = tags.c
TAG_COLUMNS = (_t.id, _t.name, _t.colour, _t.description, _t.shortcut)
TAGS = select(*TAG_COLUMNS).order_by(_t.position, _t.id)
TAG = select(*TAG_COLUMNS).where(_t.id == bindparam("id"))
TAG_IDS_AMONG = select(_t.id).where(_t.id.in_(bindparam("ids", expanding=True)))
TAG_IDS_BY_NAME_KEY = select(_t.name_key, _t.id)
NEXT_TAG_POSITION = select(func.coalesce(func.max(_t.position), 0) + 1)
INSERT_TAG = insert(tags)
DELETE_TAG = delete(tags).where(_t.id == bindparam("id"))


def update_tag(tag_id: int, values: dict[str, Any]) -> Update:
    """Change only the given columns of one tag (a concurrent edit of the others stays)."""
    return update(tags).where(_t.id == tag_id).values(**values)


# -- annotations ---------------------------------------------------------------------------

_n = annotations_table.c
_at = annotation_tags.c
ANNOTATION_COLUMNS = (
    _n.id, _n.iri, _n.article_id, _n.target_source, _n.start, _n.end, _n.exact, _n.prefix,
    _n.suffix, _n.note, _n.author, _n.state, _n.created, _n.modified, _n.version,
    _n.previous_exact, _n.candidate_start, _n.candidate_end,
)  # fmt: skip
# By article, then position. Anchored annotations come straight from the
# (article_id, start) index, whose last key is the rowid (id), so the database need not
# sort them; annotations without an article (orphans) follow.
PLACED_ANNOTATIONS = (
    select(*ANNOTATION_COLUMNS)
    .where(_n.article_id.is_not(None))
    .order_by(_n.article_id, _n.start, _n.id)
)
UNPLACED_ANNOTATIONS = (
    select(*ANNOTATION_COLUMNS).where(_n.article_id.is_(None)).order_by(_n.start, _n.id)
)
ARTICLE_ANNOTATIONS = (
    select(*ANNOTATION_COLUMNS)
    .where(_n.article_id == bindparam("article_id"))
    .order_by(_n.start, _n.id)
)
ANNOTATIONS = select(*ANNOTATION_COLUMNS).where(_n.id.in_(bindparam("ids", expanding=True)))
ANNOTATION_IDS_AMONG = select(_n.id).where(_n.id.in_(bindparam("ids", expanding=True)))
ANNOTATION_IDS_BY_IRI = select(_n.iri, _n.id).where(_n.iri.in_(bindparam("iris", expanding=True)))
# What an import compares to tell the same annotation from another one with its id.
ANNOTATION_PLACES_BY_IRI = select(_n.iri, _n.article_id, _n.start, _n.end, _n.exact).where(
    _n.iri.in_(bindparam("iris", expanding=True))
)
INSERT_ANNOTATION = insert(annotations_table)
SET_NOTE = (
    update(annotations_table)
    .where(_n.id == bindparam("annotation_id"))
    .values(note=bindparam("new_note"), modified=bindparam("when"))
)
SET_MODIFIED = (
    update(annotations_table)
    .where(_n.id == bindparam("annotation_id"))
    .values(modified=bindparam("when"))
)
DELETE_ANNOTATIONS = delete(annotations_table).where(_n.id.in_(bindparam("ids", expanding=True)))

# Taggings in key order, so that each annotation's tag ids arrive sorted (by id, the
# tags' own order).
TAGGINGS = select(_at.annotation_id, _at.tag_id).order_by(_at.annotation_id, _at.tag_id)
ARTICLE_TAGGINGS = (
    select(_at.annotation_id, _at.tag_id)
    .join(annotations_table, _n.id == _at.annotation_id)
    .where(_n.article_id == bindparam("article_id"))
    .order_by(_at.annotation_id, _at.tag_id)
)
TAGGINGS_OF = (
    select(_at.annotation_id, _at.tag_id)
    .where(_at.annotation_id.in_(bindparam("ids", expanding=True)))
    .order_by(_at.annotation_id, _at.tag_id)
)
TAG_USAGE = select(func.count()).select_from(annotation_tags).where(_at.tag_id == bindparam("id"))
TAGGED_ANNOTATION_IDS = (
    select(_at.annotation_id).where(_at.tag_id == bindparam("id")).order_by(_at.annotation_id)
)
INSERT_TAGGING = insert(annotation_tags)
DELETE_TAGGINGS = delete(annotation_tags).where(
    (_at.annotation_id == bindparam("annotation_id"))
    & _at.tag_id.in_(bindparam("tag_ids", expanding=True))
)

# -- links ------------------------------------------------------------------------------------

_l = links.c
LINK_COLUMNS = (_l.id, _l.iri, _l.source_id, _l.target_id, _l.type, _l.note, _l.created)
LINKS = select(*LINK_COLUMNS).order_by(_l.id)
LINK = select(*LINK_COLUMNS).where(_l.id == bindparam("id"))
LINKS_OF = (
    select(*LINK_COLUMNS)
    .where(
        _l.source_id.in_(bindparam("ids", expanding=True))
        | _l.target_id.in_(bindparam("ids", expanding=True))
    )
    .order_by(_l.id)
)
LINK_IDS_BY_IRI = select(_l.iri, _l.id).where(_l.iri.in_(bindparam("iris", expanding=True)))
INSERT_LINK = insert(links)
SET_LINK_NOTE = (
    update(links).where(_l.id == bindparam("link_id")).values(note=bindparam("new_note"))
)
DELETE_LINKS = delete(links).where(_l.id.in_(bindparam("ids", expanding=True)))

# -- versions (migration 0004) ----------------------------------------------------------------

_p = annotation_places.c
# The current version's row, all of it: superseding it copies these to article_versions.
ARTICLE_VERSION_ROW = select(
    _a.id, _a.version, _a.text, _a.content_hash, _a.title, _a.date, _a.source, _a.url,
    _a.file_name, _a.site, _a.author, _a.language, _a.fetched_at, _a.imported_at, _a.iri,
).where(_a.id == bindparam("id"))  # fmt: skip
ARTICLE_ID_BY_HASH = select(_a.id).where(_a.content_hash == bindparam("digest"))
OLD_VERSION_BY_HASH = select(_v.number).where(
    (_v.article_id == bindparam("article_id")) & (_v.content_hash == bindparam("digest"))
)
OLD_VERSIONS_BY_HASH = select(_v.content_hash, _v.article_id).where(
    _v.content_hash.in_(bindparam("digests", expanding=True))
)
OLD_VERSION = select(
    _v.number, _v.text, _v.content_hash, _v.title, _v.date, _v.source, _v.url, _v.file_name,
    _v.site, _v.author, _v.language, _v.fetched_at, _v.imported_at,
).where(
    (_v.article_id == bindparam("article_id")) & (_v.number == bindparam("number"))
)  # fmt: skip
OLD_VERSIONS = (
    select(_v.number, _v.title, _v.imported_at, _v.fetched_at)
    .where(_v.article_id == bindparam("article_id"))
    .order_by(_v.number)
)
INSERT_OLD_VERSION = insert(article_versions)
OLD_VERSION_TEXTS = (
    select(_v.number, _v.text, _v.fetched_at, _v.imported_at)
    .where(_v.article_id == bindparam("article_id"))
    .order_by(_v.number)
)
VERSION_DATES = select(_v.article_id, _v.number, _v.fetched_at, _v.imported_at)
DELETE_OLD_VERSION = delete(article_versions).where(
    (_v.article_id == bindparam("article_id")) & (_v.number == bindparam("number"))
)
UPDATE_ARTICLE_VERSION = update(articles).where(_a.id == bindparam("article_id"))
DELETE_ORIGINAL = delete(article_originals).where(
    (_o.article_id == bindparam("article_id")) & (_o.version == bindparam("version"))
)
ANNOTATIONS_ON_VERSION = (
    select(*ANNOTATION_COLUMNS)
    .where((_n.article_id == bindparam("article_id")) & (_n.version == bindparam("version")))
    .order_by(_n.start, _n.id)
)
PLACE_COUNTS = (
    select(_p.version, func.count())
    .join(annotations_table, _n.id == _p.annotation_id)
    .where(_n.article_id == bindparam("article_id"))
    .group_by(_p.version)
)
PLACES_ON_VERSION = (
    select(_p.annotation_id, _p.start, _p.end, _p.exact, _p.prefix, _p.suffix, _p.state,
           _p.previous_exact)
    .join(annotations_table, _n.id == _p.annotation_id)
    .where((_n.article_id == bindparam("article_id")) & (_p.version == bindparam("version")))
    .order_by(_p.start, _p.annotation_id)
)  # fmt: skip
INSERT_PLACE = insert(annotation_places)
DELETE_PLACES = delete(annotation_places).where(
    _p.annotation_id.in_(bindparam("ids", expanding=True)) & (_p.version == bindparam("version"))
)
SET_PLACE = (
    update(annotations_table)
    .where(_n.id == bindparam("annotation_id"))
    .values(
        start=bindparam("new_start"),
        end=bindparam("new_end"),
        exact=bindparam("new_exact"),
        prefix=bindparam("new_prefix"),
        suffix=bindparam("new_suffix"),
        state=bindparam("new_state"),
        version=bindparam("new_version"),
        previous_exact=bindparam("new_previous_exact"),
        candidate_start=bindparam("new_candidate_start"),
        candidate_end=bindparam("new_candidate_end"),
    )
)
