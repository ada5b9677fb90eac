"""Which leading rows of a table are its header: decided by content, not by position alone.

The rows given here are the table's content rows (separator lines removed), as visible cell
texts. The rules, in order:

1. **Markdown separator.** If the raw table has a separator line (``|---|---|`` or
   ``--⇥---``) with content rows after it and only label rows (rule 2) above it, the rows
   above the first such separator are the header (this is how a pipe table states its header;
   an empty header row ``|  |  |`` is still a header row). A separator with nothing after it
   (``002:180``, ``002:847``) or below rows with values says nothing, and the content rules
   decide.
2. **Content rules.** Otherwise the header is the longest run of leading rows that are
   *label rows*, where a label row has no *value cell* in columns 2… (column 1 holds the row
   labels). A value cell is a Danish number or amount (``1.044.235``, ``37,4 %``,
   ``105.000 kr.``), a dash (``-``/``–``, "none"), or text starting with a number
   (``3,7 % (Sep-23)``, ``10 borgere``). Not values: bare years (``2017``, column labels),
   units (``1.000 kr.``, ``Mio. kr.``, ``%``), thresholds and ambitions in parentheses
   (``(> 40 %)``, ``(76,8 %)``), and text (``Resultater 2018``, ``Juli 2022``).
3. A label row after the first one only stays in the header if it looks like a header
   continuation: it is empty (``|  |  |``), or its first cell is empty (a spanning second row
   ``⇥Antal personer⇥Procent``, threshold rows ``⇥⇥(> 40 %)⇥…``), or only its first cell is
   filled (a sub-title ``Understøtter Odensemålet: …⇥⇥⇥``), or all its non-empty cells are
   years and units, or no header row so far names two or more columns (a caption row such as
   ``Tabel 1: …⇥`` before the real column labels). A row like ``1. indikator⇥Andel …⇥⇥⇥``
   under a full header is a body row with text only, not a header.
4. **No value rows at all.** A table with several rows and no value rows (text tables) keeps
   what rule 3 gives; a table whose rows would all be header rows keeps only the first row as
   its header when it has at least two rows. A table of a single row has no header: the row is
   its content (the timeline ``002:846``, five cells of text with a separator line after them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from referat_tables.quantities import VALUE_START, is_unit_cell, is_year, read_value

_STARTS_WITH_NUMBER: Final = re.compile(r"[-−–]?\s?\d")
_PARENTHESISED: Final = re.compile(r"\(.*\)", re.DOTALL)
_DIGIT: Final = re.compile(r"\d")
_DASHES: Final = frozenset("-–—")


def is_value_cell(text: str) -> bool:
    """Whether a (non-label-column) cell holds a value rather than a label.

    >>> [is_value_cell(t) for t in ("1.044.235", "–", "3,7 % (Sep-23)", "10 borgere")]
    [True, True, True, True]
    >>> [is_value_cell(t) for t in ("2017", "1.000 kr.", "(> 40 %)", "Resultat 2023", "")]
    [False, False, False, False, False]
    """
    text = text.strip()
    if not text or not (text[0] in VALUE_START or text[0].isdecimal()):
        return False  # a value (or a text starting with a number) starts so
    if text.isdecimal():
        return not is_year(text)  # digits are a number (a value) unless they are a year
    if _DIGIT.search(text) is None:
        # Every value but a dash has a digit (a number); a dash is neither a year nor a unit.
        return text in _DASHES
    if is_year(text) or is_unit_cell(text):
        return False
    if read_value(text) is not None:
        return True
    return _STARTS_WITH_NUMBER.match(text) is not None and not _PARENTHESISED.fullmatch(text)


def is_label_row(texts: Sequence[str]) -> bool:
    """A row with no value cell outside the first (row-label) column."""
    return not any(map(is_value_cell, texts[1:]))


def _filled(texts: Sequence[str]) -> int:
    return sum(1 for text in texts if text.strip())


def _is_continuation(texts: Sequence[str]) -> bool:
    if _filled(texts) == 0:
        return True
    if not texts[0].strip():
        return True
    if _filled(texts) == 1:
        return True
    return all(is_year(t) or is_unit_cell(t) for t in texts if t.strip())


def header_size(rows: Sequence[Sequence[str]], separator_at: int | None = None) -> int:
    """How many leading ``rows`` are header rows (see the module docstring).

    ``separator_at`` is the number of content rows above the first separator line that has
    content rows after it (``None`` when there is no such separator).

    >>> header_size([["Årstal", "Antal personer"], ["2020", "22"], ["2019", "16"]])
    1
    >>> header_size([["Mio. kr.", "2017", "2018"], ["Bruttobesparelse", "11,5", "18,9"]])
    1
    >>> header_size([["Årstal", "Ej tilbagefald", "", "Tilbagefald", ""],
    ...              ["", "Antal personer", "Procent", "Antal personer", "Procent"],
    ...              ["2020", "13", "65 %", "7", "35 %"]])
    2
    """
    return header_size_before(rows, first_value_row(rows), separator_at)


def first_value_row(rows: Sequence[Sequence[str]]) -> int:
    """The index of the first row that is not a label row (``len(rows)`` when there is none)."""
    for index, texts in enumerate(rows):
        if not is_label_row(texts):
            return index
    return len(rows)


def header_size_before(
    rows: Sequence[Sequence[str]], first_value: int, separator_at: int | None = None
) -> int:
    """:func:`header_size` when the first row that is not a label row is known."""
    # Every row above the separator is a label row when none of them is the first value row.
    if separator_at is not None and len(rows[:separator_at]) <= first_value:
        return separator_at
    if not rows:
        return 0
    size = 0
    named_columns = False
    for index, texts in enumerate(rows):
        if index >= first_value:
            break
        if index > 0 and named_columns and not _is_continuation(texts):
            break
        named_columns = named_columns or _filled(texts) >= 2
        size += 1
    if size == len(rows):
        if len(rows) == 1:
            return 0  # a lone row is the table's content, not a header over nothing
        # Text only: no value row anywhere. Keep leading empty rows and the first real row.
        size = 0
        while size < len(rows) - 1 and _filled(rows[size]) == 0:
            size += 1
        size += 1
    return size
