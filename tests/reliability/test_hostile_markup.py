"""Reading articles from hostile markup and bytes: text without code, or a clear refusal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaomi_reader.core.articles import ArticleRefused, parse_article_bytes

SCRIPT_WORD = "zqxscriptcode"
STYLE_WORD = "zqxstylerule"

PIECES = [
    "<p>", "</p>", "<br>", "<h1>", "</h1>", "<pre>", "</pre>", "<title>", "</title>", "<head>",
    "<body>", "<div>", "</div>", "<table><tr><td>", "</td></tr></table>", "<template>",
    "</template>", "<svg>", "</svg>", "<noscript>", "</noscript>", "<textarea>", "<!--", "-->",
    "]]>", "&amp;", "&#0;", "&#xD800;", "&#x110000;", "&nbsp;", "\r\n", "\r",
    "\x00", "\ufeff", '<meta charset="utf-16">', '<meta charset="x-unknown">',
    '<meta property="og:title" content="T">', '<link rel="canonical" href="javascript:x">',
    '<time datetime="2021-13-45">', "<img src=http://127.0.0.1:9/x.png onerror=alert(1)>",
    '<a href="javascript:alert(1)" onclick="alert(2)">',
]  # fmt: skip
# No "<![CDATA[": outside SVG and MathML it is a comment that ends at the next ">", so in
# "<![CDATA[<script>x</script>" browsers show "x" as text (see the CDATA test below).
# Free text without "<": a stray "<?" or "<!" would make a browser show what follows as text.
words = st.text(st.characters(exclude_characters="<"), max_size=12)
markup = st.lists(st.sampled_from(PIECES) | words, max_size=30).map("".join)
# Script and style bodies that must never become article text, wherever they sit.
hidden = st.sampled_from(
    [
        f"<script>{SCRIPT_WORD}()</script>",
        f"<script type=module>{SCRIPT_WORD}</script >",
        f"<SCRIPT>{SCRIPT_WORD}</SCRIPT>",
        f"<style>{STYLE_WORD}{{}}</style>",
        f"<script><!-- {SCRIPT_WORD} --></script>",
        f"<script>'</p>' + {SCRIPT_WORD}</script>",
    ]
)
document = st.lists(markup | hidden, min_size=1, max_size=6).map("".join)


@settings(max_examples=100, deadline=None, database=None)
@given(
    text=document,
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
    name=st.sampled_from(["a.html", "a.htm", "a.md", "a.txt"]),
)
def test_hostile_markup_gives_text_without_code_or_a_clear_refusal(
    text: str, encoding: str, name: str
):
    data = text.encode(encoding, "replace" if encoding == "cp1252" else "surrogatepass")
    try:
        article = parse_article_bytes(data, name)
    except ArticleRefused as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert "\r" not in article.text and article.text.strip()
    assert isinstance(article.title, str)
    if name.endswith((".html", ".htm")):
        assert SCRIPT_WORD not in article.text and STYLE_WORD not in article.text
        assert "<img" not in article.text.lower() or "&lt;img" in text.lower()


@settings(max_examples=100, deadline=None, database=None)
@given(data=st.binary(max_size=300), name=st.sampled_from(["a.html", "a.md", "a.txt"]))
def test_any_bytes_give_an_article_or_a_clear_refusal(data: bytes, name: str):
    try:
        article = parse_article_bytes(data, name)
    except ArticleRefused as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert "\r" not in article.text and article.text.strip()


@pytest.mark.parametrize(
    "tail",
    [
        "<!-- <script>zqxscriptcode()</script>",
        '<img src="http://127.0.0.1:9/x.png" onerror="zqxscriptcode()"',
        "<?php zqxscriptcode()",
        "<!doctype zqxscriptcode",
        "</p zqxscriptcode",
    ],
)
def test_unfinished_markup_at_the_very_end_is_not_text(tail: str):
    """A browser shows nothing of an unfinished tag or comment at the end; nor do we."""
    article = parse_article_bytes(f"<p>Kept.</p><p>Also kept {tail}".encode(), "cut.html")
    assert article.text == "Kept.\n\nAlso kept"


@pytest.mark.parametrize("element", ["title", "textarea", "template"])
def test_elements_a_browser_never_shows_as_text_are_not_article_text(element: str):
    """A <title> in the body holds raw text ("<script>…" as characters), shown nowhere."""
    page = f"<p>Kept.</p><{element}><script>{SCRIPT_WORD}()</script></{element}><p>Also.</p>"
    assert parse_article_bytes(page.encode(), "a.html").text == "Kept.\n\nAlso."
    with pytest.raises(ArticleRefused, match="no readable text"):
        parse_article_bytes(f"<p><title><script>{SCRIPT_WORD}()</script>".encode(), "b.html")


def test_cdata_outside_svg_and_mathml_is_a_bogus_comment_as_in_browsers():
    """HTML has no CDATA sections: "<![CDATA[" opens a comment that ends at the next ">"."""
    article = parse_article_bytes(b"<p>Kept.</p><p>Also kept <![CDATA[ <b>shown</b>", "c.html")
    assert article.text == "Kept.\n\nAlso kept shown"


def test_a_lone_less_than_sign_at_the_end_is_text():
    assert parse_article_bytes(b"<p>5 < 6 and 7 <", "lt.html").text == "5 < 6 and 7 <"
