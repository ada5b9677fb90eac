"""The shipped parse tables (``referat/data/parsers``): one per grammar referat runs, and used.

Each grammar's table is tested where its runtime is: the structure grammar's in
``tests/test_lalr.py``, the decisions grammar's in ``tests/test_textlalr.py`` (current, the same
as lark makes, read without lark, made by lark when stale). After editing a grammar,
``python -m referat.grammar`` writes the tables again.
"""

from __future__ import annotations

import json

from referat import grammar


def test_the_folder_holds_the_table_of_each_grammar_run_and_nothing_else() -> None:
    expected = {grammar.table_path(name) for name in grammar.RUNTIME} | {
        grammar.table_path(name) for name in grammar.TEXT_RUNTIME
    }
    assert set(grammar.TABLES_DIR.iterdir()) == expected


def test_a_table_is_a_key_line_and_plain_json_data() -> None:
    for path in grammar.TABLES_DIR.iterdir():
        key, body = path.read_text(encoding="utf-8").split("\n", 1)
        assert len(key) == 64 and int(key, 16) >= 0, path.name  # a SHA-256
        assert isinstance(json.loads(body), dict), path.name


def test_the_decisions_plugin_runs_the_text_table_not_lark() -> None:
    # the plugin's parser is referat's own (tests/test_textlalr.py compares it with lark's)
    from referat.textlalr import TextParser
    from referat_decisions.parse import STARTS, _parser

    parser = _parser()
    assert isinstance(parser, TextParser)
    assert parser.starts == sorted(STARTS)
