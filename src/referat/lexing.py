"""lark's contextual lexer, run from plain data: the tokens of a text grammar without lark.

lark's ``contextual`` lexer gives every parser state a lexer of its own that tries only the
terminals the state accepts (and the ``%ignore``\\ d ones). :func:`referat.grammar.text_table`
reads, from lark's own lexer objects, what each of those lexers is; this module runs them,
step for step as lark's ``BasicLexer.next_token`` does:

* a state's terminals are one alternation of named groups, in lark's order (priority, then the
  longest possible match, then the longest pattern, then the name); at a position the *first*
  alternative that matches wins (Python's ``re``: not the longest match);
* a string terminal that a regular-expression terminal of the same priority matches whole is
  left out of the alternation (lark's ``_create_unless``); when that regular expression matches
  text equal to a string terminal, the token takes the string terminal's type (the first of them
  whose pattern matches the whole text, lark's ``UnlessCallback``);
* ``%ignore``\\ d terminals are skipped (the type matched decides, before the type change above);
* no terminal matching at a position is :class:`UnexpectedCharactersError` (lark's
  ``UnexpectedCharacters``; it then tries all terminals only to word its message).

``tests/test_textlalr.py`` checks that the tokens and the parses are lark's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any


class Token:
    """A terminal matched in the text: its type, the text, and where (``text[start_pos:end_pos]``).

    The attributes of lark's ``Token`` that referat reads (no line and column: nothing reads them).
    """

    __slots__ = ("end_pos", "start_pos", "type", "value")

    def __init__(self, type: str, value: str, start_pos: int, end_pos: int) -> None:
        self.type = type
        self.value = value
        self.start_pos = start_pos
        self.end_pos = end_pos

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r}, {self.start_pos}, {self.end_pos})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Token):
            return NotImplemented
        return (self.type, self.value, self.start_pos, self.end_pos) == (
            other.type,
            other.value,
            other.start_pos,
            other.end_pos,
        )

    def __hash__(self) -> int:
        return hash((self.type, self.value, self.start_pos, self.end_pos))


class UnexpectedInputError(Exception):
    """The text is not in the grammar's language (lark's ``UnexpectedInput``)."""


class UnexpectedCharactersError(UnexpectedInputError):
    """No terminal the parser's state accepts matches at ``pos`` (lark's
    ``UnexpectedCharacters``)."""

    def __init__(self, text: str, pos: int, allowed: list[str]) -> None:
        self.pos = pos
        self.allowed = allowed
        near = text[pos : pos + 20]
        super().__init__(f"no terminal matches at {pos} ({near!r}); expected one of: {allowed}")


class Scanner:
    """One state's lexer (lark's ``BasicLexer``): its alternations, the type changes of its
    regular-expression terminals, the types it skips."""

    __slots__ = ("_sources", "allowed", "flags", "ignore", "patterns", "unless")

    def __init__(
        self,
        patterns: Sequence[str],
        unless: Mapping[str, Sequence[str]],
        ignore: Sequence[str],
        allowed: Sequence[str],
        flags: int,
    ) -> None:
        self._sources: tuple[list[str], dict[str, list[str]]] | None = (
            list(patterns),
            {kind: list(whole) for kind, whole in unless.items()},
        )
        self.flags = flags
        # compiled on first use: a sentence meets a few of a grammar's states
        self.patterns: list[re.Pattern[str]] = []
        self.unless: dict[str, list[re.Pattern[str]]] = {}
        self.ignore: frozenset[str] = frozenset(ignore)
        self.allowed: list[str] = sorted(allowed)

    def _compile(self) -> None:
        sources = self._sources
        if sources is not None:
            patterns, unless = sources
            self.patterns = [re.compile(p, self.flags) for p in patterns]
            self.unless = {
                kind: [re.compile(p, self.flags) for p in whole] for kind, whole in unless.items()
            }
            self._sources = None

    def next_token(self, text: str, pos: int) -> Token | None:
        """The next token from ``pos`` on, after the skipped ones; ``None`` at the end of the
        text."""
        if self._sources is not None:
            self._compile()
        end = len(text)
        while pos < end:
            found: re.Match[str] | None = None
            for pattern in self.patterns:
                found = pattern.match(text, pos)
                if found is not None:
                    break
            if found is None:
                raise UnexpectedCharactersError(text, pos, self.allowed)
            kind = found.lastgroup or ""
            value = found.group(0)
            stop = found.end()
            if kind not in self.ignore:
                whole = self.unless.get(kind)
                if whole is not None:
                    for pattern in whole:
                        same = pattern.fullmatch(value)
                        if same is not None:
                            kind = same.lastgroup or kind
                            break
                return Token(kind, value, pos, stop)
            pos = stop
        return None


def scanners_from_json(data: Mapping[str, Any]) -> list[Scanner]:
    """The scanners of a table's ``"lexer"`` part (see :func:`referat.grammar.text_table`)."""
    flags = int(data["flags"])
    ignore = [str(t) for t in data["ignore"]]
    return [
        Scanner(
            [str(p) for p in scanner["patterns"]],
            {str(k): [str(p) for p in v] for k, v in scanner["unless"].items()},
            ignore,
            [str(t) for t in scanner["allowed"]],
            flags,
        )
        for scanner in data["scanners"]
    ]
