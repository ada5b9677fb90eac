"""The token the lexer hands to the grammar: a terminal's name and the model node it stands for.

The structure grammar's terminals are whole blocks (``PARAGRAPH``, ``SECTION_HEADING`` …), made
by :mod:`referat.blocks`; :class:`referat.lalr.LalrParser` reads ``type``, and the builder's
callbacks (:mod:`referat.build`) read ``payload``.
"""

from __future__ import annotations


class BlockToken:
    """One block of the document, as a terminal of ``grammars/referat.lark``."""

    __slots__ = ("payload", "type")

    def __init__(self, kind: str, payload: object) -> None:
        self.type = kind
        self.payload = payload

    def __repr__(self) -> str:
        return f"BlockToken({self.type!r}, {self.payload!r})"
