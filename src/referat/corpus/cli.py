"""``referat corpus PATH… --db FILE [-j N]``: the command line of :mod:`referat.corpus`."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_command(commands: Any) -> None:
    """Add the ``corpus`` subcommand to the ``referat`` argument parser."""
    corpus = commands.add_parser(
        "corpus",
        help="parse many referater into an SQLite database",
        description="Parse files, directories (recursed), globs and @lists into an SQLite "
        "corpus database; files stored already are skipped. See docs/corpus.md.",
    )
    corpus.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, globs, @LIST")
    corpus.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    corpus.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes (default: all cores)",
    )
    corpus.add_argument("--exclude", action="append", default=[], metavar="PLUGIN")
    corpus.add_argument("--no-plugins", action="store_true", help="structure only")
    corpus.add_argument(
        "--all-json",
        action="store_true",
        help="store the built-in plugins' results as JSON too (slower)",
    )
    progress = corpus.add_mutually_exclusive_group()
    progress.add_argument("--progress", dest="progress", action="store_true", default=None)
    progress.add_argument("--no-progress", dest="progress", action="store_false")
    corpus.add_argument("--jsonl", metavar="DIR", help="then export every table as JSON Lines")
    corpus.add_argument(
        "--parquet", metavar="DIR", help="then export every table as Parquet (referat[analytics])"
    )


def run(args: argparse.Namespace) -> int:
    """Build, then export; the summary goes to stdout. Exit 1 when a file failed, 2 on a
    usage error, 3 when the worker processes cannot start, 130 when interrupted (Ctrl-C)."""
    from referat.corpus import (  # noqa: PLC0415 - only this command needs the corpus
        CorpusError,
        PathError,
        WorkerStartError,
        build,
        export_jsonl,
        export_parquet,
    )

    failed = 0
    try:
        if args.paths:
            summary = build(
                args.paths,
                args.db,
                jobs=args.jobs,
                plugins=[] if args.no_plugins else None,
                exclude=args.exclude,
                all_json=args.all_json,
                show_progress=args.progress,
            )
            sys.stdout.write(summary.describe() + "\n")
            failed = summary.failed
        elif not (args.jsonl or args.parquet):
            print("referat corpus: give PATHs to parse or --jsonl/--parquet", file=sys.stderr)
            return 2
        if args.jsonl:
            counts = export_jsonl(args.db, args.jsonl)
            sys.stdout.write(f"JSON Lines: {sum(counts.values())} rows in {args.jsonl}\n")
        if args.parquet:
            counts = export_parquet(args.db, args.parquet)
            sys.stdout.write(f"Parquet: {sum(counts.values())} rows in {args.parquet}\n")
    except (PathError, CorpusError, ImportError, FileNotFoundError) as error:
        print(f"referat corpus: {error}", file=sys.stderr)
        return 2
    except WorkerStartError as error:
        print(
            f"referat corpus: {error}; every document stored so far is whole (try -j 1)",
            file=sys.stderr,
        )
        return 3
    except KeyboardInterrupt:
        print(
            "\nreferat corpus: interrupted; every document stored so far is whole: "
            "run the same command again to resume",
            file=sys.stderr,
        )
        return 130
    return 1 if failed else 0
