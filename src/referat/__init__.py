"""referat: Danish municipal meeting minutes (referater) as typed, validated data.

>>> import referat
>>> doc = referat.parse("Punkt 1: Godkendelse af dagsorden\\n\\n00.01.00-A00-1-24\\n\\n"
...                     "Beslutning\\n\\nOrientering givet.", plugins=[])
>>> doc.items[0].case_number.kle_title
'Kommunens styrelse i almindelighed'
>>> doc.items[0].sections[0].kind
<SectionKind.DECISION: 'Beslutning'>
"""

from referat._version import __version__
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
from referat.registry import Registry
from referat.render import render, render_with_diagnostics
from referat.results import ResultKey
from referat.sources import Location, SourceMap, locate

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
