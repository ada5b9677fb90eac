"""The three export layouts of Odense Kommune's Beskæftigelses- og Socialudvalget, 2016–2024.

* ``markdown`` — ``#`` headings, ``**bold**``, pipe tables (2020, 2024 exports).
* ``plain`` — the same structure without markup, TAB tables (2021, 2023 exports).
* ``wrapped`` — the 2016 export: hard wrap at ~120 columns, single-space lines between
  paragraphs, no header, sections glued to their text, ``Text`` as the effect section.

Their forms are the :class:`~referat.layouts.spec.Layout` defaults (``Punkt N:`` headings,
KLE numbers alone on a line, ``REFERAT``/``Mødedato``/``Mødested`` header lines, the exact
section names); only their scoring is code. Each scores 0 unless the document has the
``Punkt N:`` headings of this family, so other municipalities' documents go to the data
layouts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from referat.layouts.spec import ODENSE_HEADINGS, Layout, RenderSpec
from referat.models import SectionKind
from referat.vocabulary import ODENSE_SECTIONS

_MD_HEADING = re.compile(r"#{1,6}\s+\S")
_ODENSE_ITEM = re.compile(r"\s{0,3}(?:#{1,6}\s+)?(?:\*\*)?Punkt\s+\d{1,3}\s*:")
_ODENSE_CASE = re.compile(r"\s*\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]{1,2}\d{2}-\d{1,5}-\d{2}\s*$")


# The scores run on every document: their loops are ``map``s, which run in C.


#: The sample last asked about and the answer: the three layouts ask about the same sample
#: one after the other (comparing the lines again costs a fraction of reading them).
_last_asked: tuple[tuple[str, ...], bool] = ((), False)


def _odense(lines: Sequence[str]) -> bool:
    """``Punkt N:`` headings with KLE numbers alone on a line below them."""
    global _last_asked  # noqa: PLW0603 - a one-entry cache
    sample = tuple(lines)
    asked, answer = _last_asked
    if asked != sample or not sample:
        answer = any(map(_ODENSE_ITEM.match, sample)) and any(map(_ODENSE_CASE.match, sample))
        _last_asked = (sample, answer)
    return answer


def _count(test: Callable[[str], object], lines: Sequence[str]) -> int:
    """How many of ``lines`` pass ``test``."""
    return sum(map(bool, map(test, lines)))


def _markdown_score(lines: Sequence[str]) -> float:
    if not _odense(lines):
        return 0.0
    headings = _count(_MD_HEADING.match, lines)
    bold = _count(lambda line: line.startswith("**"), lines)
    pipes = _count(lambda line: line.startswith("|"), lines)
    return min(1.0, (headings * 2 + bold + pipes) / 10)


#: The section headings of the 2016 export (``Text`` is its effect section), case-folded.
_WRAPPED_HEADINGS = frozenset({*ODENSE_SECTIONS, "text"})


def _glued_headings(lines: Sequence[str]) -> tuple[int, int]:
    """How many section headings have their text right below them (the 2016 export glues
    them), and how many a blank or whitespace-only line (every other Odense export)."""
    glued = spaced = 0
    for k in range(len(lines) - 1):
        if lines[k].strip().casefold() not in _WRAPPED_HEADINGS:
            continue
        if lines[k + 1].strip():
            glued += 1
        else:
            spaced += 1
    return glued, spaced


def _wrapped_score(lines: Sequence[str]) -> float:
    """The 2016 export separates paragraphs with single-space lines and glues its section
    headings to their text. A long export shows many single-space lines; a short one (an
    item or two) may have only a few, and is recognised when its headings are glued and
    not one of them stands above a blank line."""
    if not _odense(lines) or any(map(_MD_HEADING.match, lines)):
        return 0.0
    spaces = sum(1 for line in lines if line and not line.strip())
    empties = sum(1 for line in lines if not line)
    if spaces >= 5 and spaces >= empties / 3:
        return min(1.0, 0.6 + spaces / max(1, len(lines)))
    glued, spaced = _glued_headings(lines)
    if spaces and glued and not spaced and spaces >= empties / 3:
        return 0.6
    return 0.0


def _plain_score(lines: Sequence[str]) -> float:
    return 0.5 if _odense(lines) else 0.0


#: How :func:`referat.render` writes each export (the header, headings and blank lines of the
#: fixtures; the 2016 export has no header, so it cannot write the meeting). The markdown export
#: writes pipe tables and TAB tables (000, 002), the plain one TAB tables (001, 004); the 2016
#: export has no tables (its PDF text flattened them), so a table there is written as text.
MARKDOWN_RENDER = RenderSpec(
    item="# Punkt {number}: {title}",
    section="## {name}",
    tables=("pipe", "tab"),
    header=(
        ("# **REFERAT {committee} {period} d. {date}**", "# **REFERAT {committee} d. {date}**"),
        (
            "**Mødedato** {weekday} d. {date_long_padded} kl. {time}",
            "**Mødedato** {weekday} d. {date_long_padded}",
        ),
        ("**Mødested** {location}",),
    ),
)
PLAIN_RENDER = RenderSpec()
WRAPPED_RENDER = RenderSpec(
    item=" Punkt {number}: {title}",
    headings={**ODENSE_HEADINGS, SectionKind.EFFECT: "Text"},
    header=(),
    start=(),
    separator=" ",
    glued=True,
    wrap=118,
    page_break=("", ""),
    tables=(),
)

MARKDOWN = Layout(
    "markdown",
    _markdown_score,
    markdown=True,
    description="Odense BSU markdown export 2020–2024",
    render=MARKDOWN_RENDER,
)
PLAIN = Layout(
    "plain", _plain_score, description="Odense BSU plain-text export 2021–2023", render=PLAIN_RENDER
)
WRAPPED = Layout(
    "wrapped",
    _wrapped_score,
    section_names={**ODENSE_SECTIONS, "text": SectionKind.EFFECT},
    wrapped=True,
    description="Odense BSU hard-wrapped export 2016",
    render=WRAPPED_RENDER,
)
