"""The article in a web page, found by trafilatura: its body as text and its metadata.

trafilatura (https://trafilatura.readthedocs.io) is the best-measured maintained extractor of
article bodies (token F1 about 0.95 on public news benchmarks, against 0.78 for the reader's
former hand-written extractor). It is given a tree that lxml built from the text already
decoded here, never a URL, so nothing a page names is fetched; nothing in it is run (lxml
only parses). Its date search is kept to the page's metadata and markup: a date guessed from
the running text would be a date nobody stated.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import lxml.etree
import lxml.html

from xiaomi_reader.core.article_metadata import collapse, iso_date, web_url

__all__ = ["Extracted", "PageTree", "extract", "page_tree"]

# Characters XML, and so lxml, cannot hold: C0 controls but tab, newline and carriage return,
# lone surrogates, and the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text a reader could read without scripts: not code, and not the page's navigation, forms
# or footer, which alone never make an article (trafilatura's fallbacks would take them).
_NOT_READ = (
    "script", "style", "noscript", "template", "nav", "aside", "footer", "form", "button",
    "select", "textarea", "svg", "iframe", "object",
)  # fmt: skip
_READABLE_TEXT = lxml.etree.XPath(
    "//body//text()[not(" + " or ".join(f"ancestor::{tag}" for tag in _NOT_READ) + ")]"
)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# trafilatura drops format characters (zero-width joiners, direction marks, soft hyphens),
# which would break emoji sequences and change the spelling of Persian or Hindi words: each
# is carried through it as a printable marker and put back afterwards.
_MARK_OPEN, _MARK_CLOSE = "\u2983", "\u2984"  # ⦃ ⦄
_MARKER = re.compile(f"{_MARK_OPEN}([0-9A-F]{{4,6}}){_MARK_CLOSE}")
# Void elements libxml2 may read as containers, swallowing the rest of the page: browsers
# never give them content, so what lxml put inside is the page's, and is put back.
_VOID_CONTAINERS = ("embed", "source", "track", "wbr", "param", "keygen")
# Elements of the body a browser never shows as text: a <title> there is raw text that
# stays hidden, a template is never rendered, a text area is a form's field.
_NEVER_SHOWN = "//body//title | //body//template | //body//textarea"
_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "code", "div"})
_RUNNING_TEXT = frozenset({"p", "head", "item", "cell"})  # elements holding a line of text
_DATE_SEARCH = {"original_date": True, "extensive_search": False}


@dataclass(frozen=True)
class PageTree:
    """A page parsed by lxml, with what the reader takes from it besides the extractor."""

    tree: lxml.html.HtmlElement
    has_readable_text: bool
    has_scripts: bool
    canonical_url: str | None
    language: str | None
    marked: bool  # format characters were replaced by markers before parsing


@dataclass(frozen=True)
class Extracted:
    """The article trafilatura found: text with one block a line, and its metadata."""

    text: str
    title: str | None
    author: str | None
    date: str | None
    site: str | None
    url: str | None
    language: str | None


def page_tree(markup: str) -> PageTree:
    """Parse decoded HTML without fetching or running anything; comments are dropped."""
    marked = _MARK_OPEN not in markup and _MARK_CLOSE not in markup
    if marked:
        markup = "".join(_mark(char) for char in markup) if _has_format(markup) else markup
    markup = _NOT_XML.sub("", markup)
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, collect_ids=False, no_network=True
    )
    try:
        tree = lxml.html.document_fromstring(markup, parser=parser)
    except ValueError:  # a string that declares an encoding (<?xml encoding=…?>) or is empty
        utf8_parser = lxml.html.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
        )
        try:
            tree = lxml.html.document_fromstring(markup.encode("utf-8"), parser=utf8_parser)
        except (ValueError, lxml.etree.ParserError):
            tree = lxml.html.document_fromstring("<html></html>")
    except lxml.etree.ParserError:  # nothing at all to parse
        tree = lxml.html.document_fromstring("<html></html>")
    for void in list(tree.iter(*_VOID_CONTAINERS)):
        if len(void) or void.text:
            void.drop_tag()
    for hidden in tree.xpath(_NEVER_SHOWN):
        hidden.drop_tree()  # keeps the text after it
    readable = any(not str(piece).isspace() for piece in _READABLE_TEXT(tree))
    return PageTree(
        tree=tree,
        has_readable_text=readable,
        has_scripts=bool(tree.xpath("//script")),
        canonical_url=_restore(_canonical(tree), marked),
        language=_language(tree),
        marked=marked,
    )


def extract(page: PageTree) -> Extracted | None:
    """The article in ``page`` (whose tree it consumes), or None when it finds no text."""
    # Precision first: it leaves out more of a site's furniture (unmarked comment threads,
    # newsletter and cookie boxes, login prompts) at a small cost in body text, F1 0.966
    # against 0.937 on the real news pages measured (README, "How well the article body is
    # found"). A page it finds no article in, often a short one, is read the usual way.
    document = _trafilatura(page.tree, short=False, precise=True)
    if document is None:
        document = _trafilatura(page.tree, short=False, precise=False)
    if document is not None and _is_text_dump(document.body):
        # On a short page trafilatura prefers a dump of all the page's text, one text node a
        # line, to its own article; that article is the better reading when there is one.
        document = _trafilatura(page.tree, short=True, precise=False) or document
    if document is None:
        return None
    blocks = (_restore(block, page.marked) or "" for block in _blocks(document.body))
    # A block of format characters alone (a stray U+FEFF between paragraphs) shows nothing.
    text = "\n\n".join(
        block for block in blocks if any(unicodedata.category(c) != "Cf" for c in block)
    )
    if not text:
        return None
    return Extracted(
        text=text,
        title=collapse(_restore(document.title, page.marked)),
        author=collapse(_restore(document.author, page.marked)),
        date=iso_date(document.date),
        site=collapse(_restore(document.sitename, page.marked)),
        url=page.canonical_url or web_url(_restore(document.url, page.marked)),
        language=page.language,
    )


def _trafilatura(tree: lxml.html.HtmlElement, short: bool, precise: bool) -> Any:
    """trafilatura's document for ``tree`` (which it copies), or None."""
    from trafilatura import bare_extraction  # ~0.3 s to import: only when a page is read

    return bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,  # readers' comments are not the article
        favor_precision=precise,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params=_DATE_SEARCH,
        config=_config(short),
    )


