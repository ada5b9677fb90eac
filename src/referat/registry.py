"""The plugin contract: a plugin is a callable that takes the :class:`Registry`.

.. code-block:: python

    def plugin(registry: referat.Registry, /, **options) -> None:
        registry.add_extractor("economics", extract_economics, after="tables", result=Economy)

Extractors are pure functions ``(item_or_section, context) -> result | None``. The runner
(:mod:`referat.runner`) attaches results to items and turns exceptions into diagnostics.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

from attrs import frozen

from referat.errors import PluginError
from referat.models import SectionKind

if TYPE_CHECKING:
    from referat.layouts import Layout
    from referat.runner import Context

Scope = Literal["item", "section"]
Extractor = Callable[[Any, "Context"], object]


class Plugin(Protocol):
    """What an entry point in the ``referat.plugins`` group must resolve to."""

    def __call__(self, registry: Registry, /) -> None: ...


@frozen
class ExtractorSpec:
    """A registered extractor.

    ``scope="item"`` calls ``function(item, ctx)`` once per agenda item; ``scope="section"``
    calls ``function(section, ctx)`` for each section whose kind is in ``sections`` (all when
    empty) and attaches the tuple of non-``None`` results. ``result`` is the type of the value
    attached to the item; it drives JSON structuring and the JSON Schema.
    """

    name: str
    function: Extractor
    plugin: str
    scope: Scope = "item"
    sections: frozenset[SectionKind] = frozenset()
    result: Any = None
    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    summary: Callable[[Any], str] | None = None


@frozen
class ConverterHook:
    """Custom (un)structuring for a plugin type that cattrs cannot handle on its own."""

    cls: type
    unstructure: Callable[[Any], Any]
    structure: Callable[[Any, type], Any]


class Registry:
    """Ordered, named extractors and layouts, filled by plugins."""

    def __init__(self) -> None:
        self._extractors: dict[str, ExtractorSpec] = {}
        self._layouts: dict[str, Layout] = {}
        self.hooks: list[ConverterHook] = []
        self.plugins: list[str] = []
        self._current_plugin = "<direct>"

    # -- used by plugins ------------------------------------------------------------------
    def add_extractor(
        self,
        name: str,
        function: Extractor,
        *,
        scope: Scope = "item",
        sections: Iterable[SectionKind] = (),
        result: Any = None,
        after: str | Sequence[str] = (),
        before: str | Sequence[str] = (),
        summary: Callable[[Any], str] | None = None,
        replace: bool = False,
    ) -> None:
        """Register ``function`` under ``name``; ordered after/before other names.

        ``summary`` renders a result as one or more short lines for ``--format summary``.
        """
        if name in self._extractors and not replace:
            msg = f"an extractor named {name!r} is already registered"
            raise PluginError(msg)
        if scope not in ("item", "section"):
            msg = f"extractor {name!r}: scope must be 'item' or 'section', not {scope!r}"
            raise PluginError(msg)
        _check_signature(name, function)
        self._extractors[name] = ExtractorSpec(
            name=name,
            function=function,
            plugin=self._current_plugin,
            scope=scope,
            sections=frozenset(sections),
            result=result,
            after=_names(after),
            before=_names(before),
            summary=summary,
        )

    def remove_extractor(self, name: str) -> None:
        """Unregister ``name`` (a ``KeyError`` if there is none)."""
        del self._extractors[name]

    def add_layout(self, layout: Layout, *, replace: bool = False) -> None:
        """Teach referat another layout family (see :class:`referat.layouts.Layout`)."""
        if layout.name in self._layouts and not replace:
            msg = f"a layout named {layout.name!r} is already registered"
            raise PluginError(msg)
        self._layouts[layout.name] = layout

    def add_converter_hook(
        self,
        cls: type,
        unstructure: Callable[[Any], Any],
        structure: Callable[[Any, type], Any],
    ) -> None:
        """Tell the JSON converter how to handle ``cls`` (attrs classes need no hook)."""
        self.hooks.append(ConverterHook(cls, unstructure, structure))

    # -- used by the runner ---------------------------------------------------------------
    def apply(self, plugin: Callable[..., None], name: str, /, **options: Any) -> None:
        """Run ``plugin(self, **options)`` with ``name`` recorded on what it registers."""
        previous, self._current_plugin = self._current_plugin, name
        try:
            plugin(self, **options)
        finally:
            self._current_plugin = previous
        self.plugins.append(name)

    @property
    def layouts(self) -> tuple[Layout, ...]:
        """The registered layouts, in registration order."""
        return tuple(self._layouts.values())

    def extractor(self, name: str) -> ExtractorSpec | None:
        """The extractor registered under ``name``."""
        return self._extractors.get(name)

    def extractors(self) -> tuple[ExtractorSpec, ...]:
        """The extractors in run order: registration order, moved by after/before."""
        return _ordered(self._extractors)


def _names(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _check_signature(name: str, function: Extractor) -> None:
    if not callable(function):
        msg = f"extractor {name!r} is not callable"
        raise PluginError(msg)
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # builtins without a signature: accept, as Python does
        return
    try:
        signature.bind(None, None)
    except TypeError as error:
        msg = f"extractor {name!r} must accept (item_or_section, context): {error}"
        raise PluginError(msg) from error


def _ordered(specs: dict[str, ExtractorSpec]) -> tuple[ExtractorSpec, ...]:
    """Topological order that keeps registration order where the constraints allow."""
    names = list(specs)
    preds: dict[str, set[str]] = {n: set() for n in names}
    for spec in specs.values():
        for other in spec.after:
            if other in specs:  # an absent plugin imposes no order
                preds[spec.name].add(other)
        for other in spec.before:
            if other in specs:
                preds[other].add(spec.name)
    ordered: list[ExtractorSpec] = []
    done: set[str] = set()
    while len(ordered) < len(names):
        ready = next((n for n in names if n not in done and preds[n] <= done), None)
        if ready is None:
            cycle = sorted(n for n in names if n not in done)
            msg = f"extractor ordering has a cycle among {cycle}"
            raise PluginError(msg)
        done.add(ready)
        ordered.append(specs[ready])
    return tuple(ordered)
