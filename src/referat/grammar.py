"""Finding the ``.lark`` grammars, and their LALR parsers loaded from shipped tables.

The grammars live in the repository's top-level ``grammars/`` (the specification of the
document language). A wheel ships them as ``referat/grammars``; an editable install reads the
repository's folder.

Building an LALR parser from a grammar costs lark about half a second (its own grammar of
grammars, the LALR tables, the check that no two terminals overlap), which used to be most of
the start-up time of ``referat parse``. So the parsers referat uses are built ahead of time, and
lark's serialised form of each (the same data its ``standalone`` tool writes) ships as JSON in
``referat/data/parsers/`` (``python -m referat.grammar`` writes it). :func:`build_parser` loads a
table only if its key matches: the SHA-256 of the grammar text, of the options and of the lark
version, so an edited grammar or another lark is never read from a stale table; it then builds
the parser from the grammar as before. JSON, not lark's pickle ``cache=`` file: loading a table
runs no code, and referat never reads a cache that another user could have written (a pickle in
the shared temporary directory is lark's default). Why and how: ``docs/architecture.md``.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import lark
from lark import Lark, Transformer

_PACKAGE_DIR = Path(__file__).resolve().parent

#: Where the parse tables ship (inside the package: as trusted as its code).
TABLES_DIR = _PACKAGE_DIR / "data" / "parsers"

#: The parsers whose tables ship, by grammar, with the options their users build them with. A
#: custom lexer class is named ``"module:qualname"`` (it is imported only to write the tables).
#: ``tests/test_grammar_tables.py`` checks that the real call sites load these tables.
SHIPPED: dict[str, dict[str, Any]] = {
    "referat.lark": {"lexer": "referat.api:_TokenFeed", "strict": False},
    "decision.lark": {
        "lexer": "contextual",
        "start": ["people_sentence", "outcome", "result", "counted"],
    },
}

#: Where a serialised parser names the lexer class (lark's format, lark 1.2 and 1.3).
_CLASS_SLOTS = (("options", "lexer"), ("parser", "lexer_conf", "lexer_type"))


def grammar_dir() -> Path:
    """The folder holding the ``.lark`` files, in a wheel or in a source checkout."""
    for candidate in (_PACKAGE_DIR / "grammars", _PACKAGE_DIR.parents[1] / "grammars"):
        if (candidate / "referat.lark").is_file():
            return candidate
    msg = f"referat's grammars are missing (looked in {_PACKAGE_DIR / 'grammars'})"
    raise FileNotFoundError(msg)


def grammar_text(name: str) -> str:
    """The source of ``grammars/<name>`` (e.g. ``"decision.lark"``)."""
    return (grammar_dir() / name).read_text(encoding="utf-8")


def _canonical(value: Any) -> Any:
    """An option as JSON: a class by its dotted name, a tuple as a list."""
    if isinstance(value, type):
        return f"{value.__module__}:{value.__qualname__}"
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    return value


def table_key(text: str, options: Mapping[str, Any]) -> str:
    """What a table must have been made from: the grammar, the options, lark's version."""
    described = {
        "grammar": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "options": {k: _canonical(v) for k, v in sorted(options.items())},
        "lark": lark.__version__,
    }
    canonical = json.dumps(described, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def table_path(name: str) -> Path:
    """The shipped table of ``grammars/<name>``."""
    return TABLES_DIR / (Path(name).stem + ".json")


def _int_keys(pairs: list[tuple[str, Any]]) -> dict[Any, Any]:
    # JSON keys are strings; lark numbers its states, tokens and rules (no name is all digits)
    return {int(k) if k.isdigit() else k: v for k, v in pairs}


def _from_table(
    name: str, key: str, options: Mapping[str, Any], transformer: Transformer[Any, Any] | None
) -> Lark | None:
    """The parser from its shipped table, or ``None`` if there is none for ``key``."""
    try:
        with table_path(name).open("rb") as handle:
            if handle.readline().strip().decode("ascii", "replace") != key:
                return None  # made from another grammar text, other options or another lark
            table = json.loads(handle.read(), object_pairs_hook=_int_keys)
    except FileNotFoundError:
        return None
    data, memo = table["data"], table["memo"]
    lexer = options.get("lexer")
    if isinstance(lexer, type):  # a custom lexer class: the JSON names it, the caller has it
        for slot in _CLASS_SLOTS:
            *path, last = slot
            holder = functools.reduce(lambda node, part: node[part], path, data)
            if holder[last] != _canonical(lexer):
                return None
            holder[last] = lexer
    # lark's own loader of a serialised parser (what its standalone parsers call)
    parser: Lark = Lark._load_from_dict(  # type: ignore[no-untyped-call]  # noqa: SLF001
        data, memo, transformer=transformer
    )
    return parser


def build_parser(
    name: str, *, transformer: Transformer[Any, Any] | None = None, **options: Any
) -> Lark:
    """An LALR :class:`lark.Lark` for ``grammars/<name>``: from its shipped table when that was
    made from this grammar text with these options by this lark, else built from the grammar.

    ``transformer`` (an inline transformer, as lark's ``transformer=``) is not part of the table.
    """
    if isinstance(options.get("start"), tuple):
        options["start"] = list(options["start"])  # lark wants a list of start rules
    text = grammar_text(name)
    loaded = _from_table(name, table_key(text, options), options, transformer)
    if loaded is not None:
        return loaded
    return Lark(text, parser="lalr", transformer=transformer, **options)


@functools.cache
def _cached(name: str, options: tuple[tuple[str, Any], ...]) -> Lark:
    return build_parser(name, **dict(options))


def load_grammar(name: str, **options: Any) -> Lark:
    """A cached LALR :class:`lark.Lark` for ``grammars/<name>`` (see :func:`build_parser`).

    Options must be hashable; give several start rules as a tuple: ``start=("a", "b")``.
    """
    if isinstance(options.get("start"), list):
        options["start"] = tuple(options["start"])
    return _cached(name, tuple(sorted(options.items())))


def _resolved(options: Mapping[str, Any]) -> dict[str, Any]:
    """``SHIPPED`` options with the lexer class imported."""
    resolved = dict(options)
    lexer = resolved.get("lexer")
    if isinstance(lexer, str) and ":" in lexer:
        module, _, qualname = lexer.partition(":")
        resolved["lexer"] = functools.reduce(
            getattr, qualname.split("."), importlib.import_module(module)
        )
    return resolved


def _serialisable(node: Any, where: str = "") -> Any:
    """Check that a serialised parser is plain JSON data (tuples become lists)."""
    if isinstance(node, dict):
        for k in node:
            if not isinstance(k, str | int) or (isinstance(k, str) and k.isdigit()):
                msg = f"a key lark's table cannot keep in JSON at {where}: {k!r}"
                raise TypeError(msg)
        return {k: _serialisable(v, f"{where}/{k}") for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_serialisable(v, f"{where}/{i}") for i, v in enumerate(node)]
    if node is None or isinstance(node, str | int | float | bool):
        return node
    msg = f"a value lark's table cannot keep in JSON at {where}: {node!r}"
    raise TypeError(msg)


def table_of(name: str, options: Mapping[str, Any]) -> str:
    """The table file's text for ``grammars/<name>`` with ``options`` (built from the grammar)."""
    from lark.grammar import Rule  # noqa: PLC0415 - only writing a table needs them
    from lark.lexer import TerminalDef  # noqa: PLC0415

    resolved = _resolved(options)
    text = grammar_text(name)
    built = Lark(text, parser="lalr", **resolved)
    data, memo = built.memo_serialize([TerminalDef, Rule])
    data["options"] = {**data["options"], "transformer": None}
    lexer = resolved.get("lexer")
    if isinstance(lexer, type):
        for slot in _CLASS_SLOTS:
            *path, last = slot
            holder = functools.reduce(lambda node, part: node[part], path, data)
            holder[last] = _canonical(lexer)
    body = json.dumps(
        {
            "grammar": name,
            "options": {k: _canonical(v) for k, v in sorted(options.items())},
            "lark": lark.__version__,
            "data": _serialisable(data),
            "memo": _serialisable(memo),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return table_key(text, resolved) + "\n" + body + "\n"


def write_tables() -> list[Path]:
    """Write the table of every ``SHIPPED`` parser (``python -m referat.grammar``)."""
    TABLES_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for name, options in SHIPPED.items():
        path = table_path(name)
        path.write_text(table_of(name, options), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written in write_tables():
        print(written)
