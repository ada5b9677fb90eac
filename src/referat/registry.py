"""The plugin contract: a plugin is a callable that takes the :class:`Registry`.

.. code-block:: python

    ECONOMY = referat.ResultKey("economics", Economy)

    def plugin(registry: referat.Registry, /, **options) -> None:
        registry.add_extractor(ECONOMY, extract_economics, after="tables")

Extractors are pure functions ``(item_or_section, context) -> result | None``. The runner
(:mod:`referat.runner`) attaches results to items and turns exceptions into diagnostics.

A plugin that fails while it registers (it raises, registers a name another plugin holds, or
makes the extractor order cyclic) is rolled back — nothing it registered stays — and becomes
one diagnostic in :attr:`Registry.problems`; every other plugin is unaffected.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from types import BuiltinFunctionType
from typing import TYPE_CHECKING, Any, Literal, Protocol

from attrs import frozen

from referat.errors import PluginError
from referat.models import Diagnostic, Model, SectionKind, Severity
from referat.results import ResultKey, type_name

if TYPE_CHECKING:
    from referat.context import Context
    from referat.layouts import Layout

Scope = Literal["item", "section"]
Extractor = Callable[[Any, "Context"], object]


class Plugin(Protocol):
    """What an entry point in the ``referat.plugins`` group must resolve to."""

    def __call__(self, registry: Registry, /) -> None: ...


@frozen(repr=False, eq=False)
class ExtractorSpec(Model):
    """A registered extractor.

    ``scope="item"`` calls ``function(item, ctx)`` once per agenda item; ``scope="section"``
    calls ``function(section, ctx)`` for each section whose kind is in ``sections`` (all when
    empty) and attaches the tuple of non-``None`` results. ``result`` is the type of the value
    attached to the item; it drives JSON structuring and the JSON Schema, and every value is
    checked against it (``None``: anything JSON can hold).
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

    @property
    def key(self) -> ResultKey[Any]:
        """The typed key of this extractor's results."""
        return ResultKey(self.name, self.result)


@frozen(repr=False, eq=False)
class ConverterHook(Model):
    """Custom (un)structuring for a plugin type that cattrs cannot handle on its own."""

    cls: type
    unstructure: Callable[[Any], Any]
    structure: Callable[[Any, type], Any]


@frozen(repr=False, eq=False)
class PluginFailure(Model):
    """A plugin that is not in the registry: why, and at which stage it failed."""

    plugin: str
    stage: Literal["import", "registration", "duplicate"]
    message: str


#: The diagnostic code of each failure stage (documented in docs/cli.md).
FAILURE_CODES = {
    "import": "plugin-unavailable",
    "registration": "plugin-failed",
    "duplicate": "plugin-duplicate",
}


