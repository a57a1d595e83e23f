"""``xiaomi-reader import URL...`` against a real HTTP server on 127.0.0.1.

The command runs in this process (``run_cli``); one test starts it for real. Each
refusal is one line naming the address, and the library holds afterwards exactly what
was imported: a refused page leaves nothing behind.
"""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

import pytest

import xiaomi_reader
from tests.helpers import RunCli, cli
from tests.web.pages import (
    JS_PLEA,
    JS_SHELL,
    PNG,
    STORY,
    STORY_TITLE,
    article_html,
    gzip_bomb,
    stored_articles,
    stored_bytes,
)
from tests.web.server import PageServer, endless, page, redirect, stalling

MIB = 1024 * 1024


def refusal(result_stdout: str, url: str) -> str:
    """The reason printed for ``url``; fails unless exactly one line names it as refused."""
    lines = [line for line in result_stdout.splitlines() if line.startswith(f"{url}: ")]
    assert len(lines) == 1, result_stdout
    assert lines[0].startswith(f"{url}: refused: "), lines[0]
    return lines[0].removeprefix(f"{url}: refused: ")


def assert_refused_alone(
    run_cli: RunCli, db_path: Path, url: str, *fragments: str, options: tuple[str, ...] = ()
) -> str:
    """Import ``url`` alone: exit 1, one line naming it and why, the library unchanged."""
    before = stored_articles(db_path)
    result = run_cli("--db", str(db_path), "import", *options, url)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout.count("\n") == 1 and result.stderr == "", (result.stdout, result.stderr)
    reason = refusal(result.stdout, url)
    for fragment in fragments:
        assert fragment in reason, (fragment, reason)
    assert "Traceback" not in result.stdout + result.stderr
    assert stored_articles(db_path) == before
    return reason


def test_a_page_is_imported_from_its_final_address(run_cli: RunCli, db_path: Path, web: PageServer):
    web.routes["/old"] = redirect("/older", 301)
    web.routes["/older"] = redirect(web.url("/story"), 302)
    web.routes["/story"] = page(STORY)
    before = stored_articles(db_path)

    result = run_cli("--db", str(db_path), "import", web.url("/old"))

    assert result.returncode == 0, (result.stdout, result.stderr)
    assert result.stdout == f"{web.url('/old')}: imported as {STORY_TITLE!r}\n"
    assert web.paths_requested() == ["/old", "/older", "/story"]
    user_agent = web.requests[0].headers["User-Agent"]
    assert user_agent.startswith(f"xiaomi-reader/{xiaomi_reader.__version__} ")
    added = [a for a in stored_articles(db_path) if a not in before]
    assert len(added) == 1
    assert added[0].url == web.url("/story")  # where the page was found
    assert added[0].file_name is None and added[0].title == STORY_TITLE
    assert "Xiaomi asked a court in Washington" in added[0].text
    assert "Home" not in added[0].text  # read as a saved .html file is: no navigation

    again = run_cli("--db", str(db_path), "import", web.url("/story"))
    assert again.returncode == 0
    assert again.stdout == f"{web.url('/story')}: already present as {STORY_TITLE!r}\n"
    assert len(stored_articles(db_path)) == len(before) + 1


def test_ten_redirects_are_followed_and_an_eleventh_is_refused(
    run_cli: RunCli, db_path: Path, web: PageServer
):
    for hop in range(11):
        web.routes[f"/r{hop}"] = redirect(f"/r{hop + 1}", 307)
    web.routes["/r11"] = page(STORY)

    assert_refused_alone(run_cli, db_path, web.url("/r0"), "more than 10 redirects")
    assert "/r11" not in web.paths_requested()

    result = run_cli("--db", str(db_path), "import", web.url("/r1"))
    assert result.returncode == 0, result.stdout
    assert [a.url for a in stored_articles(db_path) if a.url] == [web.url("/r11")]


def test_a_redirect_loop_is_refused_as_a_loop(run_cli: RunCli, db_path: Path, web: PageServer):
    web.routes["/a"] = redirect("/b")
    web.routes["/b"] = redirect("/a")

    reason = assert_refused_alone(run_cli, db_path, web.url("/a"), "redirects in a loop")
    assert "save it and import the file" in reason
    assert len(web.requests) == 11  # the first request and ten redirects, no more


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (404, "the server answered 404 Not Found; check the address."),
        (500, "the server answered 500 Internal Server Error; try again later."),
        (403, "the server answered 403 Forbidden; the page may need a login"),
    ],
)
def test_an_error_status_is_refused_with_the_status(
    run_cli: RunCli, db_path: Path, web: PageServer, status: int, said: str
):
    web.routes["/page"] = page(STORY, status=status)  # a body that reads well is not the page
    assert_refused_alone(run_cli, db_path, web.url("/page"), said)


def test_a_server_that_stalls_is_given_up_after_the_time_out(
    run_cli: RunCli, db_path: Path, web: PageServer
):
    web.routes["/slow"] = stalling(web)
    assert_refused_alone(
        run_cli,
        db_path,
        web.url("/slow"),
        "the server sent nothing for 0.3 s (time-out); try again later.",
        options=("--timeout", "0.3"),
    )


