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
from typing import TYPE_CHECKING, Any

from referat.lalr import Table, is_inlined
from referat.textlalr import TextTable

if TYPE_CHECKING:
    from lark import Lark, Transformer

_PACKAGE_DIR = Path(__file__).resolve().parent

#: Where the parse tables ship (inside the package: as trusted as its code).
TABLES_DIR = _PACKAGE_DIR / "data" / "parsers"

#: The parsers whose lark tables ship, by grammar, with the options their users build them
#: with. A custom lexer class is named ``"module:qualname"`` (it is imported only to write the
#: tables). ``tests/test_grammar_tables.py`` checks that the real call sites load these tables.
SHIPPED: dict[str, dict[str, Any]] = {
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
    import lark  # noqa: PLC0415 - only the parsers lark runs need it

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
    from lark import Lark  # noqa: PLC0415 - only the parsers lark runs need it

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
    from lark import Lark  # noqa: PLC0415 - only the parsers lark runs need it

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
    import lark  # noqa: PLC0415 - only writing a table needs them
    from lark.grammar import Rule  # noqa: PLC0415
    from lark.lexer import TerminalDef  # noqa: PLC0415

    resolved = _resolved(options)
    text = grammar_text(name)
    built = lark.Lark(text, parser="lalr", **resolved)
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


# --- Tables run by referat's own LALR loop (referat.lalr) ---------------------------------------

#: The grammars whose LALR table referat's own loop runs (:mod:`referat.lalr`): the table is
#: plain data, so reading it needs no lark, and lark's version is not part of its key.
RUNTIME: tuple[str, ...] = ("referat.lark",)

#: The layout of a runtime table file (part of its key).
RUNTIME_FORMAT = 1


def runtime_key(text: str) -> str:
    """What a runtime table must have been made from: the grammar text and the file layout."""
    described = {"format": RUNTIME_FORMAT, "grammar": hashlib.sha256(text.encode()).hexdigest()}
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode("ascii")).hexdigest()


def runtime_table_path(name: str) -> Path:
    """The shipped runtime table of ``grammars/<name>``."""
    return TABLES_DIR / (Path(name).stem + ".lalr.json")


@functools.cache
def runtime_table(name: str) -> Table:
    """The LALR table of ``grammars/<name>`` for :class:`referat.lalr.LalrParser`: the shipped
    one when it was made from this grammar text, else made by lark from the grammar."""
    text = grammar_text(name)
    try:
        with runtime_table_path(name).open("rb") as handle:
            if handle.readline().strip().decode("ascii", "replace") == runtime_key(text):
                return Table.from_json(json.loads(handle.read()))
    except FileNotFoundError:
        pass  # no table shipped (a source checkout before `python -m referat.grammar`)
    return table_from_grammar(text)


def table_from_grammar(text: str) -> Table:
    """The LALR table lark computes for a grammar whose terminals a lexer of ours makes.

    Raises :class:`ValueError` for a grammar using what :mod:`referat.lalr` does not do as
    lark's tree builder does (``?rule`` expansion, anonymous terminals that get filtered out).
    """
    import lark  # noqa: PLC0415 - only making a table needs it
    from lark.lexer import Lexer  # noqa: PLC0415

    class _Tokens(Lexer):  # the terminals come from our lexer; lark only needs a class
        def __init__(self, lexer_conf: object) -> None:
            pass

        def lex(self, data: Any) -> Any:  # type: ignore[override]
            return iter(data)

    built = lark.Lark(text, parser="lalr", lexer=_Tokens, strict=False)
    parse_table = built.parser.parser.parser.parse_table
    # lark numbers states and rules in an order that changes from run to run (set order); the
    # table is renumbered canonically — rules sorted, states in breadth-first order from the
    # start over sorted symbols — so that the same grammar always gives the same file
    used = {
        arg for row in parse_table.states.values() for a, arg in row.values() if a.name == "Reduce"
    }

    def rule_key(rule: Any) -> tuple[str, tuple[str, ...]]:
        return str(rule.origin.name), tuple(str(s.name) for s in rule.expansion)

    rules = sorted(used, key=rule_key)
    rule_number = {rule: n for n, rule in enumerate(rules)}
    for rule in rules:
        if rule.options.expand1 or any(s.is_term and s.filter_out for s in rule.expansion):
            msg = f"referat.lalr does not run rule {rule} (a ?rule or filtered terminals)"
            raise ValueError(msg)
    start, end = parse_table.start_states["start"], parse_table.end_states["start"]
    order = [start]
    number = {start: 0}
    for state in order:  # grows while it is walked: breadth first
        for symbol in sorted(parse_table.states[state]):
            action, arg = parse_table.states[state][symbol]
            if action.name == "Shift" and arg not in number:
                number[arg] = len(order)
                order.append(arg)
    states = [
        {
            str(symbol): number[arg] if action.name == "Shift" else -rule_number[arg] - 1
            for symbol, (action, arg) in sorted(parse_table.states[state].items())
        }
        for state in order
    ]
    return Table(
        states,
        [(str(rule.origin.name), len(rule.expansion)) for rule in rules],
        [
            None if is_inlined(rule.origin.name) else str(rule.alias or rule.origin.name)
            for rule in rules
        ],
        number[start],
        number[end],
    )