@functools.cache
def _config(short: bool) -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    if short:
        config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _is_text_dump(body: Any) -> bool:
    """Whether trafilatura fell back to all the page's text in one paragraph."""
    if body is None or len(body) != 1:
        return False
    only = body[0]
    return bool(only.tag == "p" and len(only) == 0 and "\n" in (only.text or ""))


def _blocks(body: Any) -> list[str]:
    """The blocks of trafilatura's result: paragraphs, headings, list items, table rows.

    Its XML is rendered here rather than by its text output, which keeps the line breaks of
    the page's source inside a paragraph; code keeps its layout.
    """
    blocks: list[str] = []
    if body is not None:
        _render(body, blocks, "")
    return blocks


def _render(element: Any, blocks: list[str], bullet: str) -> None:
    if element.tag == "code":
        # Like browsers, drop the newline right after <pre>; keep the rest as laid out.
        code = "\n".join(line.rstrip() for line in "".join(element.itertext()).split("\n"))
        if code.strip():
            blocks.append(code.strip("\n"))
        return
    if element.tag == "row":
        if any(_has_blocks(cell) for cell in element):
            # A table laying a page out, not one of data: its cells are the page's text.
            for cell in element:
                _render(cell, blocks, "")
            return
        cells = (" ".join(_lines(cell)) for cell in element)
        _add(blocks, [" | ".join(cell for cell in cells if cell)])
        return
    if not _has_blocks(element):
        _add(blocks, _lines(element), bullet)
        return
    _add(blocks, [_collapse(element.text)], bullet)
    for child in element:
        if _is_block(child, element):
            _render(child, blocks, "- " if child.tag == "item" else "")
        else:
            _add(blocks, _lines(child))
        _add(blocks, [_collapse(child.tail)])


def _has_blocks(element: Any) -> bool:
    return any(_is_block(child, element) for child in element)


def _is_block(child: Any, parent: Any) -> bool:
    """Whether ``child`` of ``parent`` is a block of its own. Code on one line inside a
    paragraph, a heading, a list item or a table cell is a word of its sentence (HTML's
    inline ``<code>``); code with line breaks is a block whose layout is kept."""
    if child.tag == "code" and parent.tag in _RUNNING_TEXT:
        return "\n" in "".join(child.itertext())
    return child.tag in _BLOCK_TAGS


def _lines(element: Any) -> list[str]:
    """The text of an element without blocks inside; each <lb/> (a <br>) ends a line."""
    lines: list[list[str]] = [[]]

    def walk(node: Any) -> None:
        lines[-1].append(node.text or "")
        for child in node:
            if child.tag == "lb":
                lines.append([])
            else:
                walk(child)
            lines[-1].append(child.tail or "")

    walk(element)
    return [_collapse("".join(parts)) for parts in lines]


def _collapse(value: str | None) -> str:
    return " ".join((value or "").split())


def _add(blocks: list[str], lines: list[str], bullet: str = "") -> None:
    for line in lines:
        if line:
            blocks.append(bullet + line)
            bullet = ""


def _has_format(markup: str) -> bool:
    return not markup.isprintable() and any(
        unicodedata.category(char) == "Cf" for char in markup if not char.isprintable()
    )


def _mark(char: str) -> str:
    if char.isprintable() or unicodedata.category(char) != "Cf":
        return char
    return f"{_MARK_OPEN}{ord(char):04X}{_MARK_CLOSE}"


def _restore(value: str | None, marked: bool) -> str | None:
    if value is None or not marked or _MARK_OPEN not in value:
        return value
    return _MARKER.sub(lambda match: chr(int(match.group(1), 16)), value)


def _canonical(tree: lxml.html.HtmlElement) -> str | None:
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel:
            return web_url(link.get("href"))
    return None


def _language(tree: lxml.html.HtmlElement) -> str | None:
    """The page's language tag (BCP 47, such as "en" or "pt-BR") as the page states it."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or "").strip().lower()
        if key in ("content-language", "og:locale"):
            candidates.append(meta.get("content"))
    for candidate in candidates:
        value = (candidate or "").strip().replace("_", "-")
        if _LANGUAGE_TAG.fullmatch(value):
            return value
    return None
