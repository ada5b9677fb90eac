"""The token the lexer hands to the grammar: a lark token that carries a finished model node.

A module of its own: :mod:`referat.blocks` may be compiled (docs/performance.md), and a
subclass of lark's ``Token`` (a ``str``) must stay a Python class.
"""

from __future__ import annotations

from lark import Token


class BlockToken(Token):
    """A lark token that carries the model node it stands for."""

    __slots__ = ("payload",)
    payload: object

    @classmethod
    def make(cls, kind: str, payload: object) -> BlockToken:
        """A token without source positions (the payload has the span); cheaper than
        ``Token(...)``, which the parser would otherwise call once per block."""
        token: BlockToken = str.__new__(cls, "")
        token.type = kind
        token.value = ""
        token.start_pos = token.line = token.column = None
        token.end_line = token.end_column = token.end_pos = None
        token.payload = payload
        return token
