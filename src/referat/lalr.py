"""The LALR(1) loop that runs the structure grammar: lark's table, driven by code of our own.

lark computes the parse table of ``grammars/referat.lark`` (:mod:`referat.grammar` ships it);
this module only runs it: shift a block token, reduce a rule, call the rule's callback with the
children. It is the loop of lark's own LALR parser (``lark.parsers.lalr_parser_state``) with
lark's tree-building conventions, written so that mypyc compiles it (the regular wheel does):

* a rule whose name starts with ``_`` (``_block``, ``_opening``) and the helper rules lark
  makes for ``*`` (``__item_star_3``) are *inlined*: their children are spliced into the
  parent's children, as lark's tree builder does with them;
* every other rule has a callback, called with the (spliced) children as arguments, as a lark
  ``Transformer`` with ``v_args(inline=True)`` is;
* tokens are kept as they are (the grammar declares every terminal; none is filtered out).

A token the table does not accept goes to ``on_error``, which returns the tokens to feed in
its place (none: the token is dropped) or ``None`` to give up (:class:`UnexpectedBlockError`), as
lark's ``on_error`` hook with its interactive parser does. Left-recursive helper rules reuse
their child list, so a run of n blocks costs O(n), as in lark.

``tests/test_lalr.py`` checks that this loop builds what lark's own parser builds on every
shipped document and on generated ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Protocol

#: The end of input, as lark names it in its tables.
END: Final = "$END"


class Token(Protocol):
    """What the loop reads of a token: its terminal's name."""

    @property
    def type(self) -> str: ...


class UnexpectedBlockError(Exception):
    """A token (or the end of input: ``token`` is ``None``) the grammar does not allow there."""

    def __init__(self, token: object, expected: list[str]) -> None:
        self.token = token
        self.expected = expected
        what = END if token is None else getattr(token, "type", repr(token))
        super().__init__(f"unexpected {what}; expected one of: {', '.join(expected)}")


class Table:
    """An LALR(1) table as plain data.

    ``states[s][symbol]`` is the action in state ``s`` on a terminal or, after a reduction, the
    goto on a rule's name: ``n >= 0`` shifts to (goes to) state ``n``, ``n < 0`` reduces by
    rule ``-n - 1``. ``rules[r]`` is ``(name, number of symbols)``; ``callbacks`` names the
    callback of a rule that is not inlined (``None`` for an inlined one).
    """

    __slots__ = ("callbacks", "end", "rules", "start", "states")

    def __init__(
        self,
        states: list[dict[str, int]],
        rules: list[tuple[str, int]],
        callbacks: list[str | None],
        start: int,
        end: int,
    ) -> None:
        self.states = states
        self.rules = rules
        self.callbacks = callbacks
        self.start = start
        self.end = end

    def to_json(self) -> dict[str, Any]:
        return {
            "states": self.states,
            "rules": [[name, size] for name, size in self.rules],
            "callbacks": self.callbacks,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Table:
        return cls(
            [{str(k): int(v) for k, v in row.items()} for row in data["states"]],
            [(str(name), int(size)) for name, size in data["rules"]],
            [None if c is None else str(c) for c in data["callbacks"]],
            int(data["start"]),
            int(data["end"]),
        )


def expected_terminals(actions: Mapping[str, int]) -> list[str]:
    """The terminals (upper-case names, and the end) a state's ``actions`` accept."""
    return sorted(s for s in actions if s.isupper() or s == END)


def is_inlined(rule_name: str) -> bool:
    """lark's convention: ``_name`` rules and its ``__x_star_n`` helpers leave no node."""
    return rule_name.startswith("_")


class _Splice:
    """The children of an inlined rule, waiting to be spliced into its parent's."""

    __slots__ = ("items",)

    def __init__(self, items: list[object]) -> None:
        self.items = items


class LalrParser:
    """A :class:`Table` with its callbacks bound: ``parse`` runs it on a stream of tokens."""

    def __init__(self, table: Table, callbacks: Mapping[str, Callable[..., object]]) -> None:
        missing = sorted({c for c in table.callbacks if c is not None and c not in callbacks})
        if missing:
            msg = f"the grammar's rules {missing} have no callback"
            raise ValueError(msg)
        self._states = table.states
        self._names = [name for name, _ in table.rules]
        self._sizes = [size for _, size in table.rules]
        self._callbacks: list[Callable[..., object] | None] = [
            None if c is None else callbacks[c] for c in table.callbacks
        ]
        self._start = table.start
        self._end = table.end

    def expected(self, state: int) -> list[str]:
        """The terminals state ``state`` accepts (for messages)."""
        return expected_terminals(self._states[state])

    def parse(
        self,
        tokens: Iterable[Token],
        on_error: Callable[[Any], Sequence[Token] | None] | None = None,
    ) -> object:
        """The start rule's callback's result; :class:`UnexpectedBlockError` if the input is not in
        the language and ``on_error`` gives up (returns ``None``) or feeds a token that does not
        fit either."""
        stack = [self._start]
        values: list[object] = []
        for token in tokens:
            if self._feed(stack, values, token.type, token):
                continue
            replacement = on_error(token) if on_error is not None else None
            if replacement is None:
                raise UnexpectedBlockError(token, self.expected(stack[-1]))
            for other in replacement:
                if not self._feed(stack, values, other.type, other):
                    raise UnexpectedBlockError(other, self.expected(stack[-1]))
        while True:  # the end of input: reduce until the start rule is complete
            action = self._states[stack[-1]].get(END)
            if action is None or action >= 0:
                raise UnexpectedBlockError(None, self.expected(stack[-1]))
            self._reduce(stack, values, -action - 1)
            if stack[-1] == self._end:
                return values[-1]

    def _feed(self, stack: list[int], values: list[object], kind: str, token: object) -> bool:
        """Shift ``token``, after the reductions it calls for; ``False`` if it does not fit
        (the reductions done so far stay done, as in lark)."""
        states = self._states
        while True:
            action = states[stack[-1]].get(kind)
            if action is None:
                return False
            if action >= 0:
                stack.append(action)
                values.append(token)
                return True
            self._reduce(stack, values, -action - 1)

    def _reduce(self, stack: list[int], values: list[object], rule: int) -> None:
        size = self._sizes[rule]
        callback = self._callbacks[rule]
        if size == 1 and callback is None:
            # an inlined rule of one symbol (``_block: PARAGRAPH``): splicing its one child into
            # the parent is what passing the child on does, so no list is made for it
            stack.pop()
            stack.append(self._states[stack[-1]][self._names[rule]])
            return
        children: list[object] = []
        if size:
            first = values[-size]
            start = 0
            if isinstance(first, _Splice):  # reuse the left-recursive run's list (O(1))
                children = first.items
                start = 1
            for child in values[len(values) - size + start :]:
                if isinstance(child, _Splice):
                    children.extend(child.items)
                else:
                    children.append(child)
            del stack[-size:]
            del values[-size:]
        value: object = _Splice(children) if callback is None else callback(*children)
        stack.append(self._states[stack[-1]][self._names[rule]])
        values.append(value)
