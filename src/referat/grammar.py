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

Loading is part of the start of every ``referat parse``, so it is kept lean: the table names
the places where lark's data has integer keys (JSON keys are strings), which are converted
there only, and the memoised terminals and rules are made by :func:`_revive`, lark's own
deserialisation protocol without its per-object overhead (a third of the time).
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

#: The layout of a table file (part of its key: a table of another layout is not read).
TABLE_FORMAT = 2

#: A path to a mapping in lark's data; ``"*"`` stands for every value of a mapping.
_Path = tuple[str, ...]


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
        "format": TABLE_FORMAT,
        "grammar": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "options": {k: _canonical(v) for k, v in sorted(options.items())},
        "lark": lark.__version__,
    }
    canonical = json.dumps(described, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def table_path(name: str) -> Path:
    """The shipped table of ``grammars/<name>``."""
    return TABLES_DIR / (Path(name).stem + ".json")


def _with_int_keys(data: Any, paths: list[list[str]]) -> None:
    """Give the mappings at ``paths`` their integer keys back (in place)."""
    for path in sorted(paths, key=len, reverse=True):  # the inner mappings first
        *parents, last = path
        for holder in _holders(data, parents):
            keys = holder if last == "*" else (last,)
            for key in list(keys):
                holder[key] = {int(k): v for k, v in holder[key].items()}


def _holders(node: Any, path: list[str]) -> list[Any]:
    """The mappings ``path`` leads to in ``node`` (``"*"``: through every value)."""
    found = [node]
    for part in path:
        found = [v for n in found for v in _children(n, part)]
    return found


def _children(node: Any, part: str) -> list[Any]:
    if part == "*":
        return list(node.values())
    return [node[int(part)] if isinstance(node, list) else node[part]]


@functools.cache
def _memo_types() -> dict[str, Any]:
    """The classes a memo may hold by name: lark's terminals and rules and what they hold
    (the namespace lark's own loader gives them)."""
    from lark.grammar import Rule  # noqa: PLC0415 - lark's memoised types
    from lark.lexer import TerminalDef  # noqa: PLC0415

    found: dict[str, Any] = {}
    todo: list[Any] = [Rule, TerminalDef]
    while todo:
        cls = todo.pop()
        if cls.__name__ not in found:
            found[cls.__name__] = cls
            todo.extend(getattr(cls, "__serialize_namespace__", ()))
    return found


def _revive(node: Any, memo: dict[int, Any], types: Mapping[str, Any]) -> Any:
    """A serialised lark object made again, as ``lark.utils.Serialize.deserialize`` does: a
    ``__type__`` names the class, its ``__serialize_fields__`` are set, its ``_deserialize``
    hook runs; ``{"@": n}`` is memoised object ``n``."""
    if isinstance(node, dict):
        name = node.get("__type__")
        if name is not None:
            cls = types[name]
            if "deserialize" in vars(cls):  # a class of its own way: let it
                return cls.deserialize(node, memo)
            made = cls.__new__(cls)
            for field in cls.__serialize_fields__:
                setattr(made, field, _revive(node[field], memo, types))
            finish = getattr(made, "_deserialize", None)
            if finish is not None:
                finish()
            return made
        if "@" in node:
            return memo[node["@"]]
        return {k: _revive(v, memo, types) for k, v in node.items()}
    if isinstance(node, list):
        return [_revive(v, memo, types) for v in node]
    return node


def _from_table(
    name: str, key: str, options: Mapping[str, Any], transformer: Transformer[Any, Any] | None
) -> Lark | None:
    """The parser from its shipped table, or ``None`` if there is none for ``key``."""
    try:
        with table_path(name).open("rb") as handle:
            if handle.readline().strip().decode("ascii", "replace") != key:
                return None  # made from another grammar text, other options or another lark
            table = json.loads(handle.read())
    except FileNotFoundError:
        return None
    data = table["data"]
    _with_int_keys(data, table["int_keys"])
    lexer = options.get("lexer")
    if isinstance(lexer, type):  # a custom lexer class: the JSON names it, the caller has it
        for slot in _CLASS_SLOTS:
            *path, last = slot
            holder = functools.reduce(lambda node, part: node[part], path, data)
            if holder[last] != _canonical(lexer):
                return None
            holder[last] = lexer
    types = _memo_types()
    # as in lark's loader, a memoised object refers to no other one
    memo = {int(number): _revive(value, {}, types) for number, value in table["memo"].items()}
    # lark's own loader of a serialised parser (what its standalone parsers call); it takes
    # the memoised objects as they are
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


def _serialisable(node: Any, where: _Path = (), int_keys: set[_Path] | None = None) -> Any:
    """Check that a serialised parser is plain JSON data (tuples become lists); the path of
    each mapping with integer keys goes to ``int_keys`` (``"*"`` for any key of a mapping
    whose keys are integers)."""
    if isinstance(node, dict):
        numbered = bool(node) and all(type(k) is int for k in node)
        for k in node:
            if not (numbered or (isinstance(k, str) and not k.isdigit() and k != "*")):
                msg = f"a key lark's table cannot keep in JSON at {'/'.join(where)}: {k!r}"
                raise TypeError(msg)
        if numbered and int_keys is not None:
            int_keys.add(where)
        return {
            k: _serialisable(v, (*where, "*" if numbered else str(k)), int_keys)
            for k, v in node.items()
        }
    if isinstance(node, list | tuple):
        return [_serialisable(v, (*where, str(i)), int_keys) for i, v in enumerate(node)]
    if node is None or isinstance(node, str | int | float | bool):
        return node
    msg = f"a value lark's table cannot keep in JSON at {'/'.join(where)}: {node!r}"
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
    int_keys: set[_Path] = set()
    serialised = _serialisable(data, (), int_keys)
    body = json.dumps(
        {
            "grammar": name,
            "options": {k: _canonical(v) for k, v in sorted(options.items())},
            "lark": lark.__version__,
            "format": TABLE_FORMAT,
            "data": serialised,
            "int_keys": sorted(list(path) for path in int_keys),
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
