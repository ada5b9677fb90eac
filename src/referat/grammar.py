"""Finding the ``.lark`` grammars, and the LALR tables referat runs them with.

The grammars live in the repository's top-level ``grammars/`` (the specification of the
document language). A wheel ships them as ``referat/grammars``; an editable install reads the
repository's folder.

lark computes the tables; referat runs them itself: the structure grammar with
:mod:`referat.lalr` (its tokens are blocks the lexer makes), the decisions grammar with
:mod:`referat.textlalr` and :mod:`referat.lexing` (lark's contextual lexer). Building a table
costs lark about half a second, so ``python -m referat.grammar`` builds them ahead of time and
writes each as plain JSON data to ``referat/data/parsers/``, numbered canonically (the same
grammar always writes the same file). A table is read only if its key matches — the SHA-256 of
the grammar text (and start rules) and of the file layout — so an edited grammar is never run
from a stale table: lark makes the table from the grammar at run time instead (correct, only
slower). Reading a table runs no code and needs no lark. Why and how: ``docs/architecture.md``.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from referat.lalr import Table, is_inlined
from referat.textlalr import TextTable

_PACKAGE_DIR = Path(__file__).resolve().parent

#: Where the parse tables ship (inside the package: as trusted as its code).
TABLES_DIR = _PACKAGE_DIR / "data" / "parsers"


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


def _key(**described: Any) -> str:
    """A table's key: the SHA-256 of what it was made from, written canonically."""
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode("ascii")).hexdigest()


def _shipped(path: Path, key: str) -> Any:
    """The JSON data of the table at ``path`` if its first line is ``key``, else ``None``."""
    try:
        with path.open("rb") as handle:
            if handle.readline().strip().decode("ascii", "replace") != key:
                return None  # made from another grammar text (or file layout)
            return json.loads(handle.read())
    except FileNotFoundError:
        return None  # no table shipped (a source checkout before `python -m referat.grammar`)


def _write(path: Path, key: str, data: Any) -> Path:
    path.write_text(
        key + "\n" + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    return path


def _canonical_order(parse_table: Any, starts: list[int]) -> tuple[list[int], dict[int, int]]:
    """lark's states in canonical order — breadth first from ``starts`` over sorted symbols —
    and each one's new number: lark numbers states in an order that changes from run to run
    (set order), and a table file must not."""
    order = list(starts)
    number = {state: n for n, state in enumerate(order)}
    for state in order:  # grows while it is walked: breadth first
        for symbol in sorted(parse_table.states[state]):
            action, arg = parse_table.states[state][symbol]
            if action.name == "Shift" and arg not in number:
                number[arg] = len(order)
                order.append(arg)
    return order, number


def _canonical_states(
    parse_table: Any, order: list[int], number: dict[int, int], rule_number: dict[Any, int]
) -> list[dict[str, int]]:
    """The actions of the states in ``order``, renumbered: ``n >= 0`` shift or go to state
    ``n``, ``n < 0`` reduce by rule ``-n - 1``."""
    return [
        {
            str(symbol): number[arg] if action.name == "Shift" else -rule_number[arg] - 1
            for symbol, (action, arg) in sorted(parse_table.states[state].items())
        }
        for state in order
    ]


def _reduced_rules(parse_table: Any) -> set[Any]:
    return {
        arg for row in parse_table.states.values() for a, arg in row.values() if a.name == "Reduce"
    }


# --- Tables run by referat's own LALR loop (referat.lalr) ---------------------------------------

#: The grammars whose LALR table referat's own loop runs (:mod:`referat.lalr`): the table is
#: plain data, so reading it needs no lark, and lark's version is not part of its key.
RUNTIME: tuple[str, ...] = ("referat.lark",)

#: The layout of a runtime table file (part of its key).
RUNTIME_FORMAT = 1


def runtime_key(text: str) -> str:
    """What a runtime table must have been made from: the grammar text and the file layout."""
    return _key(format=RUNTIME_FORMAT, grammar=hashlib.sha256(text.encode()).hexdigest())


def table_path(name: str) -> Path:
    """The shipped table of ``grammars/<name>``."""
    return TABLES_DIR / (Path(name).stem + ".lalr.json")


@functools.cache
def runtime_table(name: str) -> Table:
    """The LALR table of ``grammars/<name>`` for :class:`referat.lalr.LalrParser`: the shipped
    one when it was made from this grammar text, else made by lark from the grammar."""
    text = grammar_text(name)
    data = _shipped(table_path(name), runtime_key(text))
    return table_from_grammar(text) if data is None else Table.from_json(data)


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

    def rule_key(rule: Any) -> tuple[str, tuple[str, ...]]:
        return str(rule.origin.name), tuple(str(s.name) for s in rule.expansion)

    rules = sorted(_reduced_rules(parse_table), key=rule_key)  # sorted: canonical numbers
    rule_number = {rule: n for n, rule in enumerate(rules)}
    for rule in rules:
        if rule.options.expand1 or any(s.is_term and s.filter_out for s in rule.expansion):
            msg = f"referat.lalr does not run rule {rule} (a ?rule or filtered terminals)"
            raise ValueError(msg)
    start, end = parse_table.start_states["start"], parse_table.end_states["start"]
    order, number = _canonical_order(parse_table, [start])
    states = _canonical_states(parse_table, order, number, rule_number)
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
    grammar = hashlib.sha256(text.encode()).hexdigest()
    return _key(format=TEXT_FORMAT, grammar=grammar, starts=sorted(starts))


@functools.cache
def text_table(name: str, starts: tuple[str, ...]) -> TextTable:
    """The table of ``grammars/<name>`` for :class:`referat.textlalr.TextParser`: the shipped one
    when it was made from this grammar text and these start rules, else made by lark from the
    grammar (correct, only slower)."""
    text = grammar_text(name)
    data = _shipped(table_path(name), text_key(text, starts))
    return text_table_from_grammar(text, starts) if data is None else TextTable.from_json(data)


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

    def rule_key(rule: Any) -> tuple[str, tuple[str, ...], str]:
        names = tuple(str(s.name) for s in rule.expansion)
        return str(rule.origin.name), names, str(rule.alias or "")

    rules = sorted(_reduced_rules(parse_table), key=rule_key)
    if len({rule_key(r) for r in rules}) != len(rules):
        msg = "two rules of the same name, expansion and alias"
        raise ValueError(msg)
    rule_number = {rule: n for n, rule in enumerate(rules)}
    order, number = _canonical_order(
        parse_table, [parse_table.start_states[s] for s in sorted(starts)]
    )
    for s in starts:
        if parse_table.end_states[s] not in number:
            msg = f"the end state of {s} is not reachable"
            raise ValueError(msg)
    states = _canonical_states(parse_table, order, number, rule_number)
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
    """Write the table of every ``RUNTIME`` and ``TEXT_RUNTIME`` grammar (``python -m
    referat.grammar``)."""
    TABLES_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for name in RUNTIME:
        text = grammar_text(name)
        made = table_from_grammar(text).to_json()
        written.append(_write(table_path(name), runtime_key(text), made))
    for name, starts in TEXT_RUNTIME.items():
        text = grammar_text(name)
        made = text_table_from_grammar(text, starts).to_json()
        written.append(_write(table_path(name), text_key(text, starts), made))
    return written


if __name__ == "__main__":
    for written in write_tables():
        print(written)
