"""How much of a page's article body the reader imports, and how much else: shingle F1.

    python benchmarks/extraction_f1.py [--dataset PATH | --newspaper4k PATH | --readability PATH]
                                       [--pages]

Scored the way public extraction benchmarks score: the text is cut into lower-case word
tokens, the tokens into overlapping 4-token shingles; per page, precision is the share of
the imported shingles that are in the reference body and recall the share of the reference
shingles imported (counted as multisets); the figure is the F1 of their means over pages.
In scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer,
Burmese) a run of letters is a whole clause, so there each character is a token: 4-character
shingles, as character n-gram scores for these languages do. Korean puts spaces between
words and is tokenised by words like the rest.

``--dataset PATH`` reads a set laid out like the public article-extraction benchmark (181
news and blog pages): ``PATH/ground-truth.json`` mapping ids to ``{"articleBody": …}`` and
``PATH/html/<id>.html.gz``. Without it, the local set is scored: the three bundled articles
(real news text) and 100 generated articles (``web_pages.py``), each inside a news site's
chrome. Either way the reader's import (``parse_article_bytes``) and trafilatura alone are
scored side by side: trafilatura as the reader asks it (``favor_precision``, its default
settings where that finds no article) and with its default settings.

``--newspaper4k PATH`` reads the unpacked source distribution of newspaper4k 0.9.6 (``pip
download newspaper4k==0.9.6 --no-binary :all: --no-deps``): the real news pages in
``tests/data/html/`` that have the article text its authors checked in ``tests/data/txt/``.
The pages are imported as a saved ``.html`` file is.

``--readability PATH`` reads a folder of ``<name>/source.html`` and ``<name>/expected.html``:
the test pages of Mozilla's Readability (``test/test-pages/`` in its repository, one of the
sets of the Bevendorff et al. 2023 extraction benchmark), copied there by hand. The reference
body is the text of ``expected.html``, Readability's checked output, each block on its own
line. ``--pages`` prints each page's scores. Nothing is downloaded here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import web_pages

from xiaomi_reader.core.articles import ArticleRefused, parse_article_bytes

ROOT = Path(__file__).resolve().parent.parent
# A character of a script without spaces between words, else a run of other word characters.
_UNSPACED = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff\u31f0-\u31ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
    "\uff66-\uff9f"  # half-width Katakana
)
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+")
SHINGLE = 4
# Elements a browser lays out as blocks: their text is kept apart from the text around them.
_BLOCKS = (
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr",
    "ul",
)  # fmt: skip


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def precision_recall(got: str, reference: str) -> tuple[float, float]:
    found, wanted = shingles(got), shingles(reference)
    common = sum((found & wanted).values())
    precision = common / sum(found.values()) if found else (1.0 if not wanted else 0.0)
    recall = common / sum(wanted.values()) if wanted else 1.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def local_pages() -> Iterator[tuple[str, bytes, str]]:
    rng = random.Random(20240322)
    for path in sorted((ROOT / "articles").glob("*.md")):
        body = path.read_text("utf-8").split("---", 2)[-1].strip()
        page = web_pages.make_page(rng, 0, body_text=body)
        yield path.stem, page.markup.encode("utf-8"), page.body
    for n in range(100):
        page = web_pages.make_page(rng, rng.randint(2000, 12000))
        yield f"generated-{n:03d}", page.markup.encode("utf-8"), page.body


def dataset_pages(folder: Path) -> Iterator[tuple[str, bytes, str]]:
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    for page_id, item in sorted(truth.items()):
        data = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        yield page_id, data, item["articleBody"]


def newspaper4k_pages(folder: Path) -> Iterator[tuple[str, bytes, str]]:
    data = folder / "tests" / "data"
    for reference in sorted((data / "txt").glob("*.txt")):
        page = data / "html" / f"{reference.stem}.html"
        if page.exists():
            yield reference.stem, page.read_bytes(), reference.read_text("utf-8")


def block_text(markup: str) -> str:
    """The text of an HTML fragment as lxml reads it, each block element on its own line."""
    root = lxml.html.fromstring(markup)
    for element in root.iter(_BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def readability_pages(folder: Path) -> Iterator[tuple[str, bytes, str]]:
    for reference in sorted(folder.glob("*/expected.html")):
        page = reference.with_name("source.html")
        if page.exists():
            yield page.parent.name, page.read_bytes(), block_text(reference.read_text("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sets = parser.add_mutually_exclusive_group()
    sets.add_argument("--dataset", type=Path, help="a folder laid out like the public set")
    sets.add_argument("--newspaper4k", type=Path, help="the unpacked newspaper4k sdist")
    sets.add_argument("--readability", type=Path, help="a folder of Readability's test pages")
    parser.add_argument("--pages", action="store_true", help="print each page's scores")
    args = parser.parse_args()
    from trafilatura import extract

    if args.dataset:
        pages = list(dataset_pages(args.dataset))
    elif args.newspaper4k:
        pages = list(newspaper4k_pages(args.newspaper4k))
    elif args.readability:
        pages = list(readability_pages(args.readability))
    else:
        pages = list(local_pages())
    if not pages:
        print(
            "no pages with reference texts there: give the folder the newspaper4k sdist "
            "unpacks to (it holds tests/data/html and tests/data/txt), or with --readability "
            "a folder of NAME/source.html and NAME/expected.html",
            file=sys.stderr,
        )
        return 1
    scores: dict[str, list[tuple[float, float]]] = {
        "xiaomi-reader": [],
        "trafilatura": [],
        "trafilatura defaults": [],
    }
    refused: list[str] = []
    for page_id, data, reference in pages:
        try:
            ours = parse_article_bytes(data, f"{page_id}.html").text
        except ArticleRefused as exc:
            ours = ""
            refused.append(f"{page_id}: {exc.reason}")
        scores["xiaomi-reader"].append(precision_recall(ours, reference))
        # trafilatura alone as the reader asks it: precision first, the default when that
        # finds nothing; and its default settings.
        default = extract(data, include_comments=False) or ""
        precise = extract(data, include_comments=False, favor_precision=True) or default
        scores["trafilatura"].append(precision_recall(precise, reference))
        scores["trafilatura defaults"].append(precision_recall(default, reference))
        if args.pages:
            cells = "  ".join(
                f"{name} F1 {f1(*values[-1]):.3f} (P {values[-1][0]:.3f} R {values[-1][1]:.3f})"
                for name, values in scores.items()
            )
            print(f"{page_id:22} {cells}")
    print(f"{len(pages)} pages, {SHINGLE}-token shingles")
    for name, values in scores.items():
        precision = sum(p for p, _r in values) / len(values)
        recall = sum(r for _p, r in values) / len(values)
        print(
            f"{name:20} F1 {f1(precision, recall):.3f}  precision {precision:.3f}  "
            f"recall {recall:.3f}"
        )
    behind = [
        page_id
        for (page_id, _data, _ref), ours, alone in zip(
            pages, scores["xiaomi-reader"], scores["trafilatura"], strict=True
        )
        if f1(*ours) < f1(*alone) - 0.0005
    ]
    print(f"pages where the reader scores below trafilatura alone: {len(behind)}", *behind)
    for line in refused:
        print("refused:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