def test_the_time_out_must_be_a_number_of_seconds(run_cli: RunCli, db_path: Path):
    result = run_cli("--db", str(db_path), "import", "--timeout", "-1", "http://example.org/")
    assert result.returncode == 2
    assert "'-1' is not a number of seconds above 0" in result.stderr


@pytest.mark.parametrize("announce", [True, False], ids=["content-length", "streamed"])
def test_a_50_mb_page_is_refused_at_20_mib_without_being_read_whole(
    run_cli: RunCli, db_path: Path, web: PageServer, announce: bool
):
    total = 50 * 1000 * 1000
    web.routes["/huge"] = endless(web, "/huge", total, announce=announce)

    assert_refused_alone(run_cli, db_path, web.url("/huge"), "larger than 20 MiB")

    web.wait_until_finished("/huge")  # the server stopped writing: the client hung up
    sent = web.sent["/huge"]
    # What was sent beyond what the client read sat in the sockets' buffers (a few MB).
    assert sent < 40 * MIB, sent
    if announce:
        assert sent < 20 * MIB, sent  # refused from the header, before reading the body


def test_a_gzip_bomb_is_cut_at_20_mib_of_decoded_bytes(
    run_cli: RunCli, db_path: Path, web: PageServer
):
    bomb = gzip_bomb()
    web.routes["/bomb"] = page(bomb, headers={"Content-Encoding": "gzip"})
    assert_refused_alone(run_cli, db_path, web.url("/bomb"), "larger than 20 MiB")


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw deflate"])
def test_a_compressed_page_is_read(run_cli: RunCli, db_path: Path, web: PageServer, encoding: str):
    data = STORY.encode("utf-8")
    if encoding == "gzip":
        body = gzip.compress(data)
    elif encoding == "deflate":
        body = zlib.compress(data)
    else:  # what some servers send under "deflate"
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = packer.compress(data) + packer.flush()
    web.routes["/z"] = page(body, headers={"Content-Encoding": encoding.split()[-1]})

    result = run_cli("--db", str(db_path), "import", web.url("/z"))

    assert result.returncode == 0, result.stdout
    assert web.requests[0].headers["Accept-Encoding"] == "gzip, deflate"
    assert any(a.url == web.url("/z") for a in stored_articles(db_path))


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        (PNG, "text/html", "not an HTML page: it is served as text/html but is a PNG image."),
        (os.urandom(4096), "text/html; charset=utf-8", "but holds binary data"),
        (PNG, "image/png", "this is not a web page but image/png"),
        (b"%PDF-1.7\n...", "text/html", "is a PDF document"),
    ],
    ids=["png-as-html", "binary-as-html", "png", "pdf-as-html"],
)
def test_what_is_not_html_is_refused(
    run_cli: RunCli, db_path: Path, web: PageServer, body: bytes, content_type: str, said: str
):
    web.routes["/picture"] = page(body, content_type=content_type)
    assert_refused_alone(run_cli, db_path, web.url("/picture"), said)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        # Declared UTF-8 in the header, written in Windows-1252 as its meta tag says.
        (
            article_html(
                "Café talk", "A naïve café owner’s story.", head='<meta charset="windows-1252">'
            ).encode("cp1252"),
            "text/html; charset=utf-8",
        ),
        # Declared Latin-1 in the header and the page, written in UTF-8.
        (
            article_html(
                "Café talk", "A naïve café owner’s story.", head='<meta charset="iso-8859-1">'
            ).encode("utf-8"),
            "text/html; charset=iso-8859-1",
        ),
        # Only the header says it: Windows-1252.
        (
            article_html("Café talk", "A naïve café owner’s story.").encode("cp1252"),
            "text/html; charset=windows-1252",
        ),
    ],
    ids=["header-wrong", "both-wrong", "header-right"],
)
def test_a_page_is_read_in_the_encoding_it_is_really_in(
    run_cli: RunCli, db_path: Path, web: PageServer, body: bytes, content_type: str
):
    web.routes["/cafe"] = page(body, content_type=content_type)

    result = run_cli("--db", str(db_path), "import", web.url("/cafe"))

    assert result.returncode == 0, result.stdout
    assert result.stdout == f"{web.url('/cafe')}: imported as 'Café talk'\n"
    (added,) = [a for a in stored_articles(db_path) if a.url == web.url("/cafe")]
    assert "A naïve café owner’s story." in added.text


@pytest.mark.parametrize("shell", [JS_SHELL, JS_PLEA], ids=["empty-shell", "plea"])
def test_a_javascript_shell_is_refused_as_such(
    run_cli: RunCli, db_path: Path, web: PageServer, shell: str
):
    web.routes["/app"] = page(shell)
    reason = assert_refused_alone(run_cli, db_path, web.url("/app"))
    assert reason == (
        "the page has no article text without JavaScript, which xiaomi-reader never runs; "
        "open it in a browser, save it as a web page (.html) and import the saved file."
    )


