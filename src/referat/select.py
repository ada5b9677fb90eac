"""Stage two of the lexer: which lines open agenda items, and which list the contents.

The classifier (:mod:`referat.classify`) marks every line that *could* be an item heading.
This pass decides with the lines around it, once for the whole document, so that the block
assembly (:mod:`referat.blocks`) sees a fixed answer and never re-reads ahead.

* **Odense layouts** (``layout.generic`` false): ``Punkt N:`` opens an item when ``N`` is the
  next number, or when it starts a block and a case number follows (a document may start at
  any item; numbers may skip).
* **Generic layouts**: a numbered heading opens an item when a case number, a section
  heading or an access marker (``Åben``) stands close below it and its number is higher than
  the last item's; a run of numbered lines with nothing between them before the first item,
  or lines with dot leaders and page numbers, are the table of contents; a numbered clause
  that continues a numbered list is a clause. A document with no such heading at all is read
  as *untitled*: an item opens at each case-number label, at an access marker followed by a
  section, and where the section the item began with comes round again.

Every scan looks at most a fixed number of lines ahead, so the pass is linear.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Final

from referat.classify import (
    ACCESS,
    BLANK,
    CASE,
    FURNITURE,
    HEADER,
    HEADING,
    ITEM,
    LIST_MARKER,
    LISTED,
    MD_HEADING,
    SECTION,
    TEXT,
    TOC_HEAD,
    TOC_LINE,
    CaseCandidate,
    ItemCandidate,
    Line,
    SectionCandidate,
)
from referat.layouts import Layout
from referat.vocabulary import document_kind

#: What opens an item at a line (``Selection.opens``).
HEADING_OPENS: Final = "heading"  # a numbered/titled heading
LEADING_CASE: Final = "leading-case"  # a case number that stands above its item's heading
CASE_OPENS: Final = "case"  # an untitled item opened by its case-number line
ACCESS_OPENS: Final = "access"  # an untitled item opened by an access marker (``Åben``)
SECTION_OPENS: Final = "section"  # an untitled item opened by a section heading

_WEAK_WINDOW: Final = 3  # non-blank lines below a bare-number heading that may hold the evidence
_STRONG_WINDOW: Final = 6  # the same for ``Punkt N``/``Pkt. N``/``Nr. N``
_UNTITLED_RESTART: Final = frozenset(
    {"DECISION_THEME", "RECOMMENDATION", "CASE_PRESENTATION", "RESUME"}
)


class Selection:
    """The answer for each line: ``opens[i]`` says what opens an item at line ``i``."""

    __slots__ = ("items", "next_nonblank", "opens", "untitled")

    def __init__(self, count: int) -> None:
        self.opens: list[str | None] = [None] * count
        self.next_nonblank = array("q", [count]) * (count + 1)
        self.untitled = False
        self.items = 0  # how many items open (the lexer treats the front matter by it)


def select(lines: Sequence[Line], layout: Layout) -> Selection:
    """Decide item openings and table-of-contents lines (marks ``TOC_LINE`` in place)."""
    selection = Selection(len(lines))
    following = selection.next_nonblank
    for k in range(len(lines) - 1, -1, -1):
        following[k] = k if lines[k].kind != BLANK else following[k + 1]
    if layout.generic:
        _generic(lines, selection, trusted=layout.trusted_headings)
    else:
        _odense(lines, selection)
    selection.items = sum(1 for o in selection.opens if o is not None and o != LEADING_CASE)
    return selection


def _odense(lines: Sequence[Line], selection: Selection) -> None:
    last = 0
    following = selection.next_nonblank
    for i, line in enumerate(lines):
        if line.kind != ITEM:
            continue
        candidate = line.data
        assert isinstance(candidate, ItemCandidate)
        number = candidate.number or 0
        accepted = number == last + 1
        if not accepted and (i == 0 or lines[i - 1].kind == BLANK):
            after = following[i + 1]
            accepted = after < len(lines) and lines[after].kind == CASE
        if accepted:
            selection.opens[i] = HEADING_OPENS
            last = number


def _generic(lines: Sequence[Line], selection: Selection, *, trusted: bool = False) -> None:
    """Choose item headings by evidence; then keep only the heading form most of them use
    (a document writes all its item headings alike: a numbered table of proposals inside an
    item, ``23 Styrkelse af …``, is not a run of items between ``Punkt 6:`` and ``Punkt 7:``)."""
    forms = _choose(lines, selection, None, trusted=trusted)
    if len(forms) > 1:
        chosen = max(forms, key=lambda form: (forms[form], -form))
        selection.opens = [None] * len(lines)
        _choose(lines, selection, chosen, trusted=trusted)
    opens = selection.opens
    first_item = next((i for i, o in enumerate(opens) if o is not None), None)
    _mark_toc(lines, selection, first_item)
    if first_item is not None:
        _leading_cases(lines, selection)
        _demote_refused(lines, selection)
        return
    _demote_refused(lines, selection)
    _untitled(lines, selection)


def _choose(
    lines: Sequence[Line], selection: Selection, only: int | None, *, trusted: bool = False
) -> dict[int, int]:
    """One pass of heading selection (only form ``only`` when given); how many headings
    each form opened."""
    opens = selection.opens
    last: tuple[int, ...] | None = None
    forms: dict[int, int] = {}
    previous_candidate: tuple[int, tuple[int, ...] | None, bool] | None = None  # line, key, taken
    for i, line in enumerate(lines):
        if line.kind != ITEM:
            continue
        candidate = line.data
        assert isinstance(candidate, ItemCandidate)
        if only is not None and candidate.form != only:
            continue
        key = candidate.path or None
        continues_list = (
            _sentence_like(candidate.title)
            and previous_candidate is not None
            and not previous_candidate[2]
            and key is not None
            and previous_candidate[1] is not None
            and _follows(previous_candidate[1], key)
            and _only_text_between(lines, previous_candidate[0], i)
        )
        ascending = last is None or key is None or key > last
        evidence = candidate.toc_page is None and (
            (trusted and candidate.strong)
            or _evidence(lines, i, candidate, selection)
            or _case_above(lines, i)
            or (
                ((last is None and candidate.strong) or _follows(last or (0,), key))
                and (last is not None or candidate.strong)
                and _next_in_sequence(lines, i, candidate, selection)
            )
        )
        # a heading the source marked (trusted) opens an item in any order (``Punkt 0:``)
        accepted = evidence and (ascending or trusted) and not continues_list
        if accepted:
            opens[i] = HEADING_OPENS
            forms[candidate.form] = forms.get(candidate.form, 0) + 1
            if key is not None:
                last = key
        previous_candidate = (i, key, accepted)
    return forms


def _follows(last: tuple[int, ...], key: tuple[int, ...] | None) -> bool:
    """Is ``key`` the number right after ``last``? The next item (``1.4`` → ``2``), the next
    sub-item (``1.1`` → ``1.2``) or an item's first sub-item (``1`` → ``1.1``)."""
    if key is None:
        return False
    if key == (last[0] + 1,):
        return True
    if len(key) == len(last) and key[:-1] == last[:-1] and key[-1] == last[-1] + 1:
        return True
    return key == (*last, 1)


