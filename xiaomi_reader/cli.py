"""The ``xiaomi-reader`` command: the window by default, library work as sub-commands.

Errors are one line on stderr and exit status 1 (2 for usage errors);
``--debug`` adds the traceback. Every line printed has its control and
bidirectional characters escaped (:mod:`xiaomi_reader.core.display`), so a file
name can neither break a line in two nor fake one.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

import xiaomi_reader
from xiaomi_reader.core.display import escape_controls

if TYPE_CHECKING:
    from xiaomi_reader.store.library import Library

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_SIGPIPE = 141  # what a shell reports for a program stopped by a closed pipe


class CommandError(Exception):
    """A failure the user can act on; its message is printed as is."""


def _common_options(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    # Sub-commands repeat these with SUPPRESS so "import --db X" and "--db X import" both work.
    default = None if top_level else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="library file (or SQLAlchemy URL) to use instead of the default "
        "(also: XIAOMI_READER_DB)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=False if top_level else argparse.SUPPRESS,
        help="show tracebacks for errors",
    )


class _VersionAction(argparse.Action):
    """--version, looking the version up only when asked (it costs ~25 ms to find)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS,
            help="show the version and exit",
        )  # fmt: skip

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"{parser.prog} {xiaomi_reader.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xiaomi-reader",
        description="Read news articles side by side and annotate claims, contradictions "
        "and the links between them. Without a command, the window opens; "
        "'xiaomi-reader FILE...' opens it on those article files.",
    )
    parser.add_argument("--version", action=_VersionAction)
    _common_options(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, load the library, close again and exit 0 (for installers)",
    )
    gui = commands.add_parser(
        "gui", help="open the window (the default), showing any article FILEs given"
    )
    _common_options(gui, top_level=False)
    gui.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="article files (.txt, .md, .html, .pdf, .docx) to add to the library and show",
    )
    gui.set_defaults(handler=_cmd_gui)

    imp = commands.add_parser(
        "import",
        help="add article files (.txt, .md, .html, .pdf, .docx) or web pages (http/https URLs) "
        "to the library",
    )
    _common_options(imp, top_level=False)
    imp.add_argument("files", nargs="+", metavar="FILE_OR_URL")
    imp.add_argument(
        "--timeout",
        type=_seconds,
        default=30.0,
        metavar="SECONDS",
        help="give up on a web page when its server does not connect or send for this long "
        "(default: 30)",
    )
    imp.add_argument(
        "--version-of",
        metavar="ARTICLE",
        help="make the one FILE_OR_URL the next version of this article (id, IRI, URL or "
        "file name), whatever its URL",
    )
    imp.set_defaults(handler=_cmd_import)

    ver = commands.add_parser("versions", help="list an article's versions, dates and counts")
    _common_options(ver, top_level=False)
    ver.add_argument("article", metavar="ARTICLE", help="an id, IRI, URL or file name")
    ver.add_argument("--json", action="store_true", help="print a JSON array")
    ver.set_defaults(handler=_cmd_versions)

    arts = commands.add_parser("articles", help="list the articles in the library")
    _common_options(arts, top_level=False)
    arts.add_argument("--json", action="store_true", help="print a JSON array")
    arts.set_defaults(handler=_cmd_articles)

    show = commands.add_parser(
        "show", help="print one article's metadata and text (ARTICLE: id, IRI, URL or file name)"
    )
    _common_options(show, top_level=False)
    show.add_argument("article", metavar="ARTICLE")
    show.add_argument("--json", action="store_true", help="print a JSON object, text included")
    show.set_defaults(handler=_cmd_show)

    orig = commands.add_parser(
        "original",
        help="write the bytes an article was read or fetched from (its file or web page)",
    )
    _common_options(orig, top_level=False)
    orig.add_argument("article", metavar="ARTICLE", help="an id, IRI, URL or file name")
    orig.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (standard output if not given)"
    )
    orig.set_defaults(handler=_cmd_original)

    exp = commands.add_parser(
        "export", help="write a report (md, html, pdf) or the annotations (csv, json)"
    )
    _common_options(exp, top_level=False)
    exp.add_argument(
        "--format",
        required=True,
        choices=("md", "html", "pdf", "csv", "json"),
        help="md, html and pdf are reports; csv has one row per annotation; "
        "json is a W3C Web Annotation collection",
    )
    exp.add_argument("--output", required=True, metavar="PATH", help="the file to write")
    exp.add_argument(
        "--article",
        action="append",
        default=[],
        metavar="ID_OR_IRI",
        help="only this article (id, IRI or URL); repeat for more (default: all)",
    )
    exp.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="NAME",
        help="only annotations with this tag; repeat for more (default: all)",
    )
    exp.add_argument(
        "--page-size", choices=("a4", "letter"), default="a4", help="PDF paper size (default: a4)"
    )
    exp.set_defaults(handler=_cmd_export)

    imp_ann = commands.add_parser(
        "import-annotations",
        help="add annotations to the library (W3C Web Annotations, Hypothesis JSON)",
    )
    _common_options(imp_ann, top_level=False)
    imp_ann.add_argument("file", metavar="FILE")
    imp_ann.set_defaults(handler=_cmd_import_annotations)
    return parser


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds above 0")
    return seconds