# --- Tables of text grammars run by referat's own lexer and loop (referat.textlalr) ------------

#: The text grammars referat lexes and parses itself (:mod:`referat.lexing`,
#: :mod:`referat.textlalr`), with their start rules: the table, the rules' shapes and lark's
#: contextual lexers are plain data, read without lark.
TEXT_RUNTIME: dict[str, tuple[str, ...]] = {
    "decision.lark": ("people_sentence", "outcome", "result", "counted"),
}

#: The layout of a text table file (part of its key).
TEXT_FORMAT = 1


def text_key(text: str, starts: tuple[str, ...]) -> str:
    """What a text table must have been made from: the grammar text, its start rules, the file
    layout."""
    described = {
        "format": TEXT_FORMAT,
        "grammar": hashlib.sha256(text.encode()).hexdigest(),
        "starts": sorted(starts),
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode("ascii")).hexdigest()


def text_table_path(name: str) -> Path:
    """The shipped text table of ``grammars/<name>``."""
    return TABLES_DIR / (Path(name).stem + ".lalr.json")


@functools.cache
def text_table(name: str, starts: tuple[str, ...]) -> TextTable:
    """The table of ``grammars/<name>`` for :class:`referat.textlalr.TextParser`: the shipped one
    when it was made from this grammar text and these start rules, else made by lark from the
    grammar (correct, only slower)."""
    text = grammar_text(name)
    try:
        with text_table_path(name).open("rb") as handle:
            if handle.readline().strip().decode("ascii", "replace") == text_key(text, starts):
                return TextTable.from_json(json.loads(handle.read()))
    except FileNotFoundError:
        pass  # no table shipped (a source checkout before `python -m referat.grammar`)
    return text_table_from_grammar(text, starts)


def _rule_shape(rule: Any) -> tuple[str, int, str, bool, list[int] | None]:
    """What lark's tree builder (``lark.parse_tree_builder``) does with a rule's children, for an
    LALR parser without placeholders or positions: ``(name, size, callback name, expand1,
    shape)`` (see :class:`referat.textlalr.TextTable`)."""
    options = rule.options
    name = str(rule.origin.name)
    if options.empty_indices:
        msg = f"referat.textlalr does not run rule {rule} ([optional] placeholders)"
        raise ValueError(msg)
    expand1 = bool(options.expand1 and not rule.alias)  # (lark refuses a ?_rule)
    kept = [
        (i, not sym.is_term and str(sym.name).startswith("_"))
        for i, sym in enumerate(rule.expansion)
        if options.keep_all_tokens or not (sym.is_term and sym.filter_out)
    ]
    shape = None
    if len(kept) < len(rule.expansion) or any(spliced for _, spliced in kept):
        shape = [-i - 1 if spliced else i for i, spliced in kept]
    callback = str(rule.alias or options.template_source or name)
    return name, len(rule.expansion), callback, expand1, shape


def _scanner_data(lexer: Any) -> dict[str, Any]:
    """One state's lexer (lark's ``BasicLexer``) as data: its alternations, the type changes of
    its regular-expression terminals (lark's ``UnlessCallback``), its terminals (for messages)."""
    from lark.lexer import UnlessCallback  # noqa: PLC0415 - only making a table needs it

    scanner = lexer.scanner  # lark builds it on first use
    unless: dict[str, list[str]] = {}
    for kind, callback in sorted(lexer.callback.items()):
        if not isinstance(callback, UnlessCallback):
            msg = f"referat.lexing does not run the lexer callback of {kind}: {callback!r}"
            raise ValueError(msg)
        unless[str(kind)] = [str(m.pattern) for m in callback.scanner._mres]  # noqa: SLF001
    return {
        "patterns": [str(m.pattern) for m in scanner._mres],  # noqa: SLF001
        "unless": unless,
        "allowed": sorted(str(t) for t in scanner.allowed_types - lexer.ignore_types),
    }


