"""What many tests share: where the repository is, the command as a real process, and
plain records to show without a library. No Qt here (Qt helpers: tests/gui/helpers.py)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from xiaomi_reader.core import records

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"

RunCli = Callable[..., subprocess.CompletedProcess[str]]  # the run_cli fixture

# -- the command line as a real process -------------------------------------------------------


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment (user folders in tmp_path), with the repository importable."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_ROOT), *filter(None, [environment.get("PYTHONPATH")])]
    )
    environment.update(extra or {})
    return environment


def cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``xiaomi-reader ARGS`` as a real subprocess (the ``run_cli`` fixture runs it in-process)."""
    return subprocess.run(
        [sys.executable, "-m", "xiaomi_reader", *args],
        capture_output=True,
        text=True,
        env=child_env(env),
        timeout=timeout,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """Exit 1, exactly one line on stderr starting with the program name, no traceback."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("xiaomi-reader: error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    return result.stderr


# -- records to show without a library --------------------------------------------------------

NOW = datetime(2021, 1, 15, 12, 0, 0, tzinfo=UTC)
CLAIM, CONTRADICTION, SOURCE = 1, 2, 3
TAGS = {
    CLAIM: records.Tag(CLAIM, "Claim", "#E8A317", "A statement presented as fact.", "1"),
    CONTRADICTION: records.Tag(CONTRADICTION, "Contradiction", "#D03030", "", "2"),
    SOURCE: records.Tag(SOURCE, "Source", "#3070D0"),
}
TITLES = {10: "Xiaomi blacklisted", 20: "A company on the list"}
PLAIN = (
    "Xiaomi was added to a list by the US Department of Defense in January.\n\n"
    "Later the US Department of State was named instead, which is a mix-up.\n"
)


def article(text: str = PLAIN, article_id: int = 1, **meta: str | None) -> records.Article:
    return records.Article(
        id=article_id,
        iri=f"urn:uuid:article-{article_id}",
        title=meta.get("title") or "Xiaomi and the US blacklist",
        date=meta.get("date", "2021-01-15"),
        source=meta.get("source", "Example News"),
        url=None,
        file_name=None,
        imported_at=NOW,
        text=text,
    )


def annotation(
    ident: int,
    start: int | None,
    end: int | None,
    tags: tuple[int, ...] = (CLAIM,),
    note: str = "",
    state: records.AnnotationState = records.AnnotationState.ANCHORED,
    article_id: int = 1,
) -> records.Annotation:
    """A highlight from ``start`` to ``end`` (code points) of :func:`article`'s text."""
    return records.Annotation(
        id=ident,
        iri=f"urn:uuid:annotation-{ident}",
        article_id=article_id,
        target_source=f"urn:uuid:article-{article_id}",
        start=start,
        end=end,
        exact="",
        prefix="",
        suffix="",
        note=note,
        author=None,
        state=state,
        created=NOW,
        modified=NOW,
        tag_ids=tags,
    )


def listed_annotation(
    annotation_id: int,
    article_id: int | None,
    start: int | None,
    exact: str = "the passage",
    *,
    note: str = "",
    tag_ids: tuple[int, ...] = (),
    orphaned: bool = False,
) -> records.Annotation:
    """An annotation as the Annotations table lists it: a quote at ``start`` in an article."""
    state = records.AnnotationState.ORPHANED if orphaned else records.AnnotationState.ANCHORED
    end = None if start is None else start + len(exact)
    made = annotation(annotation_id, start, end, tag_ids, note, state)
    return dataclasses.replace(
        made,
        iri=f"urn:uuid:{annotation_id}",
        article_id=article_id,
        target_source="urn:sha256:0123456789abcdef0123",
        exact=exact,
    )


def summary(
    article_id: int, title: str, date: str | None, count: int = 0
) -> records.ArticleSummary:
    return records.ArticleSummary(
        id=article_id,
        iri=f"urn:sha256:{article_id:064x}",
        title=title,
        date=date,
        source="Reuters",
        url=None,
        file_name=None,
        imported_at=NOW,
        annotation_count=count,
    )


def long_text(paragraphs: int = 120) -> str:
    """Paragraphs with an emoji each: Qt's positions drift from code points along the way."""
    return "".join(
        f"Paragraph {n}: the US Department of Defense 🙂 listed Xiaomi in January.\n\n"
        for n in range(paragraphs)
    )


# The start of a child script (``python -c``) that counts, in ``opened``, the open()s of
# each file named in argv[2:] (argv[1] is the library), through an audit hook.
COUNTING_OPENS = """
import os, sys
files = [os.path.realpath(name) for name in sys.argv[2:]]
opened = dict.fromkeys(files, 0)

def watch(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        name = os.path.realpath(os.fsdecode(args[0]))
        if name in opened:
            opened[name] += 1

sys.addaudithook(watch)
"""


# -- versions of one article: the same story, edited (for the versions tests) ----------------

VERSION_URL = "https://news.example.org/xiaomi-list"
REPEATED = "Xiaomi denied any ties to the military."
VERSION_1 = (
    "The US Department of Defense added Xiaomi to its list in January. The company said it "
    "was not owned or controlled by the military, a spokesman said.\n\n"
    f"The board met on Monday. {REPEATED} Shares rose in Hong Kong.\n\n"
    "A court later set the listing aside. The question is whether the US Department of "
    "State has taken the right step.\n\n"
    "Prices rose sharply in March according to the ministry of finance.\n"
)
VERSION_2 = (
    "A court later set the listing aside. The question is whether the US Department of "
    "State has taken the right step.\n\n"
    "The US Department of Defense added Xiaomi to its list in January. The company said it "
    "was not owned or controlled by the armed forces, a spokesman said.\n\n"
    f"Shares fell sharply. {REPEATED} Later, again: {REPEATED} Analysts disagree.\n"
)
# Passage -> what becomes of it from VERSION_1 to VERSION_2.
VERSION_FATES = {
    "US Department of State": "moved",
    "not owned or controlled by the military": "changed",
    REPEATED: "needs_review",
    "Prices rose sharply in March": "orphaned",
}


def version_file(folder: Path, name: str, body: str, url: str = VERSION_URL) -> Path:
    """A Markdown article with a title and the given URL in its front matter."""
    path = folder / name
    path.write_text(f"---\ntitle: Xiaomi and the list\nurl: {url}\n---\n{body}", encoding="utf-8")
    return path
