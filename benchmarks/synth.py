"""A deterministic synthetic library for the benchmarks.

Articles are paragraphs of sentences drawn from a fixed word list (with the odd
curly quote, dash, accented word and emoji a real news text has); annotations
overlap freely, carry 2–4 tags and often a note; links join passages within and
across articles. Everything comes from one seeded ``random.Random``, so a run is
repeatable. Bulk rows go in with SQLAlchemy Core ``executemany`` in one of the
library's write transactions; generation time is never measured.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from xiaomi_reader.core.anchoring import build_selector
from xiaomi_reader.core.articles import article_iri, content_hash
from xiaomi_reader.store import schema
from xiaomi_reader.store.library import Library

SEED = 20240322
BASE_TIME = datetime(2024, 3, 22, 9, 0, tzinfo=UTC)

_WORD_LIST = """
    the a of to and in that for on with as by at from is was were has have had will would
    said says according official officials government department defense state commerce
    company companies firm smartphone maker xiaomi huawei beijing washington shares stock
    market investors blacklist list military ban order executive administration court
    judge ruling injunction lawsuit filed claimed denied statement spokesperson report
    reported reuters bloomberg sources people familiar matter week month year january
    february march april may june july august september october november december policy
    trade tariffs export controls security national threat risk chinese american united
    states china federal agency pentagon treasury sanctions investment investments fund
    funds index provider providers delisted removal removed decision appeal evidence
    documents filing revenue profit growth quarter analysts expect expected percent
    billion million users devices phones chips supply chain manufacturing factory
    factories engineers research development technology technologies network networks
    5g artificial intelligence data privacy cloud software hardware founder chief
    executive lei jun board directors shareholders public listed hong kong exchange new
    york nasdaq regulators regulator rules rule compliance however meanwhile although
    because while despite after before during since until again also only still even
    never already soon later earlier first second third last next major minor key
    significant important unclear clear likely unlikely possible impossible strong weak
    high low large small global local international domestic foreign economic political
    legal financial commercial civilian civil-military fusion strategy links ties
    connection connections alleged allegations accused accusing contradicts confirmed
    confirm confirms rejected rejects argued argue argues noted notes added adds