class Registry:
    """Ordered, named extractors and layouts, filled by plugins."""

    def __init__(self) -> None:
        self._extractors: dict[str, ExtractorSpec] = {}
        self._layouts: dict[str, Layout] = {}
        self.hooks: list[ConverterHook] = []
        self.plugins: list[str] = []
        self.failures: list[PluginFailure] = []
        self._notes: list[Diagnostic] = []
        self._current_plugin = "<direct>"

    # -- used by plugins ------------------------------------------------------------------
    def add_extractor(
        self,
        name: str | ResultKey[Any],
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
        """Register ``function`` under ``name`` (a :class:`~referat.ResultKey` or a string
        with ``result=`` the result type); ordered after/before other names.

        ``summary`` renders a result as one or more short lines for ``--format summary``.
        A name that is already registered is refused unless ``replace=True``; replacing
        another plugin's extractor is reported (``extractor-replaced``), never silent.
        """
        if isinstance(name, ResultKey):
            key: ResultKey[Any] = name
            if result is not None and result != key.result:
                msg = (
                    f"extractor {key.name!r}: result={type_name(result)} contradicts its key's "
                    f"type {type_name(key.result)}"
                )
                raise PluginError(msg)
            name, result = key.name, key.result
        if not isinstance(name, str) or not name:
            msg = f"an extractor name must be a non-empty str or a ResultKey, not {name!r}"
            raise PluginError(msg)
        existing = self._extractors.get(name)
        if existing is not None and not replace:
            msg = (
                f"an extractor named {name!r} is already registered (by plugin {existing.plugin!r})"
            )
            raise PluginError(msg)
        if scope not in ("item", "section"):
            msg = f"extractor {name!r}: scope must be 'item' or 'section', not {scope!r}"
            raise PluginError(msg)
        _check_signature(name, function)
        if summary is not None and not callable(summary):
            msg = f"extractor {name!r}: summary is not callable"
            raise PluginError(msg)
        if existing is not None and existing.plugin != self._current_plugin:
            self._notes.append(
                Diagnostic(
                    Severity.WARNING,
                    "extractor-replaced",
                    f"plugin {self._current_plugin!r} replaced extractor {name!r} of plugin "
                    f"{existing.plugin!r}",
                    None,
                    plugin=self._current_plugin,
                )
            )
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

    # -- used by the parser ---------------------------------------------------------------
    def apply(
        self, plugin: Callable[..., None], name: str, /, *, isolate: bool = False, **options: Any
    ) -> bool:
        """Run ``plugin(self, **options)`` with ``name`` recorded on what it registers.

        A plugin whose name is taken, that raises or that makes the extractor order cyclic
        is rolled back — nothing it registered stays — and its exception re-raised (a taken
        name or a cycle: :class:`PluginError`). With ``isolate=True`` (how the parser loads
        plugins) the failure is recorded in :attr:`failures` instead, for anything but
        ``KeyboardInterrupt``. Returns whether the plugin is in.
        """
        if name in self.plugins:
            message = f"a plugin named {name!r} is already loaded"
            if not isolate:
                raise PluginError(message)
            self.fail(name, "duplicate", message)
            return False
        saved = (dict(self._extractors), dict(self._layouts), len(self.hooks), len(self._notes))
        previous, self._current_plugin = self._current_plugin, name
        try:
            plugin(self, **options)
            self.extractors()  # a cycle is this plugin's failure, found now, not at parse
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # one plugin must not cost the others (re-raised or kept)
            self._extractors, self._layouts = saved[0], saved[1]
            del self.hooks[saved[2] :]
            del self._notes[saved[3] :]
            if not isolate:
                raise
            self.fail(name, "registration", f"{type(error).__name__}: {error}")
            return False
        finally:
            self._current_plugin = previous
        self.plugins.append(name)
        return True

    def fail(
        self, plugin: str, stage: Literal["import", "registration", "duplicate"], message: str
    ) -> None:
        """Record that ``plugin`` is not in the registry (see :attr:`problems`)."""
        self.failures.append(PluginFailure(plugin, stage, message))

    @property
    def problems(self) -> tuple[Diagnostic, ...]:
        """One diagnostic per plugin that failed, and per replaced extractor; the parser
        adds them to every document."""
        failed = tuple(
            Diagnostic(
                Severity.WARNING,
                FAILURE_CODES[failure.stage],
                _failure_message(failure),
                None,
                plugin=failure.plugin,
            )
            for failure in self.failures
        )
        return failed + tuple(self._notes)

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

    @property
    def opaque_types(self) -> tuple[type, ...]:
        """The classes with a converter hook (results hold them as they are)."""
        return tuple(hook.cls for hook in self.hooks)


def _failure_message(failure: PluginFailure) -> str:
    if failure.stage == "import":
        return f"plugin {failure.plugin!r} is unavailable: {failure.message}"
    if failure.stage == "duplicate":
        return f"plugin {failure.plugin!r} was refused: {failure.message}"
    return f"plugin {failure.plugin!r} failed to register: {failure.message}"


def _names(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _check_signature(name: str, function: Extractor) -> None:
    if not callable(function):
        msg = f"extractor {name!r} is not callable"
        raise PluginError(msg)
    if isinstance(function, BuiltinFunctionType) and _two_plain_parameters(
        function.__text_signature__  # type: ignore[attr-defined]
    ):
        return  # what inspect.signature reads from it binds (item_or_section, context)
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # builtins without a signature: accept, as Python does
        return
    try:
        signature.bind(None, None)
    except TypeError as error:
        msg = f"extractor {name!r} must accept (item_or_section, context): {error}"
        raise PluginError(msg) from error


def _two_plain_parameters(text_signature: object) -> bool:
    """Whether a compiled (or built-in) function's ``__text_signature__`` is ``(a, b)``: two
    plain names, no defaults, no ``/``, ``*`` or ``$``. ``inspect.signature`` would read it as
    two positional-or-keyword parameters, which bind ``(None, None)``; it reads the text with
    the tokenizer, whose pattern alone costs a few milliseconds to compile at each start."""
    if not isinstance(text_signature, str) or not (
        text_signature.startswith("(") and text_signature.endswith(")")
    ):
        return False
    names = text_signature[1:-1].split(", ")
    return len(names) == 2 and all(name.isidentifier() for name in names)


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
