"""An LALR(1) parser of text: lark's table and contextual lexer, and lark's tree builder, without
lark.

:mod:`referat.lalr` runs the structure grammar over block tokens that referat's lexer makes;
this module runs a grammar over *text* (``grammars/decision.lark``): the tokens come from
:mod:`referat.lexing` (lark's ``contextual`` lexer: the parser's state chooses which terminals
are tried), and rules are reduced with lark's tree-building conventions, as lark does when its
``Lark(..., parser="lalr", transformer=...)`` is given a (non-inline) ``Transformer``:

* the terminals lark filters out (anonymous strings such as ``"("``, unless the rule is a
  ``!rule``) are dropped from a rule's children;
* the children of ``_rule``\\ s and of lark's helper rules (``__people_star_0``) are spliced into
  their parent's;
* a ``?rule`` alternative without an alias with one child left is that child;
* every other rule calls the callback named by its alias (``-> approved``) or its name with the
  list of its children, or, when there is no such callback, makes a :class:`Tree` (lark's
  ``Tree(name, children)``).

The table (:class:`TextTable`) holds lark's LALR states, the rules' shapes and the lexers, as
plain data that :func:`referat.grammar.text_table` writes and reads. Several start rules share
one table. ``tests/test_textlalr.py`` checks the results against lark's own parser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from referat.lalr import END, expected_terminals
from referat.lexing import Scanner, Token, UnexpectedInputError, scanners_from_json


class Tree:
    """A rule's node when the rule has no callback (lark's ``Tree``): ``data`` is the rule's name
    or alias, ``children`` its (filtered) children."""

    __slots__ = ("children", "data")

    def __init__(self, data: str, children: list[Any]) -> None:
        self.data = data
        self.children = children

    def __repr__(self) -> str:
        return f"Tree({self.data!r}, {self.children!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tree):
            return NotImplemented
        return self.data == other.data and self.children == other.children

    def __hash__(self) -> int:
        return hash((self.data, len(self.children)))


class UnexpectedTokenError(UnexpectedInputError):
    """A token (or the end of the text: ``token`` is ``None``) the grammar does not allow there
    (lark's ``UnexpectedToken``)."""

    def __init__(self, token: Token | None, expected: list[str]) -> None:
        self.token = token
        self.expected = expected
        what = END if token is None else f"{token.type} {token.value!r} at {token.start_pos}"
        super().__init__(f"unexpected {what}; expected one of: {', '.join(expected)}")


class TextTable:
    """An LALR(1) table over text, as plain data.

    ``states[s][symbol]``: ``n >= 0`` shifts to (goes to) state ``n``, ``n < 0`` reduces by rule
    ``-n - 1``. ``rules[r]`` is ``(name, size, callback, expand1, shape)``: ``callback`` is the
    alias or the rule's name, ``expand1`` whether a single child stands for the rule (``?rule``
    without alias), ``shape`` the children kept — index ``i`` for the symbol at ``i``, ``-i - 1``
    for one whose children are spliced in — or ``None`` to keep all as they are. ``starts[name]``
    is ``(start state, end state)``; ``scanners`` and ``state_scanners`` the lexers and which one
    each state uses (:func:`referat.lexing.scanners_from_json`).
    """

    __slots__ = ("lexer", "rules", "starts", "state_scanners", "states")

    def __init__(
        self,
        states: list[dict[str, int]],
        rules: list[tuple[str, int, str, bool, list[int] | None]],
        starts: dict[str, tuple[int, int]],
        state_scanners: list[int],
        lexer: dict[str, Any],
    ) -> None:
        self.states = states
        self.rules = rules
        self.starts = starts
        self.state_scanners = state_scanners
        self.lexer = lexer

    def to_json(self) -> dict[str, Any]:
        return {
            "starts": {name: [s, e] for name, (s, e) in sorted(self.starts.items())},
            "states": self.states,
            "state_scanners": self.state_scanners,
            "rules": [list(rule) for rule in self.rules],
            "lexer": self.lexer,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TextTable:
        rules: list[tuple[str, int, str, bool, list[int] | None]] = []
        for name, size, callback, expand1, shape in data["rules"]:
            kept = None if shape is None else [int(i) for i in shape]
            rules.append((str(name), int(size), str(callback), bool(expand1), kept))
        return cls(
            [{str(k): int(v) for k, v in row.items()} for row in data["states"]],
            rules,
            {str(k): (int(v[0]), int(v[1])) for k, v in data["starts"].items()},
            [int(i) for i in data["state_scanners"]],
            dict(data["lexer"]),
        )


class TextParser:
    """A :class:`TextTable` with its callbacks bound: ``parse(text, start)`` lexes and parses."""

    def __init__(
        self, table: TextTable, callbacks: Mapping[str, Callable[[list[Any]], object]]
    ) -> None:
        self._states = table.states
        self._names = [rule[0] for rule in table.rules]
        self._sizes = [rule[1] for rule in table.rules]
        self._callback_names = [rule[2] for rule in table.rules]
        self._callbacks: list[Callable[[list[Any]], object] | None] = [
            callbacks.get(rule[2]) for rule in table.rules
        ]
        self._expand1 = [rule[3] for rule in table.rules]
        self._shapes = [rule[4] for rule in table.rules]
        self._starts = dict(table.starts)
        scanners = scanners_from_json(table.lexer)
        self._scanners: list[Scanner] = [scanners[i] for i in table.state_scanners]

    @property
    def starts(self) -> list[str]:
        return sorted(self._starts)

    def expected(self, state: int) -> list[str]:
        """The terminals state ``state`` accepts (for messages)."""
        return expected_terminals(self._states[state])

    def tokens(self, text: str, start: str) -> list[Token]:
        """The tokens the parser reads, as far as it reads them (for tests)."""
        seen: list[Token] = []
        try:
            self._run(text, start, seen)
        except UnexpectedInputError:
            return seen  # the tokens read before the text was refused
        return seen

    def parse(self, text: str, start: str) -> object:
        """What the start rule's callback makes of ``text``; :class:`UnexpectedInputError` (an
        :class:`~referat.lexing.UnexpectedCharactersError` or an :class:`UnexpectedTokenError`)
        if ``text`` is not in the language. A callback's exception goes through."""
        return self._run(text, start, None)

    def _run(self, text: str, start: str, seen: list[Token] | None) -> object:
        if start not in self._starts:
            msg = f"unknown start rule {start!r}; the table has {self.starts}"
            raise ValueError(msg)
        first, end = self._starts[start]
        states = self._states
        scanners = self._scanners
        stack = [first]
        values: list[object] = []
        pos = 0
        while True:
            # the next token is lexed in the state the previous shift left (lark's contextual
            # lexer), before the reductions it calls for
            token = scanners[stack[-1]].next_token(text, pos)
            if token is None:
                break
            if seen is not None:
                seen.append(token)
            pos = token.end_pos
            kind = token.type
            while True:
                action = states[stack[-1]].get(kind)
                if action is None:
                    raise UnexpectedTokenError(token, self.expected(stack[-1]))
                if action >= 0:
                    stack.append(action)
                    values.append(token)
                    break
                self._reduce(stack, values, -action - 1)
        while True:  # the end of the text: reduce until the start rule is complete
            action = states[stack[-1]].get(END)
            if action is None or action >= 0:
                raise UnexpectedTokenError(None, self.expected(stack[-1]))
            self._reduce(stack, values, -action - 1)
            if stack[-1] == end:
                return values[-1]

    def _reduce(self, stack: list[int], values: list[object], rule: int) -> None:
        size = self._sizes[rule]
        taken: list[object] = []
        if size:
            taken = values[len(values) - size :]
            del stack[-size:]
            del values[-size:]
        shape = self._shapes[rule]
        children: list[Any]
        if shape is None:
            children = taken
        else:
            children = []
            for index in shape:
                if index >= 0:
                    children.append(taken[index])
                    continue
                spliced = taken[-index - 1]
                if not isinstance(spliced, Tree):
                    msg = f"rule {self._names[rule]}: an inlined child is not a tree: {spliced!r}"
                    raise TypeError(msg)
                if children:
                    children.extend(spliced.children)
                else:  # reuse the left-recursive run's list (O(1)), as lark does
                    children = spliced.children
        value: object
        if self._expand1[rule] and len(children) == 1:
            value = children[0]
        else:
            callback = self._callbacks[rule]
            if callback is None:
                value = Tree(self._callback_names[rule], children)
            else:
                value = callback(children)
        stack.append(self._states[stack[-1]][self._names[rule]])
        values.append(value)
