"""Exceptions of the public API. No lark exception ever escapes referat."""

from __future__ import annotations

from referat.models.span import Diagnostic, Span


class ReferatError(Exception):
    """Base class of every error referat raises."""


class ReferatSyntaxError(ReferatError):
    """Strict mode found a problem in the document.

    ``code`` is stable (see ``docs/cli.md``); ``line`` and ``column`` are 1-based; ``excerpt``
    is the offending source line with a caret under the column.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        line: int,
        column: int,
        excerpt: str = "",
        source: str | None = None,
        diagnostics: tuple[Diagnostic, ...] = (),
    ) -> None:
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.excerpt = excerpt
        self.source = source
        self.diagnostics = diagnostics
        where = f"{source or '<text>'}:{line}:{column}"
        super().__init__(f"{where}: error {code}: {message}" + (f"\n{excerpt}" if excerpt else ""))

    @classmethod
    def from_diagnostic(
        cls,
        diagnostic: Diagnostic,
        text: str,
        *,
        source: str | None = None,
        diagnostics: tuple[Diagnostic, ...] = (),
    ) -> ReferatSyntaxError:
        """Build the error for ``diagnostic``, with a caret excerpt of ``text``."""
        span = diagnostic.span
        line, column = (span.start_line, span.start_col) if span else (1, 1)
        return cls(
            diagnostic.code,
            diagnostic.message,
            line=line,
            column=column,
            excerpt=caret_excerpt(text, span) if span else "",
            source=source,
            diagnostics=diagnostics,
        )


class PluginError(ReferatError):
    """A plugin or its registration is wrong (bad signature, duplicate name, bad ordering)."""


class SourceError(ReferatError):
    """A source file cannot be read: an encrypted or damaged PDF, an XML document with entity
    declarations, a format referat does not read (a ZIP, an image). ``format`` names what the
    source was taken for (``"pdf"``, ``"xml"``, ``"zip"`` …)."""

    def __init__(self, message: str, *, format: str | None = None) -> None:
        self.format = format
        super().__init__(message)


class MissingDependencyError(SourceError, ImportError):
    """A front end needs an optional dependency: ``pip install 'referat[pdf]'`` (``extra``)."""

    def __init__(self, message: str, *, extra: str) -> None:
        self.extra = extra
        SourceError.__init__(self, message, format=extra)


class PluginUnavailableError(PluginError):
    """A plugin could not be imported or loaded; ``plugin`` is its name.

    A :class:`~referat.Parser` does not raise it: the plugin becomes a
    ``plugin-unavailable`` diagnostic on every document and the other plugins run.
    """

    def __init__(self, plugin: str, message: str) -> None:
        self.plugin = plugin
        super().__init__(message)


class ReferatLoadError(ReferatError):
    """:func:`referat.loads` could not read its input (the cause is chained)."""


class ReferatDumpError(ReferatError):
    """:func:`referat.dumps` was given a document that JSON cannot hold (a ``NaN`` in a
    hand-made model, say); the parser never makes one."""


def caret_excerpt(text: str, span: Span) -> str:
    """The source line of ``span.start`` with a caret under its column (TABs kept, so the
    caret lines up in a terminal)."""
    from referat.lines import LineIndex  # noqa: PLC0415 - errors must stay import-light

    index = LineIndex(text)
    line = index.line(span.start_line - 1)
    gutter = f"{span.start_line:>5} | "
    pad = "".join("\t" if c == "\t" else " " for c in line[: span.start_col - 1])
    return f"{gutter}{line}\n{' ' * len(gutter)}{pad}^"
