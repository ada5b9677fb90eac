"""The decisions grammar as a parser built from its text, for hypothesis's ``from_lark``.

The plugin runs the grammar's shipped table with referat's own lexer and loop
(``referat.grammar.text_table``), which keeps the parse tables but not the grammar ``from_lark``
generates sentences from.
"""

from __future__ import annotations

import functools

from lark import Lark

from referat.grammar import grammar_text
from referat_decisions.parse import GRAMMAR, STARTS


@functools.cache
def grammar_parser() -> Lark:
    """The decisions grammar with every start rule, built from the grammar (once)."""
    return Lark(grammar_text(GRAMMAR), parser="lalr", lexer="contextual", start=list(STARTS))
