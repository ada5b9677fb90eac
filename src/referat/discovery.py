"""Finding plugins: the ``referat.plugins`` entry-point group, loaded lazily.

The first-party plugins (tables, decisions, economics) are declared in ``pyproject.toml``
exactly like a third-party one. A plugin can also be named as ``"package.module:attr"`` or
passed as the callable itself.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from referat.errors import PluginError

GROUP = "referat.plugins"

PluginRef = str | Callable[..., None]


@functools.cache
def available() -> dict[str, EntryPoint]:
    """Every installed plugin by name (entry points are read, not imported)."""
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def resolve(ref: PluginRef) -> tuple[str, Callable[..., None]]:
    """``(name, callable)`` for an entry-point name, a ``"module:attr"`` path or a callable."""
    if callable(ref):
        return name_of(ref), ref
    if ref in available():
        try:
            loaded: Any = available()[ref].load()
        except Exception as error:
            msg = f"plugin {ref!r} could not be loaded: {type(error).__name__}: {error}"
            raise PluginError(msg) from error
        return ref, _callable(ref, loaded)
    if ":" in ref:
        module, _, attr = ref.partition(":")
        try:
            loaded = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as error:
            msg = f"plugin {ref!r} could not be imported: {error}"
            raise PluginError(msg) from error
        return ref, _callable(ref, loaded)
    known = ", ".join(sorted(available())) or "none installed"
    msg = f"unknown plugin {ref!r} (installed: {known})"
    raise PluginError(msg)


def name_of(plugin: Callable[..., None]) -> str:
    """``module:qualname`` of a plugin passed as a callable (its name in diagnostics)."""
    module = getattr(plugin, "__module__", None) or "?"
    qualname = getattr(plugin, "__qualname__", None) or type(plugin).__qualname__
    return f"{module}:{qualname}"


def _callable(name: str, value: object) -> Callable[..., None]:
    if not callable(value):
        msg = f"plugin {name!r} is not callable"
        raise PluginError(msg)
    return value
