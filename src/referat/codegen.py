"""The source of one generated function: what the JSON writer (:mod:`referat.convert`) and
the checks of plugin results (:mod:`referat.results`) compile, one function per type.

Values the function needs are bound as default arguments (fast local lookups); the source is
compiled from strings the library writes itself, never from a document or a plugin's text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class Source:
    """The objects a generated function binds and its fresh local names."""

    def __init__(self) -> None:
        self.bound: dict[str, Any] = {}
        self.count = 0

    def bind(self, value: Any) -> str:
        """The name under which the function sees ``value`` (one name per object)."""
        for name, bound in self.bound.items():
            if bound is value:
                return name
        name = f"_b{len(self.bound)}"
        self.bound[name] = value
        return name

    def fresh(self) -> str:
        """A local name not used before in this function."""
        self.count += 1
        return f"_v{self.count}"

    def function(
        self, name: str, parameters: str, expression: str, label: str
    ) -> Callable[..., Any]:
        """``def name(parameters, <bound>=<bound> …): return expression``, compiled; ``label``
        names it in tracebacks (``<referat writer unstructure_Span>``)."""
        defaults = "".join(f", {key}={key}" for key in self.bound)
        code = f"def {name}({parameters}{defaults}):\n    return {expression}\n"
        namespace: dict[str, Any] = dict(self.bound)
        exec(compile(code, f"<referat {label} {name}>", "exec"), namespace)
        function: Callable[..., Any] = namespace[name]
        return function


class Compiled(Generic[F]):
    """Functions compiled once per type and kept; ``compile`` makes the function of a type,
    ``stand_in`` a function that calls it once it exists.

    Compiling happens under a lock, and the functions a type needs (compiled along with it)
    are published together when the outermost compile ends: another thread never sees half
    of them. A type that refers to itself meets its stand-in while it is being compiled.
    """

    def __init__(self, compile_: Callable[[Any], F], stand_in: Callable[[Any], F]) -> None:
        self._compile = compile_
        self._stand_in = stand_in
        self.done: dict[Any, F] = {}
        self._pending: dict[Any, F] = {}  # being compiled, by the thread holding the lock
        self.lock = threading.RLock()

    def get(self, tp: Any) -> F:
        """``tp``'s function, compiled now if it is new (``TypeError``: ``tp`` is unhashable)."""
        found = self.done.get(tp)
        return found if found is not None else self.compiled(tp)

    def compiled(self, tp: Any) -> F:
        """``tp``'s function, compiled under the lock if no thread has compiled it yet."""
        with self.lock:
            found = self.done.get(tp) or self._pending.get(tp)
            if found is not None:
                return found
            outermost = not self._pending
            self._pending[tp] = self._stand_in(tp)
            try:
                found = self._pending[tp] = self._compile(tp)
                if outermost:
                    self.done.update(self._pending)
            finally:
                if outermost:
                    self._pending.clear()
            return found
