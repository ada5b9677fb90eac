"""Finding plugins: the ``referat.plugins`` entry-point group, loaded lazily.

The first-party plugins (tables, decisions, economics) are declared in ``pyproject.toml``
exactly like a third-party one. A plugin can also be named as ``"package.module:attr"`` or
passed as the callable itself.

Two installed plugins with the same name: the one the ``referat`` distribution ships wins
(else the first found); the others are refused with a ``plugin-duplicate`` diagnostic, so a
third-party ``tables`` can never silently replace the built-in. A plugin that cannot be
imported raises :class:`~referat.errors.PluginUnavailableError`, which the parser turns into a
``plugin-unavailable`` diagnostic.

The entry points are read the way :func:`importlib.metadata.entry_points` finds them (the
``*.dist-info`` and ``*.egg-info`` folders of the ``sys.path`` folders, the first distribution
of each name), but only the ``entry_points.txt`` files are opened, and a distribution's
metadata only when it declares a plugin: importing :mod:`importlib.metadata` (and the e-mail
parser it reads metadata with) and reading every distribution cost about a tenth of the start
of ``referat parse``. Anything else on ``sys.path`` (a zip file, an egg, another distribution
finder on ``sys.meta_path``) is left to :mod:`importlib.metadata` itself.
"""

from __future__ import annotations

import functools
import importlib
import importlib.machinery
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from referat.errors import PluginError, PluginUnavailableError

GROUP = "referat.plugins"
FIRST_PARTY = "referat"

PluginRef = str | Callable[..., None]


class EntryPoint(NamedTuple):
    """An installed plugin: ``name = value`` in the ``[referat.plugins]`` section of a
    distribution's ``entry_points.txt`` (read, not imported)."""

    name: str
    value: str  # "package.module:attr", as importlib.metadata.EntryPoint.value
    distribution: str | None  # the distribution's name (its metadata), None if it has none

    @property
    def group(self) -> str:
        """The entry-point group (always :data:`GROUP`)."""
        return GROUP

    @property
    def module(self) -> str:
        """The module part of :attr:`value` (``package.module``)."""
        return self._target()[0]

    @property
    def attr(self) -> str:
        """The attribute part of :attr:`value` (``plugin``; empty for a module)."""
        return self._target()[1]

    def load(self) -> Any:
        """Import the module and return the attribute (as ``EntryPoint.load`` does)."""
        module, attr = self._target()
        loaded = importlib.import_module(module)
        return functools.reduce(getattr, filter(None, attr.split(".")), loaded)

    def _target(self) -> tuple[str, str]:
        target = self.value.partition("[")[0]  # extras ("mod:attr [extra]") play no part
        module, _, attr = target.partition(":")
        return module.strip(), attr.strip()


@functools.cache
def _scan() -> tuple[dict[str, EntryPoint], tuple[tuple[EntryPoint, EntryPoint], ...]]:
    found: dict[str, EntryPoint] = {}
    refused: list[tuple[EntryPoint, EntryPoint]] = []
    points = sorted(_entry_points(), key=lambda ep: ep.distribution != FIRST_PARTY)
    for ep in points:  # first-party first, then in the order Python finds them
        kept = found.get(ep.name)
        if kept is None:
            found[ep.name] = ep
        elif kept.value != ep.value:  # the same target twice (a stale metadata copy) is fine
            refused.append((ep, kept))
    first = sorted(n for n, ep in found.items() if ep.distribution == FIRST_PARTY)
    rest = sorted(n for n in found if n not in first)
    return {n: found[n] for n in first + rest}, tuple(refused)


def _entry_points() -> list[EntryPoint]:
    """Every entry point of the group, in the order :mod:`importlib.metadata` gives them."""
    found = None if _other_finders() else _read_folders(list(sys.path))
    return _from_importlib() if found is None else found


def _other_finders() -> bool:
    """Does a finder on ``sys.meta_path`` other than Python's own path finder find
    distributions (which only :mod:`importlib.metadata` asks)?"""
    return any(
        finder is not importlib.machinery.PathFinder and hasattr(finder, "find_distributions")
        for finder in sys.meta_path
    )


def _from_importlib() -> list[EntryPoint]:
    from importlib.metadata import entry_points  # noqa: PLC0415 - the general case, ~20 ms

    return [
        EntryPoint(ep.name, ep.value, None if ep.dist is None else str(ep.dist.name))
        for ep in entry_points(group=GROUP)
    ]


#: PEP 503 normalisation of a distribution name, with ``_`` (``importlib.metadata``'s key).
_SEPARATORS = re.compile(r"[-_.]+")


def _normalized(name: str) -> str:
    return _SEPARATORS.sub("_", name).lower()


def _read_folders(paths: list[str]) -> list[EntryPoint] | None:
    """The group's entry points of the metadata folders in ``paths``; ``None`` when a path
    holds what only :mod:`importlib.metadata` reads (a zip file, an egg, an odd name)."""
    seen: set[str] = set()
    points: list[EntryPoint] = []
    for path in paths:
        infos = _metadata_folders(path)
        if infos is None:
            return None
        for name, folder in infos:
            if name not in seen:  # the first distribution of a name hides the others
                seen.add(name)
                points.extend(_declared(folder))
    return points


def _metadata_folders(path: str) -> list[tuple[str, str]] | None:
    """``(normalised name, folder)`` of each ``*.dist-info``/``*.egg-info`` in ``path``,
    grouped by name in the order of the folder listing (as ``importlib.metadata`` does)."""
    if not isinstance(path, str) or path.lower().endswith(".egg"):
        return None
    root = path or "."
    try:
        children = os.listdir(root)
    except OSError:
        return None if os.path.isfile(root) else []  # a zip file; a missing folder has none
    by_name: dict[str, list[str]] = {}
    for child in children:
        low = child.lower()
        if not low.endswith((".dist-info", ".egg-info")):
            continue
        if not child.endswith((".dist-info", ".egg-info")):
            return None  # "Foo.DIST-INFO": importlib.metadata names it from its metadata
        name = _normalized(low.rpartition(".")[0].partition("-")[0])
        by_name.setdefault(name, []).append(os.path.join(root, child))
    return [(name, folder) for name, folders in by_name.items() for folder in folders]


def _declared(folder: str) -> Iterator[EntryPoint]:
    """The group's entries of ``folder/entry_points.txt`` (parsed as ``importlib.metadata``
    parses it: stripped lines, ``#`` comments, ``[group]`` headers, ``name = value``)."""
    text = _read(folder, "entry_points.txt")
    if text is None or GROUP not in text:
        return
    distribution = _distribution_name(folder)
    group = None
    for line in map(str.strip, text.splitlines()):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line.strip("[]")
        elif group == GROUP:
            name, _, value = line.partition("=")
            yield EntryPoint(name.strip(), value.strip(), distribution)


def _distribution_name(folder: str) -> str | None:
    """The ``Name:`` of the distribution's metadata (``METADATA``, or ``PKG-INFO``)."""
    text = _read(folder, "METADATA") or _read(folder, "PKG-INFO") or ""
    for line in text.splitlines():
        if not line.strip():
            break  # the end of the headers
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == "name":
            return value.strip()
    return None


def _read(folder: str, name: str) -> str | None:
    try:
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            return handle.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None


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
        f"{refused.value} (distribution {refused.distribution or '?'}) has the same name as "
        f"{kept.value} (distribution {kept.distribution or '?'}), which is loaded instead"
    )


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