def _evidence(
    lines: Sequence[Line], i: int, candidate: ItemCandidate, selection: Selection
) -> bool:
    """A case number, a section heading or an access marker close below the heading."""
    if candidate.glued:
        return True
    window = _STRONG_WINDOW if candidate.strong else _WEAK_WINDOW
    seen = 0
    k = selection.next_nonblank[i + 1]
    count = len(lines)
    while k < count and seen <= window:
        line = lines[k]
        kind = line.kind
        if kind in (CASE, SECTION, ACCESS):
            return True
        if kind == ITEM:
            other = line.data
            assert isinstance(other, ItemCandidate)
            mine = candidate.path or None
            if mine is not None and other.path == (*mine, 1):
                return True  # its first sub-item (``1 First Agenda`` / ``1.1 Status …``)
            if (other.path or None) != mine or other.title != candidate.title:
                return False  # the next heading, or the contents: nothing of this item's own
            seen += 1  # the heading repeated (``1. Titel`` / ``1.     Titel``)
        elif kind == TOC_HEAD:
            return False
        elif kind != FURNITURE:
            seen += 1
            if kind == TEXT and len(line.stripped) > 200 and not candidate.strong:
                return False  # running text right below: a numbered paragraph
        k = selection.next_nonblank[k + 1]
    return False


def _case_above(lines: Sequence[Line], i: int) -> bool:
    """A case number right above the heading (``85.02.02-G01-5-17`` / ``131. Titel``)."""
    k = i - 1
    while k >= 0 and lines[k].kind == BLANK:
        k -= 1
    return k >= 0 and lines[k].kind == CASE and getattr(lines[k].data, "raw", None) is not None


def _next_in_sequence(
    lines: Sequence[Line], i: int, candidate: ItemCandidate, selection: Selection
) -> bool:
    """The next number after an accepted item, without evidence below it: a ``Punkt N``
    heading that is not part of a list of contents, or any numbered heading whose item the
    document (an excerpt) cuts off before its case number or sections."""
    following = selection.next_nonblank
    nxt = following[i + 1]
    if nxt < len(lines) and lines[nxt].kind == ITEM:
        return False  # a run of numbered lines: contents, not headings
    if candidate.strong or candidate.glued:
        return True
    seen = 0
    k = nxt
    while k < len(lines):
        if lines[k].kind == ITEM or seen > _WEAK_WINDOW:
            return False
        seen += 1
        k = following[k + 1]
    return True  # the text ends right below the heading


def _sentence_like(title: str) -> bool:
    """A numbered clause rather than a title: it ends like a sentence or says ``at``."""
    return title.endswith((".", ",", ";")) or " at " in title or len(title) > 150


def _only_text_between(lines: Sequence[Line], first: int, last: int) -> bool:
    """Only text and list lines (a clause's continuation) between two numbered lines."""
    return all(lines[k].kind in (TEXT, LISTED, BLANK, ITEM) for k in range(first + 1, last))


