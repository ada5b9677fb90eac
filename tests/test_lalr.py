"""referat's LALR loop (:mod:`referat.lalr`) parses as lark's own parser does.

The reference is lark itself: the same grammar, lark's LALR parser with a transformer made of
the same callbacks, and lark's ``on_error`` hook feeding the replacement tokens through its
interactive parser (what referat did before it ran the table itself). Compared on every shipped
document, on the training excerpts, and on random token streams, valid or not.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

from referat import api, grammar
from referat.build import Builder
from referat.lalr import LalrParser, Table, UnexpectedBlockError
from referat.tokens import BlockToken

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
TRAIN = sorted((ROOT.parent / "shared" / "corpus" / "train").glob("*.txt"))
TERMINALS = [
    "HEADER_LINE", "TOC_HEADING", "TOC_ENTRY", "TOC_RULE", "ITEM_HEADING", "LEADING_CASE",
    "ITEM_CASE", "ITEM_START", "CASE_NUMBER", "SECTION_HEADING", "PARAGRAPH", "HEADING", "LIST",
    "TABLE", "FURNITURE", "UNPARSED",
]  # fmt: skip


class _Feed(Lexer):
    def __init__(self, lexer_conf: object) -> None:
        pass

    def lex(self, data: Any) -> Any:  # type: ignore[override]
        return iter(data)


class _Wrapped(Token):
    """A lark token carrying one of ours."""

    __slots__ = ("block",)
    block: BlockToken


def _wrap(token: BlockToken) -> _Wrapped:
    wrapped = _Wrapped(token.type, "")
    wrapped.block = token
    return wrapped


def _unwrap(value: object) -> object:
    return value.block if isinstance(value, _Wrapped) else value


@functools.cache
def _lark() -> Lark:
    return Lark(grammar.grammar_text("referat.lark"), parser="lalr", lexer=_Feed, strict=False)


class LarkReference:
    """lark's parser with ``callbacks`` as an inline transformer and referat's error contract."""

    def __init__(self, callbacks: dict[str, Callable[..., object]]) -> None:
        def method(callback: Callable[..., object]) -> Callable[..., object]:
            return lambda _self, children: callback(*map(_unwrap, children))

        self.transformer = type(
            "Reference", (Transformer,), {n: method(c) for n, c in callbacks.items()}
        )()

    def parse(
        self,
        tokens: Iterable[BlockToken],
        on_error: Callable[[Any], Sequence[BlockToken] | None] | None = None,
    ) -> object:
        def recover(error: UnexpectedInput) -> bool:
            token = getattr(error, "token", None)
            if on_error is None or not isinstance(token, _Wrapped):
                return False
            replacement = on_error(token.block)
            if replacement is None:
                return False
            for other in replacement:
                error.interactive_parser.feed_token(_wrap(other))
            return True

        lark_parser = _lark()
        tree = lark_parser.parse(iter(map(_wrap, tokens)), on_error=recover)
        return self.transformer.transform(tree)


def _builder_callbacks() -> dict[str, Callable[..., object]]:
    builder = Builder()
    table = grammar.runtime_table("referat.lark")
    return {name: getattr(builder, name) for name in table.callbacks if name}


@pytest.mark.parametrize("path", FIXTURES + TRAIN, ids=lambda p: p.stem[:40])
def test_a_document_is_built_as_lark_builds_it(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    ours, _ = api.parse_structure(text, source=path.name)
    reference = LarkReference(_builder_callbacks())
    monkeypatch.setattr(api, "structure_parser", lambda: reference)
    theirs, _ = api.parse_structure(text, source=path.name)
    assert ours == theirs


@pytest.mark.skipif(not TRAIN, reason="the shared corpus is not here (the seeds need no recovery)")
def test_recovery_is_exercised_by_the_documents() -> None:
    recovered = [
        path
        for path in FIXTURES + TRAIN
        if any(
            d.code in {"section-outside-item", "misplaced-header", "misplaced-toc"}
            for d in api.parse_structure(path.read_text(encoding="utf-8"))[0].diagnostics
        )
    ]
    assert recovered  # the comparison above covers the on_error path, not only clean input


# --- random token streams -----------------------------------------------------------------------


def _plain(value: object) -> object:
    block = _unwrap(value)
    return (block.type, block.payload) if isinstance(block, BlockToken) else block


def _tree_callbacks() -> dict[str, Callable[..., object]]:
    def node(name: str) -> Callable[..., object]:
        return lambda *children: (name, tuple(_plain(c) for c in children))

    return {
        name: node(name) for name in ("start", "front", "toc", "item", "case_number", "section")
    }


def _result(parser: Any, tokens: list[BlockToken], on_error: Any) -> object:
    try:
        return parser.parse(tokens, on_error=on_error)
    except (UnexpectedInput, UnexpectedBlockError):
        return "refused"


def _replace_with_unparsed(token: BlockToken) -> list[BlockToken] | None:
    if token.type == "ITEM_CASE":
        return None  # give up
    if token.type == "TOC_RULE":
        return []  # drop it
    return [BlockToken("UNPARSED", ("unparsed", token.payload))]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TERMINALS), max_size=40), st.booleans())
def test_any_token_stream_parses_as_in_lark(kinds: list[str], recover: bool) -> None:
    tokens = [BlockToken(kind, i) for i, kind in enumerate(kinds)]
    on_error = _replace_with_unparsed if recover else None
    ours = LalrParser(grammar.runtime_table("referat.lark"), _tree_callbacks())
    reference = LarkReference(_tree_callbacks())
    assert _result(ours, tokens, on_error) == _result(reference, tokens, on_error)


def test_a_long_run_of_blocks_is_parsed_in_linear_steps() -> None:
    # left-recursive helper rules reuse the list of their run: 20,000 blocks in one section
    calls: list[int] = []
    callbacks = _tree_callbacks()
    section = callbacks["section"]

    def counted(*children: object) -> object:
        calls.append(len(children))
        return section(*children)

    callbacks["section"] = counted
    tokens = [BlockToken("ITEM_START", 0), BlockToken("SECTION_HEADING", 1)]
    tokens += [BlockToken("PARAGRAPH", i) for i in range(20_000)]
    LalrParser(grammar.runtime_table("referat.lark"), callbacks).parse(tokens)
    assert calls == [20_001]


# --- the table ----------------------------------------------------------------------------------


def test_the_shipped_table_is_current_and_read_without_lark() -> None:
    path = grammar.table_path("referat.lark")
    key, body = path.read_text(encoding="utf-8").split("\n", 1)
    assert key == grammar.runtime_key(grammar.grammar_text("referat.lark")), (
        "grammars/referat.lark changed: run `python -m referat.grammar`"
    )
    import json

    shipped = Table.from_json(json.loads(body))
    made = grammar.table_from_grammar(grammar.grammar_text("referat.lark"))
    assert shipped.to_json() == made.to_json()


def test_a_table_of_an_edited_grammar_is_made_by_lark(monkeypatch: pytest.MonkeyPatch) -> None:
    made_from: list[str] = []
    make = grammar.table_from_grammar

    def recording(text: str) -> Table:
        made_from.append(text)
        return make(text)

    monkeypatch.setattr(grammar, "table_from_grammar", recording)
    grammar.runtime_table.cache_clear()
    try:
        grammar.runtime_table("referat.lark")  # the shipped table: nothing is made
        assert made_from == []
        edited = grammar.grammar_text("referat.lark") + "\n// one more comment\n"
        monkeypatch.setattr(grammar, "grammar_text", lambda name: edited)
        grammar.runtime_table.cache_clear()
        made = grammar.runtime_table("referat.lark")
    finally:
        grammar.runtime_table.cache_clear()
    assert made_from == [edited]  # the key no longer matches: lark makes the table
    assert made.to_json() == make(edited).to_json()


def test_a_rule_without_a_callback_is_refused() -> None:
    callbacks = _tree_callbacks()
    del callbacks["toc"]
    with pytest.raises(ValueError, match="toc"):
        LalrParser(grammar.runtime_table("referat.lark"), callbacks)


def test_a_grammar_the_loop_cannot_run_is_refused() -> None:
    with pytest.raises(ValueError, match="does not run"):
        grammar.table_from_grammar('start: A "x" B\n%declare A B\n')
    with pytest.raises(ValueError, match="does not run"):
        grammar.table_from_grammar("start: pair\n?pair: A | A B\n%declare A B\n")


def test_the_end_of_input_where_a_block_is_missing_is_refused() -> None:
    parser = LalrParser(grammar.runtime_table("referat.lark"), _tree_callbacks())
    with pytest.raises(UnexpectedBlockError, match=r"\$END.*ITEM_HEADING"):
        parser.parse([BlockToken("LEADING_CASE", 0)])


def test_a_structure_parse_imports_no_lark() -> None:
    from conftest import imported_after

    seed = FIXTURES[0]
    code = f"import referat\nreferat.Parser(plugins=[]).parse(open({str(seed)!r}).read())"
    assert "lark" not in imported_after(code)
