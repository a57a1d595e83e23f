"""How much of a page's article body the reader imports, and how much else: shingle F1.

    python benchmarks/extraction_f1.py [--dataset PATH]

Scored the way public extraction benchmarks score: the text is cut into lower-case word
tokens, the tokens into overlapping 4-token shingles; per page, precision is the share of
the imported shingles that are in the reference body and recall the share of the reference
shingles imported (counted as multisets); the figure is the F1 of their means over pages.

``--dataset PATH`` reads a set laid out like the public article-extraction benchmark (181
news and blog pages): ``PATH/ground-truth.json`` mapping ids to ``{"articleBody": …}`` and
``PATH/html/<id>.html.gz``. Without it, the local set is scored: the three bundled articles
(real news text) and 100 generated articles (``web_pages.py``), each inside a news site's
chrome. Either way the reader's import (``parse_article_bytes``) and trafilatura alone are
scored side by side.
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

import web_pages

from xiaomi_reader.core.articles import ArticleRefused, parse_article_bytes

ROOT = Path(__file__).resolve().parent.parent
_TOKEN = re.compile(r"\w+")
SHINGLE = 4


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, help="a folder laid out like the public set")
    args = parser.parse_args()
    from trafilatura import extract

    pages = list(dataset_pages(args.dataset) if args.dataset else local_pages())
    scores: dict[str, list[tuple[float, float]]] = {"xiaomi-reader": [], "trafilatura": []}
    refused: list[str] = []
    for page_id, data, reference in pages:
        try:
            ours = parse_article_bytes(data, f"{page_id}.html").text
        except ArticleRefused as exc:
            ours = ""
            refused.append(f"{page_id}: {exc.reason}")
        scores["xiaomi-reader"].append(precision_recall(ours, reference))
        alone = extract(data, include_comments=False) or ""
        scores["trafilatura"].append(precision_recall(alone, reference))
    print(f"{len(pages)} pages, {SHINGLE}-token shingles")
    for name, values in scores.items():
        precision = sum(p for p, _r in values) / len(values)
        recall = sum(r for _p, r in values) / len(values)
        print(
            f"{name:14} F1 {f1(precision, recall):.3f}  precision {precision:.3f}  "
            f"recall {recall:.3f}"
        )
    for line in refused:
        print("refused:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
