"""A fetched page keeps the bytes its server sent, where they came from and when.

Against a real HTTP server on 127.0.0.1, with the command run in this process.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.helpers import RunCli
from tests.web.pages import article_html
from tests.web.server import PageServer, page, redirect
from xiaomi_reader.store.library import Library

TITLE = "Xiaomi quitte la liste noire"
# Served as Windows-1252: the reader is given UTF-8, the library keeps what was sent.
SERVED = article_html(
    TITLE,
    "Un juge à Washington a suspendu l'inscription de Xiaomi sur la liste du Pentagone.",
    "Le département de la Défense, et non celui d'État, avait dressé cette liste en janvier.",
    head=(
        "<meta name='author' content='Chloé Martin'>"
        "<meta property='og:site_name' content='Le Quotidien'>"
        "<meta http-equiv='content-language' content='fr-FR'>"
    ),
).encode("cp1252")


def test_a_fetched_page_keeps_the_served_bytes_its_address_and_when(
    run_cli: RunCli, db_path: Path, web: PageServer, tmp_path: Path
):
    web.routes["/short"] = redirect("/monde/xiaomi.php?id=7", 301)
    web.routes["/monde/xiaomi.php"] = page(SERVED, content_type="text/html; charset=windows-1252")
    started = datetime.now(UTC)

    result = run_cli("--db", str(db_path), "import", web.url("/short"))

    assert result.returncode == 0, result.stdout
    final = web.url("/monde/xiaomi.php?id=7")
    with Library.open(db_path) as library:
        article = library.find_article(final)
        assert article is not None and article.title == TITLE
        info, data = library.original(article.id)
    assert data == SERVED  # byte for byte, not the UTF-8 the reader was given
    assert (info.media_type, info.url, info.file_name) == ("text/html", final, None)
    assert info.fetched_at is not None and started <= info.fetched_at <= datetime.now(UTC)
    assert article.fetched_at == info.fetched_at
    assert (article.author, article.site, article.language) == (
        "Chloé Martin",
        "Le Quotidien",
        "fr-FR",
    )

    listed = json.loads(run_cli("--db", str(db_path), "articles", "--json").stdout)
    entry = next(row for row in listed if row["url"] == final)
    assert entry["author"] == "Chloé Martin" and entry["site"] == "Le Quotidien"
    assert entry["language"] == "fr-FR"
    assert datetime.fromisoformat(entry["fetched_at"]) == info.fetched_at
    assert entry["fetched_at"].endswith("+00:00")
    assert all(row["fetched_at"] is None for row in listed if row["url"] != final)
    shown = json.loads(run_cli("--db", str(db_path), "show", final, "--json").stdout)
    assert {name: shown[name] for name in entry} == entry

    saved = tmp_path / "saved.html"
    written = run_cli("--db", str(db_path), "original", final, "-o", str(saved))
    assert written.returncode == 0, written.stderr
    assert written.stdout == f"Wrote the original to {saved}\n"
    assert saved.read_bytes() == SERVED
