"""Source locations: every model node points back into the original text."""

import enum

from attrs import frozen

from referat.models.base import Model


@frozen(repr=False, eq=False)
class Span(Model):
    """A half-open range ``[start, end)`` of character offsets into the original text.

    ``start_line``/``start_col`` locate ``start``; ``end_line``/``end_col`` locate ``end``
    (the position just after the last character). Lines and columns are 1-based, columns
    count characters (not bytes), exactly as an editor shows them.
    """

    start_line: int
    start_col: int
    end_line: int
    end_col: int
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def __contains__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return False
        return self.start <= other.start and other.end <= self.end

    def __str__(self) -> str:
        return f"{self.start_line}:{self.start_col}-{self.end_line}:{self.end_col}"


class Severity(enum.Enum):
    """How bad a :class:`Diagnostic` is. ``ERROR`` makes strict mode raise."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@frozen(repr=False, eq=False)
class Diagnostic(Model):
    """A problem found while parsing or extracting; never an exception in lenient mode.

    ``code`` is stable and documented (``docs/cli.md``): tools may filter on it.
    ``plugin`` names the extractor that reported it, ``item`` the agenda item number.
    """

    severity: Severity
    code: str
    message: str
    span: Span | None
    plugin: str | None = None
    item: int | None = None

    def describe(self, source: str | None = None) -> str:
        """One line: ``source:line:col: severity code: message`` (the format of strict
        mode's errors too). A diagnostic about the whole input has no span: it is given
        line 1, column 1; line breaks in the message are shown as ``\\n``."""
        line, column = (self.span.start_line, self.span.start_col) if self.span else (1, 1)
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        return f"{source or '<text>'}:{line}:{column}: {self.severity.value} {self.code}: {message}"
