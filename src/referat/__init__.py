"""referat: Danish municipal meeting minutes (referater) as typed, validated data.

>>> import referat
>>> doc = referat.parse("Punkt 1: Godkendelse af dagsorden\\n\\n00.01.00-A00-1-24\\n\\n"
...                     "Beslutning\\n\\nOrientering givet.", plugins=[])
>>> doc.items[0].case_number.kle_title
'Kommunens styrelse i almindelighed'
>>> doc.items[0].sections[0].kind
<SectionKind.DECISION: 'Beslutning'>
"""

import gc as _gc

# The cyclic garbage collector is paused while the package imports: what an import makes
# (modules, classes, functions, patterns) lives as long as the program, so the collections its
# allocations set off would only walk it (several milliseconds of every start). It is switched
# on again after these imports if it was on, also when one of them fails.
_collecting = _gc.isenabled()
_gc.disable()
try:
    import importlib as _importlib
    from typing import TYPE_CHECKING, Any

    from referat._version import __version__

    # The model is imported now (every command needs it). ``referat.leaves`` and
    # ``referat.render`` are modules as well as functions: imported now too, so that a later
    # import of the module (by referat.testing, say) cannot shadow the function of that name.
    from referat.leaves import Trivia, leaves
    from referat.models import (
        AgendaItem,
        CaseNumber,
        CaseType,
        Diagnostic,
        Heading,
        ListBlock,
        ListItem,
        Meeting,
        Paragraph,
        Referat,
        Section,
        SectionKind,
        Severity,
        Span,
        TableBlock,
        TableRow,
        TocEntry,
        Unparsed,
    )
    from referat.render import render, render_with_diagnostics
finally:
    if _collecting:
        _gc.enable()
    del _collecting

if TYPE_CHECKING:  # the rest is imported on first use (``referat --version`` needs no lark)
    from referat.api import Parser, parse, parse_bytes, parse_file, parse_structure
    from referat.context import Context
    from referat.convert import dumps, loads, to_json_value
    from referat.corpus.batch import parse_many
    from referat.errors import (
        MissingDependencyError,
        PluginError,
        PluginUnavailableError,
        ReferatDumpError,
        ReferatError,
        ReferatLoadError,
        ReferatSyntaxError,
        SourceError,
    )
    from referat.registry import Registry
    from referat.results import ResultKey
    from referat.sources import Location, SourceMap, locate

#: Where each public name lives; imported when first asked for (PEP 562).
_LAZY = {
    "Parser": "referat.api",
    "parse": "referat.api",
    "parse_bytes": "referat.api",
    "parse_file": "referat.api",
    "parse_structure": "referat.api",
    "Context": "referat.context",
    "dumps": "referat.convert",
    "loads": "referat.convert",
    "to_json_value": "referat.convert",
    "parse_many": "referat.corpus.batch",
    "MissingDependencyError": "referat.errors",
    "PluginError": "referat.errors",
    "PluginUnavailableError": "referat.errors",
    "ReferatDumpError": "referat.errors",
    "ReferatError": "referat.errors",
    "ReferatLoadError": "referat.errors",
    "ReferatSyntaxError": "referat.errors",
    "SourceError": "referat.errors",
    "Registry": "referat.registry",
    "ResultKey": "referat.results",
    "Location": "referat.sources",
    "SourceMap": "referat.sources",
    "locate": "referat.sources",
}


#: Submodules that ``referat.<name>`` gives without an import of their own, as it did when the
#: package imported them eagerly (``referat.api.default_parser()``, ``referat.corpus.build``).
_SUBMODULES = frozenset(
    {
        "api",
        "attendance",
        "blocks",
        "build",
        "classify",
        "cli",
        "context",
        "convert",
        "corpus",
        "danish",
        "decode",
        "discovery",
        "errors",
        "grammar",
        "kle",
        "layouts",
        "lexer",
        "lines",
        "models",
        "registry",
        "results",
        "runner",
        "schema",
        "select",
        "sources",
        "testing",
        "vocabulary",
    }
)


def __getattr__(name: str) -> Any:
    """Import the module of a public name (or a submodule) on first use, and keep it here."""
    if name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name]), name)
    elif name in _SUBMODULES:
        value = _importlib.import_module(f"{__name__}.{name}")
    else:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "AgendaItem",
    "CaseNumber",
    "CaseType",
    "Context",
    "Diagnostic",
    "Heading",
    "ListBlock",
    "ListItem",
    "Location",
    "Meeting",
    "MissingDependencyError",
    "Paragraph",
    "Parser",
    "PluginError",
    "PluginUnavailableError",
    "Referat",
    "ReferatDumpError",
    "ReferatError",
    "ReferatLoadError",
    "ReferatSyntaxError",
    "Registry",
    "ResultKey",
    "Section",
    "SectionKind",
    "Severity",
    "SourceError",
    "SourceMap",
    "Span",
    "TableBlock",
    "TableRow",
    "TocEntry",
    "Trivia",
    "Unparsed",
    "__version__",
    "dumps",
    "leaves",
    "loads",
    "locate",
    "parse",
    "parse_bytes",
    "parse_file",
    "parse_many",
    "parse_structure",
    "render",
    "render_with_diagnostics",
    "to_json_value",
]
