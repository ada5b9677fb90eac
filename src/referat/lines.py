"""Offsets, lines and columns of the original text.

The text is never edited: CRLF, CR and LF all end a line, and every span indexes the text as
given. A leading byte-order mark belongs to no line (line 1 starts after it).
:class:`LineIndex` turns offsets into :class:`~referat.models.Span` objects.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from typing import Final

from referat.models import Span
from referat.slots import SlotMaker

_LINE_END = re.compile(r"\r\n|\r|\n")

#: Spans are the most numerous objects of a parse: made by setting their slots (referat.slots).
_SPAN: Final = SlotMaker(Span, ("start_line", "start_col", "end_line", "end_col", "start", "end"))


def make_span(  # noqa: PLR0917 - the fields of Span, in its order
    start_line: int, start_col: int, end_line: int, end_col: int, start: int, end: int
) -> Span:
    """``Span(start_line, start_col, end_line, end_col, start, end)``, made faster."""
    return _SPAN.make(start_line, start_col, end_line, end_col, start, end)


class LineIndex:
    """Line starts and contents of a text; builds spans from offsets."""

    __slots__ = ("_lines", "ends", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None
        if "\r" not in text:  # the common case: split is far faster than a regex
            starts = [0]
            ends = []
            position = 0
            contents = text.split("\n")
            for line in contents:
                position += len(line)
                ends.append(position)
                position += 1
                starts.append(position)
            starts.pop()
            if text.startswith("\ufeff"):
                contents[0] = contents[0][1:]
            self._lines = contents  # what lines() returns: the lexer asks for it at once
        else:
            starts = [0]
            ends = []
            for match in _LINE_END.finditer(text):
                ends.append(match.start())
                starts.append(match.end())
            ends.append(len(text))
        if text.startswith("\ufeff"):
            starts[0] = 1  # a byte-order mark is not part of line 1 (it becomes trivia)
        # Compact arrays, not lists of int objects: 8 bytes a line instead of 36 (a text of
        # one short number a line has as many lines as it has bytes / 2).
        self.starts = array("q", starts)  # offset of each line's first character (0-based lines)
        self.ends = array("q", ends)  # offset just after each line's content (before its end)

    def __len__(self) -> int:
        return len(self.starts)

    def line(self, number: int) -> str:
        """The content of 0-based line ``number``, without its terminator."""
        return self.text[self.starts[number] : self.ends[number]]

    def lines(self) -> list[str]:
        """Every line's content, without terminators (like ``str.splitlines`` but exact).

        Computed once; callers must not modify the list.
        """
        if self._lines is None:  # a text with CR line ends (the others are split at once)
            text = self.text
            self._lines = [text[s:e] for s, e in zip(self.starts, self.ends, strict=True)]
        return self._lines

    def locate(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``."""
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]``."""
        start_line, start_col = self.locate(start)
        end_line, end_col = self.locate(end)
        return make_span(start_line, start_col, end_line, end_col, start, end)

    def line_span(self, first: int, last: int) -> Span:
        """The span of 0-based lines ``first..last`` (inclusive), without the last terminator."""
        start = self.starts[first]
        end = self.ends[last]
        return make_span(first + 1, 1, last + 1, end - self.starts[last] + 1, start, end)
