"""The ``referat`` command.

    referat parse FILE|- [--format json|summary] [--strict] [--no-plugins] [--exclude NAME]
                         [--indent N]
    referat plugins
    referat schema
    referat corpus PATH… --db FILE [-j N] [--jsonl DIR] [--parquet DIR]
    referat --version

Exit codes: 0 ok (also when the reader of the output went away: ``referat … | head -1``);
1 errors found in strict mode, or the input could not be read; 2 usage; 3 the output could
not be written (a full disk, a closed standard output). Diagnostics go to stderr, one a line,
as ``FILE:LINE:COL: severity code: message``.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from referat._version import __version__
from referat.collector import collector_paused
from referat.corpus import cli as corpus_cli
from referat.errors import PluginError, ReferatError, ReferatSyntaxError, SourceError
from referat.models import AgendaItem, Diagnostic, Referat, Severity

if TYPE_CHECKING:
    from referat.registry import Registry

# What only some commands need is imported inside them (``referat parse`` starts in a fraction
# of the time: tests/benchmarks/startup.py): the parser and the JSON writer in ``parse``, the
# entry-point reader in ``plugins``, the schema in ``schema``, the corpus in ``corpus``.

EXIT_OK = 0
EXIT_ERRORS = 1  # strict mode found an error, or the input could not be read
EXIT_USAGE = 2
EXIT_OUTPUT = 3  # the output could not be written

#: The largest ``--indent`` (wider only wastes memory: 10^8 spaces a line was tried).
MAX_INDENT = 16


def _indent(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        msg = f"not a whole number: {value!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if not 0 <= number <= MAX_INDENT:
        msg = f"must be between 0 and {MAX_INDENT}, not {number}"
        raise argparse.ArgumentTypeError(msg)
    return number


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="referat", description="Parse Danish municipal meeting minutes (referater)."
    )
    parser.add_argument("--version", action="version", version=f"referat {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse a referat and print it")
    parse.add_argument("file", help="a referat text file, or - for standard input")
    parse.add_argument("--format", choices=("json", "summary"), default="json")
    parse.add_argument("--strict", action="store_true", help="exit 1 on any error diagnostic")
    parse.add_argument("--no-plugins", action="store_true", help="structure only")
    parse.add_argument("--exclude", action="append", default=[], metavar="PLUGIN")
    parse.add_argument(
        "--indent", type=_indent, default=None, help=f"indent the JSON (0 to {MAX_INDENT})"
    )
    commands.add_parser("plugins", help="list the installed plugins and their extractors")
    commands.add_parser("schema", help="print the JSON Schema of the JSON output")
    corpus_cli.add_command(commands)
    return parser


class _OutputError(Exception):
    """Standard output cannot be written (not a closed pipe: that is a quiet exit)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (``sys.argv`` when ``None``); returns the exit code."""
    return _run(argv)


def script() -> int:
    """The ``referat`` command and ``python -m referat``: :func:`main` on ``sys.argv``, in a
    process that ends when it returns.

    What the command leaves behind (modules, classes, the parser) is then left to the
    operating system rather than to the cyclic garbage collector's last pass at exit
    (:func:`gc.freeze`), which walked every object for a tenth of the start-up time of
    ``referat parse`` (``tests/benchmarks/startup.py``). Objects stay freed by reference
    counting, and files and streams are closed and flushed as before. A program that calls
    :func:`main` itself keeps its collector as it was.
    """
    code = _run(None)
    gc.freeze()
    return code


def _run(argv: Sequence[str] | None) -> int:
    try:
        try:
            args = _arguments().parse_args(argv)
        except SystemExit as exit_:  # --help, --version, usage errors (argparse printed them)
            return _flushed(exit_.code if isinstance(exit_.code, int) else EXIT_USAGE)
        if args.command == "plugins":
            code = _plugins(_stdout())
        elif args.command == "schema":
            code = _schema(_stdout())
        elif args.command == "corpus":
            code = corpus_cli.run(args)
        else:
            code = _parse(args)
        return _flushed(code)
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_OK
    except (_OutputError, OSError) as error:
        _discard_stdout()
        _error(f"referat: cannot write the output: {_reason(error)}")
        return EXIT_OUTPUT
    except PluginError as error:
        _error(f"referat: {error}")
        return EXIT_USAGE


def _stdout() -> TextIO:
    if sys.stdout is None:
        msg = "standard output is closed"
        raise _OutputError(msg)
    return sys.stdout


def _flushed(code: int) -> int:
    """Flush stdout now, so that a write error is ours to report, not the interpreter's."""
    if sys.stdout is not None:
        sys.stdout.flush()
    return code


def _discard_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail again."""
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # closed, or not a real file (tests)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _error(line: str) -> None:
    """One line on stderr (nothing if stderr itself is closed or broken)."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        sys.stderr = None  # stop writing to a dead stream


