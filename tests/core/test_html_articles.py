"""HTML articles: the article body and the page's metadata; nothing fetched or run."""

from __future__ import annotations

import codecs
import socket

from tests.core import refusal, write
from xiaomi_reader.core.articles import parse_article_file

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Page title | Daily</title>
  <meta property="og:title" content="  Flood   warning issued ">
  <meta property="og:site_name" content="The Daily Example">
  <meta property="article:published_time" content="2024-03-05T10:00:00Z">
  <link rel="canonical" href="https://example.com/flood">
  <meta property="og:url" content="https://example.com/og-flood">
  <style>p { color: red; }</style>
  <script>document.write("<p>INJECTED</p>");</script>
</head>
<body>
  <nav><a href="/">Home</a> NAVTEXT</nav>
  <article>
    <h1>Flood warning</h1>
    <p>Rivers   rose
       overnight &amp; roads closed &mdash; &ldquo;stay home&rdquo;, said&nbsp;officials.</p>
    <img src="http://example.com/photo.jpg" alt="ALTTEXT">
    <iframe src="http://example.com/embed">IFRAMETEXT</iframe>
    <p>Second <b>paragraph</b><br>after a break.</p>
    <pre>
  level:   4.2 m
    rising
</pre>
    <ul><li>Item one</li><li>Item two</li></ul>
  </article>
  <aside>ASIDETEXT</aside>
  <form><button>BUTTONTEXT</button></form>
  <noscript>NOSCRIPTTEXT</noscript>
  <svg><title>SVGTITLE</title><text>SVGTEXT</text></svg>
  <footer>FOOTERTEXT</footer>