def _gui_for_bare_files(argv: Sequence[str]) -> list[str]:
    """``xiaomi-reader FILE...`` (as a file manager starts it) means ``gui FILE...``."""
    commands = {"gui", "import", "articles", "show", "original", "export", "import-annotations"}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--db":  # the one option that takes a separate value
            i += 2
        elif arg.startswith("-"):
            i += 1
        elif arg not in commands and _looks_like_a_file(arg):
            return [*argv[:i], "gui", *argv[i:]]
        else:
            break
    return list(argv)


def _looks_like_a_file(arg: str) -> bool:
    # A mistyped command ("exprot") should still get the usage message, not a window.
    return os.path.exists(arg) or os.sep in arg or "." in os.path.basename(arg)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_gui_for_bare_files(sys.argv[1:] if argv is None else argv))
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", _cmd_gui)
    from xiaomi_reader.logs import setup_logging

    setup_logging(debug=args.debug)
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("xiaomi-reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output stopped early (`show 1 | head`): nothing went wrong here.
        # Point stdout at nothing, so that flushing it on the way out raises no second error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_SIGPIPE
    except Exception as exc:  # the boundary: every error becomes one clear line
        # The traceback goes to the log file (and with --debug to stderr too).
        logging.getLogger("xiaomi_reader.cli").exception("%s failed", args.command or "gui")
        print(f"xiaomi-reader: error: {escape_controls(_describe(exc))}", file=sys.stderr)
        return EXIT_ERROR


def _describe(exc: BaseException) -> str:
    from xiaomi_reader.cli_lookup import NoSuchArticle
    from xiaomi_reader.cli_original import OriginalRefused
    from xiaomi_reader.core.w3c_reading import AnnotationImportError
    from xiaomi_reader.export.files import ExportError
    from xiaomi_reader.store.errors import LibraryError

    known = (
        CommandError, LibraryError, ExportError, AnnotationImportError, OriginalRefused,
        NoSuchArticle,
    )  # fmt: skip
    if isinstance(exc, known):
        return str(exc)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    if "sqlalchemy" in sys.modules:  # not loaded: the error cannot be one of its own
        from sqlalchemy.exc import StatementError

        if isinstance(exc, StatementError) and exc.orig is not None:
            # The driver's own words, without SQLAlchemy's statement and web link.
            return f"The library could not be used: {exc.orig} (run with --debug for details)"
    return f"{type(exc).__name__}: {exc} (run with --debug for details)"


def say(line: str, file: TextIO | None = None) -> None:
    """Print one line of output: names and texts from files cannot add lines of their own."""
    print(escape_controls(line), file=file)


def _open_library(args: argparse.Namespace, *, writes: bool = False) -> Library:
    """The library; a command that ``writes`` fails at once if it is read-only."""
    from xiaomi_reader.paths import library_location
    from xiaomi_reader.store.library import Library

    library = Library.open(library_location(args.db))
    read_only = library.read_only_info
    if read_only is not None:
        if writes:
            library.close()
            raise read_only.refusal()
        say(f"xiaomi-reader: note: {read_only.notice()}", file=sys.stderr)
    for note in (library.recovery_note, library.backup_problem):
        if note:
            say(f"xiaomi-reader: warning: {note}", file=sys.stderr)
    return library


def _cmd_gui(args: argparse.Namespace) -> int:
    from xiaomi_reader.gui.app import run

    return run(
        args.db, files=getattr(args, "files", []), smoke_test=getattr(args, "smoke_test", False)
    )


def _cmd_import(args: argparse.Namespace) -> int:
    from xiaomi_reader.cli_import import import_files_and_addresses
    from xiaomi_reader.store.import_outcomes import outcome_line
    from xiaomi_reader.store.library import ImportStatus

    if args.version_of is not None and len(args.files) != 1:
        raise CommandError("--version-of takes one FILE_OR_URL: the article's new text.")
    refused = 0
    with _open_library(args, writes=True) as library:
        outcomes = import_files_and_addresses(
            library, args.files, timeout=args.timeout, version_of=args.version_of
        )
        for outcome in outcomes:
            refused += outcome.status is ImportStatus.REFUSED
            say(outcome_line(outcome))
    return EXIT_ERROR if refused else EXIT_OK


def _cmd_versions(args: argparse.Namespace) -> int:
    from xiaomi_reader.cli_versions import version_lines

    with _open_library(args) as library:
        lines = version_lines(library, args.article, as_json=args.json)
    print("\n".join(lines))  # titles already made safe to print
    return EXIT_OK


def _cmd_articles(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        articles = library.articles()
    if args.json:
        from xiaomi_reader.cli_show import listed_fields

        rows = [listed_fields(a, a.annotation_count) for a in articles]
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for a in articles:
        date = a.date or "—"
        noun = "annotation" if a.annotation_count == 1 else "annotations"
        say(f"{a.id:>4}  {date:<10}  {a.title}  ({a.annotation_count} {noun})")
    if not articles:
        print("The library has no articles yet; add some with: xiaomi-reader import FILE...")
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    from xiaomi_reader.cli_lookup import find_article
    from xiaomi_reader.cli_show import show_lines

    with _open_library(args) as library:
        article = find_article(library, args.article)
        lines = show_lines(library, article, as_json=args.json)
    for line in lines:
        if args.json:
            print(line)  # JSON escapes every control character itself
        else:
            say(line)  # a line of the text cannot make lines of its own
    return EXIT_OK


def _cmd_original(args: argparse.Namespace) -> int:
    from xiaomi_reader.cli_original import write_original

    with _open_library(args) as library:
        written = write_original(library, args.article.strip(), args.output)
    if written is not None:
        say(f"Wrote the original to {written}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from xiaomi_reader.export import export_library

    with _open_library(args) as library:
        path = export_library(
            library,
            args.format,
            args.output,
            article_keys=args.article,
            tag_names=args.tag,
            page_size=args.page_size,
        )
    say(f"Exported to {path}")
    return EXIT_OK


def _cmd_import_annotations(args: argparse.Namespace) -> int:
    from xiaomi_reader.store.interchange import import_annotations

    with _open_library(args, writes=True) as library:
        summary = import_annotations(library, args.file)
    say(f"{args.file}: {summary.headline()}")
    for line in summary.lines():
        say(f"  {line}")
    return EXIT_OK