def _mark_toc(lines: Sequence[Line], selection: Selection, first_item: int | None) -> None:
    """Refused numbered lines before the first item that list the contents become
    ``TOC_LINE``: those with dot leaders or page numbers, those right below a contents
    heading, and runs of two or more numbered lines with nothing else between them."""
    end = first_item if first_item is not None else len(lines)
    following = selection.next_nonblank
    after_heading = False
    for i in range(end):
        line = lines[i]
        kind = line.kind
        if kind == TOC_HEAD:
            after_heading = True
            continue
        if kind != ITEM or selection.opens[i] is not None:
            if kind not in (BLANK, FURNITURE, TOC_LINE):
                after_heading = False
            continue
        candidate = line.data
        assert isinstance(candidate, ItemCandidate)
        nxt = following[i + 1]
        in_run = nxt < len(lines) and lines[nxt].kind in (ITEM, TOC_LINE)
        if candidate.toc_page is not None or after_heading or in_run or _follows_toc(lines, i):
            line.kind = TOC_LINE
            after_heading = True


def _follows_toc(lines: Sequence[Line], i: int) -> bool:
    k = i - 1
    while k >= 0 and lines[k].kind in (BLANK, FURNITURE):
        k -= 1
    return k >= 0 and lines[k].kind == TOC_LINE


def _leading_cases(lines: Sequence[Line], selection: Selection) -> None:
    """A case number directly above a heading, with content between it and the previous
    heading, belongs to the heading below (``Sagnr.: 1-51-71-3321-08`` / ``1. Titel``)."""
    opens = selection.opens
    previous_heading = -1
    for i, line in enumerate(lines):
        if opens[i] != HEADING_OPENS:
            continue
        k = i - 1
        while k > previous_heading and lines[k].kind == BLANK:
            k -= 1
        if k > previous_heading and lines[k].kind == CASE:
            case = lines[k].data
            assert isinstance(case, CaseCandidate)
            j = k - 1
            while j > previous_heading and lines[j].kind in (BLANK, FURNITURE):
                j -= 1
            if case.raw is not None and (previous_heading < 0 or j != previous_heading):
                opens[k] = LEADING_CASE
        previous_heading = i
        del line


def _demote_refused(lines: Sequence[Line], selection: Selection) -> None:
    """A refused item heading is what it would be without its number form."""
    for i, line in enumerate(lines):
        if line.kind == ITEM and selection.opens[i] is None:
            line.kind = line.fallback
            if line.kind == HEADING:
                line.match = MD_HEADING.match(line.stripped)
            elif line.kind == LISTED:
                line.match = LIST_MARKER.match(line.content)
            else:
                line.match = None


def _untitled(lines: Sequence[Line], selection: Selection) -> None:
    opens = selection.opens
    kinds_seen = {line.data.kind for line in lines if isinstance(line.data, SectionCandidate)}
    markers = any(
        line.kind == ACCESS
        or (
            line.kind == CASE
            and isinstance(line.data, CaseCandidate)
            and line.data.label is not None
        )
        for line in lines
    )
    header = any(line.kind == HEADER for line in lines)
    if not kinds_seen or (len(kinds_seen) < 2 and not markers and not header):
        return  # no structure of items at all: not read as untitled items
    selection.untitled = True
    following = selection.next_nonblank
    count = len(lines)
    open_item = False
    has_section = False
    first_kind: str | None = None
    kinds: set[str] = set()
    for i, line in enumerate(lines):
        kind = line.kind
        if kind == CASE:
            case = line.data
            assert isinstance(case, CaseCandidate)
            if case.label is not None and (not open_item or has_section):
                opens[i] = CASE_OPENS
                open_item, has_section, first_kind, kinds = True, False, None, set()
        elif kind == ACCESS:
            nxt = following[i + 1]
            while nxt < count and lines[nxt].kind == FURNITURE:
                nxt = following[nxt + 1]  # ``Åben`` / ``Side 8 af 12`` / ``Sagsnr.: …``
            if (
                nxt < count
                and lines[nxt].kind in (SECTION, CASE)
                and (not open_item or has_section)
            ):
                opens[i] = ACCESS_OPENS
                open_item, has_section, first_kind, kinds = True, False, None, set()
        elif kind == SECTION:
            section = line.data
            assert isinstance(section, SectionCandidate)
            if document_kind(section.name) is not None:
                # ``Referat``: the document's title far more often than a section, so it opens
                # no item; inside an item it is the item's minutes (eDoc, the Odense web export)
                has_section = has_section or open_item
                continue
            name = section.kind.name
            if name == "ATTENDANCE" and not open_item:
                continue  # ``Afbud: …`` before the first item: the meeting's attendance
            restart = (
                open_item
                and first_kind == name
                and name in kinds
                and len(kinds) > 1
                and (name in _UNTITLED_RESTART or name == "DECISION")
            )
            if not open_item or restart:
                opens[i] = SECTION_OPENS
                open_item, first_kind, kinds = True, name, set()
            if first_kind is None:
                first_kind = name
            kinds.add(name)
            has_section = True
        elif kind == HEADER and not open_item:
            continue
