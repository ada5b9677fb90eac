"""What a front end hands the pipeline: the text, its source map and what it noticed."""

from __future__ import annotations

from attrs import frozen

from referat.models import Diagnostic
from referat.sources.sourcemap import SourceMap


@frozen
class Extracted:
    """The text a front end extracted, the map back to the source, the source's encoding (or
    format) and the front end's diagnostics (``no-text-layer`` …)."""

    text: str
    source_map: SourceMap
    encoding: str
    diagnostics: tuple[Diagnostic, ...] = ()