def _schema(out: TextIO) -> int:
    import json  # noqa: PLC0415 - only this command needs them

    from referat.api import Parser  # noqa: PLC0415
    from referat.schema import schema  # noqa: PLC0415

    out.write(json.dumps(schema(Parser().registry), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _parse(args: argparse.Namespace) -> int:
    # Imports, plugins, parser tables and document are objects that live to the end of the
    # command: the collector would only walk them (the parse and dumps pause it already).
    with collector_paused():
        return _parse_now(args)


def _parse_now(args: argparse.Namespace) -> int:
    from referat.api import Parser  # noqa: PLC0415 - only this command needs the parser
    from referat.convert import dumps  # noqa: PLC0415

    parser = Parser(plugins=[] if args.no_plugins else None, exclude=args.exclude)
    name = "<stdin>" if args.file == "-" else args.file
    try:
        data = _read_stdin() if args.file == "-" else _read(args.file)
    except (OSError, ValueError) as error:
        _error(f"referat: {name}: cannot read the input: {_reason(error)}")
        return EXIT_ERRORS
    try:
        doc = parser.parse_bytes(data, source=name, strict=args.strict)
    except ReferatSyntaxError as error:
        _error(str(error))
        return EXIT_ERRORS
    except SourceError as error:  # an encrypted PDF, XML declaring entities, a ZIP …
        _error(f"referat: {name}: {error}")
        return EXIT_ERRORS
    for diagnostic in doc.diagnostics:
        _error(diagnostic.describe(name))
    out = _stdout()
    if args.format == "json":
        try:
            text = dumps(doc, indent=args.indent, registry=parser.registry)
        except ReferatError as error:
            _error(f"referat: {name}: {error}")
            return EXIT_ERRORS
        out.write(text + "\n")
    else:
        for diagnostic in write_summary(doc, parser.registry, out):
            _error(diagnostic.describe(name))
    return EXIT_OK


def _read_stdin() -> bytes:
    if sys.stdin is None:
        msg = "standard input is closed"
        raise ValueError(msg)
    stream: Any = getattr(sys.stdin, "buffer", sys.stdin)
    data = stream.read()
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def write_summary(doc: Referat, registry: Registry, out: TextIO) -> list[Diagnostic]:
    """A readable outline: the meeting, then each item with its sections and plugin results.

    A plugin's summary function that fails (or returns something other than a string) costs
    only its own line; the returned diagnostics say which.
    """
    meeting = doc.meeting
    if meeting is not None:
        parts = [
            meeting.committee,
            meeting.period,
            meeting.date and meeting.date.isoformat(),
            meeting.start_time and meeting.start_time.strftime("%H:%M"),
            meeting.location,
        ]
        out.write("Meeting: " + " · ".join(str(p) for p in parts if p) + "\n")
    else:
        out.write("Meeting: (no header)\n")
    out.write(f"Layout: {doc.layout}; {len(doc.items)} items\n")
    problems: list[Diagnostic] = []
    for item in doc.items:
        _write_item(item, registry, out, problems)
    return problems


def _write_item(
    item: AgendaItem, registry: Registry, out: TextIO, problems: list[Diagnostic]
) -> None:
    # an untitled item (opened by its marker or case number) says so, with its first line
    number = "(no number)" if item.number is None else item.number
    title = item.title or f"(no title; line {item.span.start_line})"
    out.write(f"\nPunkt {number}: {title}\n")
    if item.case_number is not None:
        case = item.case_number
        title = f" ({case.kle_title})" if case.kle_title else ""
        out.write(f"  case {case.raw}{title}\n")
    if item.sections:
        out.write("  sections: " + ", ".join(s.name for s in item.sections) + "\n")
    for extract in item.extracts:
        spec = registry.extractor(extract.name)
        if spec is None or spec.summary is None:
            continue
        text = _summary_text(spec.summary, extract.value)
        if isinstance(text, BaseException):
            problems.append(
                Diagnostic(
                    Severity.ERROR,
                    "plugin-failed",
                    f"the summary of extractor {spec.name!r} of plugin {spec.plugin!r} failed "
                    f"on item {number}: {type(text).__name__}: {text}",
                    item.span,
                    plugin=spec.name,
                    item=item.number,
                )
            )
            text = "(no summary: the plugin's summary failed)"
        for line in text.splitlines():
            out.write(f"  {extract.name}: {line}\n")


def _summary_text(summary: Callable[[Any], str], value: object) -> str | BaseException:
    try:
        text = summary(value)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: BLE001 - one plugin's summary must not cut the rest
        return error
    if not isinstance(text, str):
        return TypeError(f"it returned a {type(text).__name__}, not a str")
    return text


def _plugins(out: TextIO) -> int:
    """Each installed plugin, the extractors it registered, or why it is not loaded."""
    from referat import discovery  # noqa: PLC0415 - only this command needs them
    from referat.api import Parser  # noqa: PLC0415
    from referat.registry import FAILURE_CODES  # noqa: PLC0415

    registry = Parser().registry
    failures: dict[str, list[str]] = {}
    for failure in registry.failures:
        failures.setdefault(failure.plugin, []).append(
            f"failed ({FAILURE_CODES[failure.stage]}): {failure.message}"
        )
    installed = discovery.available()
    for name in sorted(set(installed) | set(failures)):
        target = installed[name].value if name in installed else "-"
        if name in registry.plugins:
            names = [s.name for s in registry.extractors() if s.plugin == name]
            out.write(f"{name}  {target}  extractors: {', '.join(names) or '-'}\n")
        for reason in failures.get(name, ()):
            out.write(f"{name}  {target}  {reason}\n")
    return EXIT_OK


__all__ = ["EXIT_ERRORS", "EXIT_OK", "EXIT_OUTPUT", "EXIT_USAGE", "MAX_INDENT", "main"]
