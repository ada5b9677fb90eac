"""The shipped lark parse tables (``referat/data/parsers``): current, used, the same parser.

(The structure grammar's table, which referat's own LALR loop runs, is tested in
``tests/test_lalr.py``; the decisions grammar's table for referat's own lexer and loop in
``tests/test_textlalr.py``.) A table is lark's serialised parser as JSON, loaded only when its key (grammar text, options,
lark version) matches; otherwise the parser is built from the grammar. After editing a grammar,
``python -m referat.grammar`` writes the tables again (the first test says so when they are stale).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lark import Lark
from lark.exceptions import UnexpectedInput

from referat import grammar
from referat.grammar import SHIPPED, build_parser, grammar_text, table_key, table_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DESERIALIZED = "<deserialized>"  # lark's source_path of a parser loaded from serialised data


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_every_shipped_table_is_current(name: str) -> None:
    key = table_key(grammar_text(name), grammar._resolved(SHIPPED[name]))
    with table_path(name).open("rb") as handle:
        written = handle.readline().decode("ascii").strip()
    assert written == key, f"grammars/{name} changed: run `python -m referat.grammar`"


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_a_table_is_json_data(name: str) -> None:
    _, body = table_path(name).read_text(encoding="utf-8").split("\n", 1)
    table = json.loads(body)
    assert table["grammar"] == name
    assert table["options"] == {k: grammar._canonical(v) for k, v in SHIPPED[name].items()}
    assert {"data", "memo"} <= set(table)


def test_the_decisions_plugin_runs_the_text_table_not_lark() -> None:
    # the plugin's parser is referat's own (tests/test_textlalr.py compares it with lark's)
    from referat.textlalr import TextParser
    from referat_decisions.parse import STARTS, _parser

    parser = _parser()
    assert isinstance(parser, TextParser)
    assert parser.starts == sorted(STARTS)
    assert grammar.text_table_path("decision.lark").is_file()


def test_a_table_made_from_another_grammar_is_not_read() -> None:
    options = {"lexer": "contextual", "start": list(SHIPPED["decision.lark"]["start"])}
    text = grammar_text("decision.lark")
    assert grammar._from_table("decision.lark", table_key(text, options), options, None)
    edited = text + "\n// one more comment\n"
    assert grammar._from_table("decision.lark", table_key(edited, options), options, None) is None
    other = {**options, "start": ["result"]}
    assert grammar._from_table("decision.lark", table_key(text, other), other, None) is None


def test_a_stale_table_falls_back_to_the_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    edited = grammar_text("decision.lark") + "\n// one more comment\n"
    monkeypatch.setattr(grammar, "grammar_text", lambda name: edited)
    built = build_parser("decision.lark", lexer="contextual", start=("result",))
    assert built.source_path != DESERIALIZED
    assert built.parse("Godkendt.", start="result").data == "result"


SENTENCES = [
    ("outcome", "Økonomiudvalget anbefaler indstillingen."),
    ("outcome", "Udvalget godkender indstillingen med den tilføjelse, at sagen genoptages."),
    ("outcome", "At 1: Byrådet godkender."),
    ("result", "Godkendt."),
    ("result", "Resolutionsteksten er dermed godkendt."),
    ("result", "Orientering givet."),
    ("result", "Ad 2) taget til efterretning."),
    ("counted", "Forslaget blev vedtaget med 34 stemmer imod 15."),
    ("people_sentence", "Udvalgsmedlem Joachim Hoffmann-Petersen (C) deltog ikke i mødet."),
    ("people_sentence", "For stemte: A, B, F og Ø"),
    ("people_sentence", "Protokolbemærkning fra Enhedslisten: Vi ønsker en anden løsning."),
    ("result", "Byrådet godkender."),  # no result: both parsers refuse it alike
    ("counted", "Godkendt."),
]


def _tree_or_error(parser: Lark, start: str, text: str) -> object:
    try:
        return parser.parse(text, start=start)
    except UnexpectedInput as error:
        return (type(error).__name__, error.pos_in_stream)


def test_the_loaded_decisions_parser_parses_as_the_built_one() -> None:
    starts = list(SHIPPED["decision.lark"]["start"])
    loaded = build_parser("decision.lark", lexer="contextual", start=starts)
    built = Lark(grammar_text("decision.lark"), parser="lalr", lexer="contextual", start=starts)
    assert loaded.source_path == DESERIALIZED
    for start, text in SENTENCES:
        assert _tree_or_error(loaded, start, text) == _tree_or_error(built, start, text), text
