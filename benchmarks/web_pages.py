"""Saved news pages for the benchmarks: an article inside a site's chrome, and its body.

Each page wraps an article body in what real news pages carry around it: a header with a
menu, share buttons, a "related stories" list, a comment thread, a newsletter form, a footer,
scripts and styles, and the metadata of the page's head. The layout varies from page to page
(which containers, which class names, where the metadata sits) so that no single rule fits
all of them. ``body`` is the reference text of the article, one paragraph a line.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from pathlib import Path

import synth
from import_timing import time_imports
from measure import Clock, Metric, progress

SITES = ("The Daily Ledger", "Harbour Times", "Wire Report", "Le Quotidien", "Metro Post")
SECTIONS = ("World", "Business", "Technology", "Politics", "Science", "Opinion", "Sport")
CONTAINERS = (
    ('<article class="story">', "</article>"),
    ('<div class="article-body" itemprop="articleBody">', "</div>"),
    ('<main id="content"><div class="post-content entry">', "</div></main>"),
    ('<section class="content"><div id="story-text">', "</div></section>"),
)


@dataclass(frozen=True)
class Page:
    markup: str
    body: str  # the article body a reader should get, one paragraph a line
    title: str


def make_page(rng: random.Random, size: int, body_text: str | None = None) -> Page:
    """A page around ``body_text`` (paragraphs separated by blank lines), or a made-up one."""
    text = body_text if body_text is not None else synth.make_text(rng, size)
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    title, paragraphs = paragraphs[0], paragraphs[1:]
    site = rng.choice(SITES)
    author = f"{rng.choice(('Ana', 'Wei', 'Omar', 'Julia', 'Sam'))} {rng.choice(('Li', 'Ruiz'))}"
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    menu = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in SECTIONS)
    related = "".join(
        f'<li><a href="/story/{n}">{html.escape(synth.make_text(rng, 60).splitlines()[0])}</a></li>'
        for n in range(rng.randint(4, 9))
    )
    comments = "".join(
        f'<div class="comment"><span class="user">reader{n}</span>'
        f"<p>{html.escape(synth.make_text(rng, 80).splitlines()[0])}</p></div>"
        for n in range(rng.randint(0, 6))
    )
    opening, closing = rng.choice(CONTAINERS)
    body_html = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    markup = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {site}</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="{site}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{day}T08:00:00Z">
<link rel="canonical" href="https://news.example/{rng.randrange(10**6)}">
<link rel="stylesheet" href="/static/site.css"><style>.ad{{display:none}}</style>
<script>window.dataLayer=[];function track(){{}}</script>
</head><body>
<header class="site-header"><a class="logo" href="/">{site}</a><nav><ul>{menu}</ul></nav>
<form class="search"><input name="q"><button>Search</button></form></header>
<div class="breadcrumbs"><a href="/">Home</a> › <a href="/world">World</a></div>
{opening}<h1>{html.escape(title)}</h1>
<div class="byline">By {author} · {day}</div>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
{body_html}{closing}
<aside class="newsletter"><h3>Get our morning briefing</h3><form><input type="email">
<button>Sign up</button></form></aside>
<section class="related"><h2>More stories</h2><ul>{related}</ul></section>
<div id="comments" class="comments"><h3>Comments</h3>{comments}</div>
<footer><p>© 2024 {site}. All rights reserved.</p><a href="/privacy">Privacy</a>
<a href="/terms">Terms</a></footer>
<script src="/static/app.js"></script></body></html>
"""
    return Page(markup=markup, body="\n".join([title, *paragraphs]), title=title)


def write_pages(folder: Path, count: int, seed: int = synth.SEED + 2) -> list[Path]:
    """``count`` distinct saved pages of 2–12 KB of article text each."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"page-{n:03d}.html"
        path.write_text(make_page(rng, rng.randint(2000, 12000)).markup, encoding="utf-8")
        paths.append(path)
    return paths


def import_pages(root: Path, reps: int, clock: Clock) -> list[Metric]:
    """``import_100_pages``: the reader's import of 100 saved pages, against trafilatura
    alone reading the same files (the article and its metadata, nothing stored)."""
    from trafilatura import bare_extraction

    paths = write_pages(root / "pages", 100)
    progress(f"import_100_pages: {reps} repetitions…")

    def baseline() -> None:
        for path in paths:
            bare_extraction(path.read_bytes(), with_metadata=True, include_comments=False)

    return time_imports("import_100_pages", root, paths, reps, clock, baseline, 3.0)
