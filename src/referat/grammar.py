"""Finding and loading the ``.lark`` grammars.

The grammars live in the repository's top-level ``grammars/`` (the specification of the
document language). A wheel ships them as ``referat/grammars``; an editable install reads the
repository's folder. Parsers are built once per process and cached.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from lark import Lark

_PACKAGE_DIR = Path(__file__).resolve().parent


def grammar_dir() -> Path:
    """The folder holding the ``.lark`` files, in a wheel or in a source checkout."""
    for candidate in (_PACKAGE_DIR / "grammars", _PACKAGE_DIR.parents[1] / "grammars"):
        if (candidate / "referat.lark").is_file():
            return candidate
    msg = f"referat's grammars are missing (looked in {_PACKAGE_DIR / 'grammars'})"
    raise FileNotFoundError(msg)


def grammar_text(name: str) -> str:
    """The source of ``grammars/<name>`` (e.g. ``"decision.lark"``)."""
    return (grammar_dir() / name).read_text(encoding="utf-8")


@functools.cache
def _cached(name: str, options: tuple[tuple[str, Any], ...]) -> Lark:
    settings = dict(options)
    if isinstance(settings.get("start"), tuple):
        settings["start"] = list(settings["start"])  # lark wants a list of start rules
    return Lark(grammar_text(name), parser="lalr", **settings)


def load_grammar(name: str, **options: Any) -> Lark:
    """A cached LALR :class:`lark.Lark` for ``grammars/<name>``.

    Options must be hashable; give several start rules as a tuple: ``start=("a", "b")``.
    """
    if isinstance(options.get("start"), list):
        options["start"] = tuple(options["start"])
    return _cached(name, tuple(sorted(options.items())))
