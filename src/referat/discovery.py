"""Finding plugins: the ``referat.plugins`` entry-point group, loaded lazily.

The first-party plugins (tables, decisions, economics) are declared in ``pyproject.toml``
exactly like a third-party one. A plugin can also be named as ``"package.module:attr"`` or
passed as the callable itself.

Two installed plugins with the same name: the one the ``referat`` distribution ships wins
(else the first found); the others are refused with a ``plugin-duplicate`` diagnostic, so a
third-party ``tables`` can never silently replace the built-in. A plugin that cannot be
imported raises :class:`~referat.errors.PluginUnavailableError`, which the parser turns into a
``plugin-unavailable`` diagnostic.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from referat.errors import PluginError, PluginUnavailableError

if TYPE_CHECKING:  # importlib.metadata is imported when the plugins are first looked up
    from importlib.metadata import EntryPoint

GROUP = "referat.plugins"
FIRST_PARTY = "referat"

PluginRef = str | Callable[..., None]


@functools.cache
def _scan() -> tuple[dict[str, EntryPoint], tuple[tuple[EntryPoint, EntryPoint], ...]]:
    from importlib.metadata import entry_points  # noqa: PLC0415 - ~20 ms, not for parse(plugins=[])

    found: dict[str, EntryPoint] = {}
    refused: list[tuple[EntryPoint, EntryPoint]] = []
    points = sorted(entry_points(group=GROUP), key=lambda ep: _distribution(ep) != FIRST_PARTY)
    for ep in points:  # first-party first, then in the order Python finds them
        kept = found.get(ep.name)
        if kept is None:
            found[ep.name] = ep
        elif kept.value != ep.value:  # the same target twice (a stale metadata copy) is fine
            refused.append((ep, kept))
    first = sorted(n for n, ep in found.items() if _distribution(ep) == FIRST_PARTY)
    rest = sorted(n for n in found if n not in first)
    return {n: found[n] for n in first + rest}, tuple(refused)


def available() -> dict[str, EntryPoint]:
    """Every installed plugin by name, the first-party ones first (entry points are read,
    not imported)."""
    return dict(_scan()[0])


def duplicates() -> tuple[tuple[EntryPoint, EntryPoint], ...]:
    """``(refused, kept)`` for each installed plugin whose name another one already has."""
    return _scan()[1]


def clear_cache() -> None:
    """Forget the installed plugins (after installing one in a running process)."""
    _scan.cache_clear()


def duplicate_message(refused: EntryPoint, kept: EntryPoint) -> str:
    """Why ``refused`` is not loaded."""
    return (
        f"{refused.value} (distribution {_distribution(refused) or '?'}) has the same name as "
        f"{kept.value} (distribution {_distribution(kept) or '?'}), which is loaded instead"
    )


def _distribution(ep: EntryPoint) -> str | None:
    dist = getattr(ep, "dist", None)
    return None if dist is None else str(dist.name)


def resolve(ref: PluginRef) -> tuple[str, Callable[..., None]]:
    """``(name, callable)`` for an entry-point name, a ``"module:attr"`` path or a callable."""
    if callable(ref):
        return name_of(ref), ref
    installed = available()
    if ref in installed:
        return ref, _callable(ref, _load(ref, installed[ref].load))
    if ":" in ref:
        module, _, attr = ref.partition(":")
        loaded = _load(ref, lambda: getattr(importlib.import_module(module), attr))
        return ref, _callable(ref, loaded)
    known = ", ".join(sorted(available())) or "none installed"
    msg = f"unknown plugin {ref!r} (installed: {known})"
    raise PluginError(msg)


def name_of(plugin: Callable[..., None]) -> str:
    """``module:qualname`` of a plugin passed as a callable (its name in diagnostics)."""
    module = getattr(plugin, "__module__", None) or "?"
    qualname = getattr(plugin, "__qualname__", None) or type(plugin).__qualname__
    return f"{module}:{qualname}"


def _load(name: str, load: Callable[[], Any]) -> Any:
    """Import a plugin; whatever it raises (``SystemExit`` too, not ``KeyboardInterrupt``)
    becomes :class:`PluginUnavailableError` with the cause chained."""
    try:
        return load()
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # a plugin's import must not stop referat
        msg = f"plugin {name!r} could not be imported: {type(error).__name__}: {error}"
        raise PluginUnavailableError(name, msg) from error


def _callable(name: str, value: object) -> Callable[..., None]:
    if not callable(value):
        msg = f"plugin {name!r} is not callable: {type(value).__name__}"
        raise PluginUnavailableError(name, msg)
    return value