"""
WORDS: tuple[str, ...] = tuple(_WORD_LIST.split())
ACCENTED = ("café", "naïve", "façade", "résumé", "Zürich", "Peña", "São Paulo", "Ångström")
EMOJI = ("📱", "🇺🇸", "🇨🇳", "📉", "⚖️")
SOURCES = ("Reuters", "Bloomberg", "CNBC", "The Verge", "South China Morning Post", "Caixin")
AUTHORS = (None, "Ana", "Ben", "Chen Li", "Dana")
NOTE_BITS = (
    "Check against the court filing.",
    "Department of Defense, not State — see the closing paragraph.",
    "Figure differs from the company's own statement.",
    "Needs a second source.",
    '=HYPERLINK("http://example.com", "click")',
    "Quote is paraphrased; the original says *may*, not <will>.",
    "Date is ambiguous (local time vs UTC).",
    "Same claim as in the Reuters piece, worded differently.",
)
EXTRA_TAGS: tuple[tuple[str, str, str], ...] = (
    ("Source", "#3E63DD", "3"),
    ("Number", "#30A46C", "4"),
    ("Quote", "#8E4EC6", "5"),
    ("Date", "#12A594", "6"),
    ("Person", "#D6409F", "7"),
    ("Follow-up", "#F76B15", "8"),
)
LINK_TYPES = ("contradicts", "supports", "same claim", "corrects")


def _uuid_iri(rng: random.Random) -> str:
    return f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}"


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 26))]
    if rng.random() < 0.15:
        words[rng.randrange(len(words))] = rng.choice(ACCENTED)
    if rng.random() < 0.1:
        at = rng.randrange(1, len(words))
        words[at] = f"“{words[at]}"
        words[-1] = f"{words[-1]}”"
    if rng.random() < 0.08:
        words.insert(rng.randrange(1, len(words)), "—")
    if rng.random() < 0.01:
        words.append(rng.choice(EMOJI))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 7)))


def make_text(rng: random.Random, size: int) -> str:
    """An article body of about ``size`` characters: a title line, then paragraphs."""
    title = _sentence(rng).rstrip(".?!")[:90]
    parts = [title]
    length = len(title)
    while length < size:
        paragraph = _paragraph(rng)
        parts.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class ArticleSpec:
    size: int  # characters of text
    annotations: int


@dataclass
class Generated:
    """What was put in a library, for the benchmarks to aim at."""

    path: Path
    article_ids: list[int]
    texts: dict[int, str]
    tag_ids: list[int]
    annotation_count: int
    link_count: int


def add_extra_tags(library: Library) -> list[int]:
    existing = {tag.name for tag in library.tags()}
    for name, colour, shortcut in EXTRA_TAGS:
        if name not in existing:
            library.add_tag(name, colour, shortcut=shortcut)
    return [tag.id for tag in library.tags()]


def insert_articles(library: Library, rng: random.Random, sizes: Sequence[int]) -> list[int]:
    """Bulk-insert generated articles; returns their ids in order."""
    if not sizes:
        return []
    rows = []
    for n, size in enumerate(sizes):
        text = make_text(rng, size)
        day = BASE_TIME.date() - timedelta(days=rng.randrange(1500))
        rows.append(
            {
                "iri": article_iri(text),
                "content_hash": content_hash(text),
                "title": text.split("\n", 1)[0],
                "date": day.isoformat(),
                "source": rng.choice(SOURCES),
                "url": f"https://news.example.com/{day.year}/article-{n:05d}",
                "file_name": f"article-{n:05d}.txt",
                "imported_at": BASE_TIME + timedelta(seconds=n),
                "text": text,
            }
        )
    with library.transactions.write() as conn:
        first = (conn.execute(select(func.max(schema.articles.c.id))).scalar() or 0) + 1
        for offset, row in enumerate(rows):
            row["id"] = first + offset
        conn.execute(insert(schema.articles), rows)
    return [row["id"] for row in rows]


def _word_start(text: str, at: int) -> int:
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    while at < len(text) and not text[at].isspace():
        at += 1
    return at


def random_range(rng: random.Random, text: str, shortest: int, longest: int) -> tuple[int, int]:
    """A passage of whole words, ``shortest``–``longest`` characters or so."""
    while True:
        start = _word_start(text, rng.randrange(0, len(text) - shortest))
        end = _word_end(text, min(len(text), start + rng.randint(shortest, longest)))
        if end > start and text[start:end].strip():
            return start, end


def insert_annotations(
    library: Library,
    rng: random.Random,
    plan: Sequence[tuple[int, str, int]],
    tag_ids: Sequence[int],
    links: int,
    *,
    longest: int = 400,
) -> int:
    """Bulk-insert annotations (``plan``: article id, text, how many) and ``links`` links."""
    annotation_rows = []
    tag_rows = []
    # The stored IRI is the hash of the stored text.
    iris = {article_id: article_iri(text) for article_id, text, _n in plan}
    with library.transactions.read() as conn:
        first = (conn.execute(select(func.max(schema.annotations_table.c.id))).scalar() or 0) + 1
        first_link = (conn.execute(select(func.max(schema.links.c.id))).scalar() or 0) + 1
    ident = first
    by_article: dict[int, list[int]] = {}
    for article_id, text, count in plan:
        for _ in range(count):
            start, end = random_range(rng, text, 6, longest)
            selector = build_selector(text, start, end)
            when = BASE_TIME + timedelta(seconds=ident)
            note = ""
            if rng.random() < 0.4:
                note = " ".join(rng.sample(NOTE_BITS, rng.randint(1, 3)))
            annotation_rows.append(
                {
                    "id": ident,
                    "iri": _uuid_iri(rng),
                    "article_id": article_id,
                    "target_source": iris[article_id],
                    "start": selector.start,
                    "end": selector.end,
                    "exact": selector.exact,
                    "prefix": selector.prefix,
                    "suffix": selector.suffix,
                    "note": note,
                    "author": rng.choice(AUTHORS),
                    "state": "anchored",
                    "created": when,
                    "modified": when + timedelta(minutes=rng.randrange(0, 90)),
                }
            )
            for tag_id in rng.sample(list(tag_ids), rng.randint(2, min(4, len(tag_ids)))):
                tag_rows.append({"annotation_id": ident, "tag_id": tag_id})
            by_article.setdefault(article_id, []).append(ident)
            ident += 1
    all_ids = [a for ids in by_article.values() for a in ids]
    link_rows = []
    seen: set[tuple[int, int]] = set()
    while len(link_rows) < links:
        source = rng.choice(all_ids)
        if rng.random() < 0.5:  # within the same article
            article_of_source = next(a for a, ids in by_article.items() if source in ids)
            target = rng.choice(by_article[article_of_source])
        else:
            target = rng.choice(all_ids)
        if source == target or (source, target) in seen:
            continue
        seen.add((source, target))
        link_rows.append(
            {
                "id": first_link + len(link_rows),
                "iri": _uuid_iri(rng),
                "source_id": source,
                "target_id": target,
                "type": rng.choice(LINK_TYPES),
                "note": rng.choice(("", "", "See both filings.", "Dates disagree.")),
                "created": BASE_TIME + timedelta(hours=1, seconds=len(link_rows)),
            }
        )
    with library.transactions.write() as conn:
        conn.execute(insert(schema.annotations_table), annotation_rows)
        conn.execute(insert(schema.annotation_tags), tag_rows)
        if link_rows:
            conn.execute(insert(schema.links), link_rows)
    return len(annotation_rows)


def build_library(
    path: Path,
    *,
    bundled_annotations: int,
    specs: Sequence[ArticleSpec] = (),
    links: int = 0,
    seed: int = SEED,
    longest: int = 400,
) -> Generated:
    """A library at ``path``: the bundled articles (seeded as on first run) plus ``specs``.

    ``bundled_annotations`` are spread over the three bundled articles.
    """
    rng = random.Random(seed)
    library = Library.open(path)
    try:
        tag_ids = add_extra_tags(library)
        bundled = [summary.id for summary in library.articles()]
        generated = insert_articles(library, rng, [spec.size for spec in specs])
        texts = {a: library.article(a).text for a in [*bundled, *generated]}
        plan: list[tuple[int, str, int]] = []
        share, extra = divmod(bundled_annotations, len(bundled))
        for n, article_id in enumerate(bundled):
            plan.append((article_id, texts[article_id], share + (1 if n < extra else 0)))
        for article_id, spec in zip(generated, specs, strict=True):
            plan.append((article_id, texts[article_id], spec.annotations))
        count = insert_annotations(library, rng, plan, tag_ids, links, longest=longest)
    finally:
        library.close()
    return Generated(
        path=path,
        article_ids=[*bundled, *generated],
        texts=texts,
        tag_ids=tag_ids,
        annotation_count=count,
        link_count=links,
    )


def write_article_files(folder: Path, count: int, seed: int = SEED + 1) -> list[Path]:
    """``count`` distinct ``.txt`` articles of 1–10 KB (a title line, then paragraphs)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"article-{n:04d}.txt"
        path.write_text(make_text(rng, rng.randint(1000, 10000)), encoding="utf-8")
        paths.append(path)
    return paths