def test_a_page_without_text_or_scripts_is_refused_as_empty(
    run_cli: RunCli, db_path: Path, web: PageServer
):
    web.routes["/blank"] = page("<html><head><title>x</title></head><body> </body></html>")
    assert_refused_alone(run_cli, db_path, web.url("/blank"), "the page has no readable text")


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("file:///etc/hostname", "file: addresses are not fetched; import the file by its path"),
        ("ftp://127.0.0.1/story.html", "only http and https pages are fetched, not ftp:"),
        ("javascript:alert(1)", "only http and https pages are fetched, not javascript:"),
        ("https://", "this is not a complete web address"),
    ],
)
def test_other_schemes_are_refused_before_anything_is_sent(
    run_cli: RunCli, db_path: Path, web: PageServer, address: str, said: str
):
    assert_refused_alone(run_cli, db_path, address, said)
    assert web.requests == []


def test_a_redirect_to_a_file_address_is_refused(run_cli: RunCli, db_path: Path, web: PageServer):
    web.routes["/away"] = redirect("file:///etc/passwd")
    assert_refused_alone(
        run_cli, db_path, web.url("/away"), "redirected to a file: address, which is not fetched"
    )


def test_credentials_in_an_address_are_never_sent_shown_or_kept(
    run_cli: RunCli, db_path: Path, web: PageServer, isolated_user_dirs: Path
):
    web.routes["/story"] = page(STORY)
    secret = f"http://alice:s3cret-pw@127.0.0.1:{web.port}/story"
    shown = web.url("/story")

    result = run_cli("--db", str(db_path), "import", "--debug", secret)

    assert result.returncode == 1
    assert result.stdout.startswith(f"{shown}: refused: the address holds a user name or pass")
    assert "remove them from the address" in result.stdout
    assert web.requests == []  # nothing was sent anywhere
    # A password a server puts in a redirect is dropped: followed without it, kept without it.
    web.routes["/go"] = redirect(f"http://bob:hunter2-pw@127.0.0.1:{web.port}/story")
    result = run_cli("--db", str(db_path), "import", "--debug", web.url("/go"))
    assert result.returncode == 0, result.stdout
    assert [seen.target for seen in web.requests] == ["/go", "/story"]
    assert "Authorization" not in web.requests[1].headers
    assert [a.url for a in stored_articles(db_path) if a.url] == [shown]

    logs = b"".join(p.read_bytes() for p in isolated_user_dirs.rglob("*.log*"))
    for password in (b"s3cret-pw", b"hunter2-pw"):
        assert password not in stored_bytes(db_path) + logs
        assert password.decode() not in result.stdout + result.stderr


def test_urls_and_files_mix_and_one_failure_stops_nothing(
    run_cli: RunCli, db_path: Path, web: PageServer, tmp_path: Path
):
    notes = tmp_path / "notes.md"
    notes.write_text("---\ntitle: My notes\n---\nWhat the ministry said.\n", "utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    web.routes["/one"] = page(article_html("First story", "The first story's words."))
    web.routes["/two"] = page(article_html("Second story", "The second story's words."))
    before = stored_articles(db_path)

    result = run_cli(
        "--db", str(db_path), "import",
        web.url("/one"), str(notes), web.url("/gone"), str(empty), web.url("/two"),
    )  # fmt: skip

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{web.url('/one')}: imported as 'First story'",
        f"{notes}: imported as 'My notes'",
        f"{web.url('/gone')}: refused: the server answered 404 Not Found; check the address.",
        f'{empty}: refused: "empty.txt" is empty.',
        f"{web.url('/two')}: imported as 'Second story'",
    ]
    added = {a.title for a in stored_articles(db_path) if a not in before}
    assert added == {"First story", "My notes", "Second story"}


def test_the_system_proxy_settings_are_used(run_cli: RunCli, db_path: Path, web: PageServer):
    web.routes["/story"] = page(STORY)  # the test server plays the proxy
    proxy = f"http://127.0.0.1:{web.port}"

    result = run_cli(
        "--db", str(db_path), "import", "http://news.example.invalid/story",
        env={"HTTP_PROXY": proxy, "http_proxy": proxy, "NO_PROXY": "", "no_proxy": ""},
    )  # fmt: skip

    assert result.returncode == 0, result.stdout
    assert [seen.target for seen in web.requests] == ["http://news.example.invalid/story"]


@pytest.mark.slow
def test_the_installed_command_imports_a_url_and_a_file(
    db_path: Path, web: PageServer, tmp_path: Path
):
    web.routes["/story"] = page(STORY)
    notes = tmp_path / "notes.txt"
    notes.write_text("What the ministry said on Monday.\n", "utf-8")

    result = cli("--db", str(db_path), "import", web.url("/story"), str(notes), web.url("/no"))

    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{web.url('/story')}: imported as {STORY_TITLE!r}",
        f"{notes}: imported as 'What the ministry said on Monday.'",
        f"{web.url('/no')}: refused: the server answered 404 Not Found; check the address.",
    ]
    assert result.stderr == ""
