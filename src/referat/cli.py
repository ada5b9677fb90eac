"""The ``referat`` command.

    referat parse FILE|- [--format json|summary] [--strict] [--no-plugins] [--exclude NAME]
    referat plugins
    referat schema
    referat corpus PATH… --db FILE [-j N] [--jsonl DIR] [--parquet DIR]

Exit codes: 0 ok; 1 errors found in strict mode (or a file could not be read); 2 usage.
Diagnostics go to stderr as ``file:line:col: severity code message``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from referat import discovery
from referat.api import Parser
from referat.convert import dumps
from referat.corpus import cli as corpus_cli
from referat.errors import PluginError, ReferatSyntaxError, SourceError
from referat.models import AgendaItem, Referat
from referat.registry import Registry
from referat.schema import schema


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="referat", description="Parse Danish municipal meeting minutes (referater)."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse a referat and print it")
    parse.add_argument("file", help="a referat text file, or - for standard input")
    parse.add_argument("--format", choices=("json", "summary"), default="json")
    parse.add_argument("--strict", action="store_true", help="exit 1 on any error diagnostic")
    parse.add_argument("--no-plugins", action="store_true", help="structure only")
    parse.add_argument("--exclude", action="append", default=[], metavar="PLUGIN")
    parse.add_argument("--indent", type=int, default=None, help="indent the JSON")
    commands.add_parser("plugins", help="list the installed plugins and their extractors")
    commands.add_parser("schema", help="print the JSON Schema of the JSON output")
    corpus_cli.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        args = _arguments().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        if args.command == "plugins":
            return _plugins(sys.stdout)
        if args.command == "schema":
            json.dump(schema(Parser().registry), sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
            return 0
        if args.command == "corpus":
            return corpus_cli.run(args)
        return _parse(args)
    except PluginError as error:
        print(f"referat: {error}", file=sys.stderr)
        return 2


def _parse(args: argparse.Namespace) -> int:
    parser = Parser(plugins=[] if args.no_plugins else None, exclude=args.exclude)
    name = "<stdin>" if args.file == "-" else args.file
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else _read(args.file)
    except OSError as error:
        print(f"referat: {name}: {error.strerror or error}", file=sys.stderr)
        return 1
    try:
        doc = parser.parse_bytes(data, source=name, strict=args.strict)
    except ReferatSyntaxError as error:
        print(error, file=sys.stderr)
        return 1
    except SourceError as error:  # an encrypted PDF, XML declaring entities, a ZIP …
        print(f"referat: {name}: {error}", file=sys.stderr)
        return 1
    for diagnostic in doc.diagnostics:
        print(diagnostic.describe(name), file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(dumps(doc, indent=args.indent, registry=parser.registry) + "\n")
    else:
        write_summary(doc, parser.registry, sys.stdout)
    return 0


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def write_summary(doc: Referat, registry: Registry, out: TextIO) -> None:
    """A readable outline: the meeting, then each item with its sections and plugin results."""
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
    for item in doc.items:
        _write_item(item, registry, out)


def _write_item(item: AgendaItem, registry: Registry, out: TextIO) -> None:
    out.write(f"\nPunkt {item.number}: {item.title}\n")
    if item.case_number is not None:
        case = item.case_number
        title = f" ({case.kle_title})" if case.kle_title else ""
        out.write(f"  case {case.raw}{title}\n")
    if item.sections:
        out.write("  sections: " + ", ".join(s.name for s in item.sections) + "\n")
    for extract in item.extracts:
        spec = registry.extractor(extract.name)
        if spec is not None and spec.summary is not None:
            for line in spec.summary(extract.value).splitlines():
                out.write(f"  {extract.name}: {line}\n")


def _plugins(out: TextIO) -> int:
    for name, entry_point in sorted(discovery.available().items()):
        registry = Registry()
        try:
            _, plugin = discovery.resolve(name)
            registry.apply(plugin, name)
        except PluginError as error:
            out.write(f"{name}  {entry_point.value}  (failed to load: {error})\n")
            continue
        extractors = ", ".join(spec.name for spec in registry.extractors()) or "-"
        out.write(f"{name}  {entry_point.value}  extractors: {extractors}\n")
    return 0


__all__ = ["main"]