</body>
</html>
"""


def test_html_extracts_readable_paragraphs(tmp_path):
    article = parse_article_file(write(tmp_path, "flood.html", PAGE))
    # Spaces inside a paragraph are collapsed (a no-break space too); code keeps its layout;
    # list items keep their bullet.
    assert article.text == (
        "Flood warning\n\n"
        "Rivers rose overnight & roads closed — “stay home”, said officials.\n\n"
        "Second paragraph\n\n"
        "after a break.\n\n"
        "  level:   4.2 m\n    rising\n\n"
        "- Item one\n\n"
        "- Item two"
    )
    for hidden in ("INJECTED", "color", "NAVTEXT", "ALTTEXT", "IFRAMETEXT", "ASIDETEXT"):
        assert hidden not in article.text
    for hidden in ("BUTTONTEXT", "NOSCRIPTTEXT", "SVG", "FOOTERTEXT", "Page title", "http"):
        assert hidden not in article.text


def test_html_metadata(tmp_path):
    article = parse_article_file(write(tmp_path, "flood.html", PAGE))
    assert article.title == "Flood warning issued"
    assert article.date == "2024-03-05"
    assert article.source == "The Daily Example"
    assert article.url == "https://example.com/flood"  # the canonical link before og:url
    assert article.file_name == "flood.html"
    assert article.language == "en"


def test_html_is_parsed_without_network(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("an article file must never cause network access")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    article = parse_article_file(write(tmp_path, "flood.htm", PAGE))
    assert article.text.startswith("Flood warning")


def test_html_title_falls_back_to_title_then_h1_then_text(tmp_path):
    with_title = "<title> Plain\n title </title><p>Body</p>"
    assert parse_article_file(write(tmp_path, "a.html", with_title)).title == "Plain title"
    with_h1 = "<body><h1>The <em>Heading</em></h1><p>Body</p></body>"
    assert parse_article_file(write(tmp_path, "b.html", with_h1)).title == "The Heading"
    bare = "<body><p>Just a first paragraph.</p><p>More.</p></body>"
    assert parse_article_file(write(tmp_path, "c.html", bare)).title == "Just a first paragraph."


def test_html_date_and_url_fallbacks(tmp_path):
    page = (
        '<head><meta name="date" content="2023-12-01"><meta property="og:url" '
        'content="https://example.com/og"></head><body><p>Text</p></body>'
    )
    article = parse_article_file(write(tmp_path, "a.html", page))
    assert (article.date, article.url) == ("2023-12-01", "https://example.com/og")
    page = '<body><time datetime="not a date">x</time><time datetime="2022-07-14T09:00">y</time>'
    article = parse_article_file(write(tmp_path, "b.html", page))
    assert article.date == "2022-07-14"
    assert article.url is None and article.source is None


def test_html_invalid_meta_date_is_ignored(tmp_path):
    page = '<meta property="article:published_time" content="yesterday"><p>Text</p>'
    assert parse_article_file(write(tmp_path, "a.html", page)).date is None


def test_html_meta_charset_is_respected(tmp_path):
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 \u201cx\u201d</p>'
    article = parse_article_file(write(tmp_path, "a.html", page.encode("cp1252")))
    assert article.text == "Café “x”"


def test_html_http_equiv_charset_is_respected(tmp_path):
    page = (
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        "<p>Se\xf1or N\xfa\xf1ez</p>"
    )
    article = parse_article_file(write(tmp_path, "a.html", page.encode("latin-1")))
    assert article.text == "Señor Núñez"


def test_html_bom_wins_over_meta_charset(tmp_path):
    page = '<meta charset="iso-8859-1"><p>Grüße 日本</p>'
    data = codecs.BOM_UTF16_LE + page.encode("utf-16-le")
    assert parse_article_file(write(tmp_path, "a.html", data)).text == "Grüße 日本"


def test_html_without_readable_text_is_refused(tmp_path):
    page = "<html><head><title>T</title></head><body><nav>Menu</nav><footer>(c)</footer></body>"
    reason = refusal(write(tmp_path, "empty.html", page))
    assert reason == '"empty.html" has no readable text.'


def test_a_javascript_shell_is_refused_with_what_to_do(tmp_path):
    page = (
        '<html><head><title>App</title><script src="/static/app.js"></script></head>'
        '<body><nav>Menu</nav><div id="root"></div>'
        "<noscript>You need to enable JavaScript to run this app.</noscript></body></html>"
    )
    reason = refusal(write(tmp_path, "shell.html", page))
    assert reason.startswith('"shell.html": the page has no article text without JavaScript')
    assert "save the page from a browser" in reason and "\n" not in reason


def test_the_article_body_leaves_out_navigation_related_stories_and_comments(tmp_path):
    paragraphs = "".join(
        f"<p>Parágrafo {n} da reportagem, com detalhes sobre a votação e o que muda "
        "para os municípios no próximo ano fiscal.</p>"
        for n in range(1, 7)
    )
    page = f"""<html lang="pt-BR"><head><title>Site</title>
      <meta name="author" content="Ana Souza"><meta property="og:site_name" content="Diário">
      </head><body>
      <header><a href="/">Diário</a> <a href="/politica">Política</a> SUBSCRIBE NOW</header>
      <main><article><h1>Câmara aprova orçamento</h1>
      {paragraphs}
      </article>
      <section class="related"><h2>Leia também</h2><ul>
      {"".join(f'<li><a href="/n{n}">RELATED headline number {n}</a></li>' for n in range(8))}
      </ul></section>
      <div id="comments" class="comments"><h3>Comentários</h3>
      <div class="comment"><p>COMMENT: first!</p></div></div></main>
      <footer>FOOTER © Diário. All rights reserved. Privacy policy.</footer></body></html>"""
    article = parse_article_file(write(tmp_path, "camara.html", page))
    assert article.text.startswith("Câmara aprova orçamento\n\nParágrafo 1 da reportagem")
    assert article.text.count("Parágrafo") == 6
    for boilerplate in ("SUBSCRIBE", "RELATED", "COMMENT", "FOOTER", "Leia também"):
        assert boilerplate not in article.text
    assert (article.author, article.source, article.language) == ("Ana Souza", "Diário", "pt-BR")


def test_format_characters_survive_extraction(tmp_path):
    """Joiners, direction marks and soft hyphens are part of the words they sit in."""
    sample = "Family 👨\u200d👩\u200d👧, می\u200cخواهم, \u200fשלום\u200e, co\u00adoperation"
    article = parse_article_file(write(tmp_path, "marks.html", f"<p>{sample}</p>"))
    assert article.text == sample


def test_a_stray_format_character_between_paragraphs_makes_no_line(tmp_path):
    """A zero-width no-break space left between blocks (as in a real CNN Arabic page) has
    nothing to show: it would be an empty-looking line of the article."""
    first = "The court set the listing aside after hearing both sides in March."
    second = "The company called the ruling a vindication of its independence."
    page = f"<article><p>{first}</p>\n \ufeff<div> </div><p>{second}</p>\u200b</article>"
    article = parse_article_file(write(tmp_path, "stray.html", page))
    assert article.text == f"{first}\n\n{second}"


def test_a_comment_thread_not_marked_as_comments_is_left_out(tmp_path):
    # Laid out as a Spanish news site lays out its readers' comments: classes a generic
    # extractor does not take for comments, and no <aside> or comment section around them.
    body = "".join(
        f"<p>Paragraph {n}: the ministry of defence spent {n * 7} million on the contract, "
        "a figure the ministry of state later disputed in its statement to parliament.</p>"
        for n in range(6)
    )
    thread = "".join(
        f'<div class="sf_comment"><p class="sf_comment_info"><span>Reader {n}</span><br>'
        f'<span class="date">{n} hours ago</span></p></div><div class="sf_comment_text"><p>'
        f"The minister should resign now, this is scandal number {n} and nobody in that "
        'office cares about the taxpayers any more.</p></div><div class="sf_comment_rating">'
        "<strong>Rating:</strong><span>3</span></div>"
        for n in range(8)
    )
    page = (
        '<html><body><div class="main"><div class="noticia"><h1>Contract under scrutiny'
        f'</h1><div class="texto">{body}</div><div class="box post_formulario"><h2>Comment'
        "</h2><ul><li>Comments are the opinion of their writers.</li><li>No insults.</li>"
        f'</ul></div><div id="sf_comment_list" class="box clearfix"><div class="borde_bottom">'
        f"{thread}</div></div></div></div></body></html>"
    )
    text = parse_article_file(write(tmp_path, "contract.html", page)).text
    paragraphs = [line[:11] for line in text.split("\n\n") if line.startswith("Paragraph")]
    assert paragraphs == [f"Paragraph {n}" for n in range(6)]
    assert "resign" not in text and "Rating" not in text and "hours ago" not in text


PROSE = "".join(
    f"<p>Paragraph {n} is long enough to read as the prose of an article about a counter.</p>"
    for n in range(5)
)


def test_code_within_a_sentence_stays_in_its_sentence(tmp_path):
    page = (
        f"<html><body><article><h1>Counters</h1>{PROSE}<p>The counter goes up to "
        "<code>2^28</code>, our limit, and then wraps around to zero again.</p>"
        f"{PROSE}</article></body></html>"
    )
    text = parse_article_file(write(tmp_path, "counter.html", page)).text
    assert "The counter goes up to 2^28, our limit, and then wraps around to zero again." in (
        text.split("\n\n")
    )


def test_a_table_laid_out_with_paragraphs_reads_as_paragraphs(tmp_path):
    # Some sites lay a whole page out in a table; a table of data keeps its rows.
    page = (
        f"<html><body><article><h1>Weekly</h1>{PROSE}<table><tr><td><p>The first story "
        "ends with a trademark.</p><p>The second story starts in the same cell.</p></td>"
        "<td><p>A note beside them.</p></td></tr></table><table><tr><td>Name</td><td>Age"
        f"</td></tr><tr><td>Ann</td><td>33</td></tr></table>{PROSE}</article></body></html>"
    )
    blocks = parse_article_file(write(tmp_path, "weekly.html", page)).text.split("\n\n")
    start = blocks.index("The first story ends with a trademark.")
    assert blocks[start : start + 5] == [
        "The first story ends with a trademark.",
        "The second story starts in the same cell.",
        "A note beside them.",
        "Name | Age",
        "Ann | 33",
    ]