def text_table_from_grammar(text: str, starts: tuple[str, ...]) -> TextTable:
    """The LALR table, the rules' shapes and the contextual lexers lark makes for a text grammar
    (``lexer="contextual"``), as plain data numbered canonically (rules sorted, states breadth
    first from the start rules in name order over sorted symbols, the lexers by first use)."""
    import re  # noqa: PLC0415

    import lark  # noqa: PLC0415 - only making a table needs it

    built = lark.Lark(text, parser="lalr", lexer="contextual", start=list(starts))
    if built.lexer_conf.re_module is not re or built.lexer_conf.use_bytes:
        msg = "referat.lexing runs Python's re on str only"
        raise ValueError(msg)
    if built.options.postlex is not None or built.lexer_conf.callbacks:
        msg = "referat.lexing runs no post-lexer and no lexer callbacks"
        raise ValueError(msg)
    frontend = built.parser
    parse_table = frontend.parser.parser.parse_table
    contextual = frontend.lexer
    used = {
        arg for row in parse_table.states.values() for a, arg in row.values() if a.name == "Reduce"
    }

    def rule_key(rule: Any) -> tuple[str, tuple[str, ...], str]:
        names = tuple(str(s.name) for s in rule.expansion)
        return str(rule.origin.name), names, str(rule.alias or "")

    rules = sorted(used, key=rule_key)
    if len({rule_key(r) for r in rules}) != len(rules):
        msg = "two rules of the same name, expansion and alias"
        raise ValueError(msg)
    rule_number = {rule: n for n, rule in enumerate(rules)}
    order = [parse_table.start_states[s] for s in sorted(starts)]
    number = {state: n for n, state in enumerate(order)}
    for state in order:  # grows while it is walked: breadth first
        for symbol in sorted(parse_table.states[state]):
            action, arg = parse_table.states[state][symbol]
            if action.name == "Shift" and arg not in number:
                number[arg] = len(order)
                order.append(arg)
    for s in starts:
        if parse_table.end_states[s] not in number:
            msg = f"the end state of {s} is not reachable"
            raise ValueError(msg)
    states = [
        {
            str(symbol): number[arg] if action.name == "Shift" else -rule_number[arg] - 1
            for symbol, (action, arg) in sorted(parse_table.states[state].items())
        }
        for state in order
    ]
    scanners: list[dict[str, Any]] = []
    scanner_number: dict[str, int] = {}
    state_scanners = []
    for state in order:
        data = _scanner_data(contextual.lexers[state])
        key = json.dumps(data, sort_keys=True)
        if key not in scanner_number:
            scanner_number[key] = len(scanners)
            scanners.append(data)
        state_scanners.append(scanner_number[key])
    lexer = {
        "flags": int(built.lexer_conf.g_regex_flags),
        "ignore": sorted(str(t) for t in built.lexer_conf.ignore),
        "scanners": scanners,
    }
    return TextTable(
        states,
        [_rule_shape(rule) for rule in rules],
        {
            s: (number[parse_table.start_states[s]], number[parse_table.end_states[s]])
            for s in starts
        },
        state_scanners,
        lexer,
    )


def write_tables() -> list[Path]:
    """Write the table of every ``SHIPPED``, ``RUNTIME`` and ``TEXT_RUNTIME`` grammar (``python -m
    referat.grammar``)."""
    TABLES_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for name, options in SHIPPED.items():
        path = table_path(name)
        path.write_text(table_of(name, options), encoding="utf-8")
        written.append(path)
    for name in RUNTIME:
        text = grammar_text(name)
        path = runtime_table_path(name)
        body = json.dumps(table_from_grammar(text).to_json(), separators=(",", ":"))
        path.write_text(runtime_key(text) + "\n" + body + "\n", encoding="utf-8")
        written.append(path)
    for name, starts in TEXT_RUNTIME.items():
        text = grammar_text(name)
        path = text_table_path(name)
        made = text_table_from_grammar(text, starts).to_json()
        body = json.dumps(made, ensure_ascii=False, separators=(",", ":"))
        path.write_text(text_key(text, starts) + "\n" + body + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written in write_tables():
        print(written)
