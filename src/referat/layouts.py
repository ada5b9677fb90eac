"""Layout families: how a referat export lays out its lines.

A :class:`Layout` knows the section names of its family and how paragraphs are wrapped.
referat ships three; a plugin can add more with ``registry.add_layout(...)``.

* ``markdown`` — ``#`` headings, ``**bold**``, pipe tables (2020, 2024 exports).
* ``plain`` — the same structure without markup, TAB tables (2021, 2023 exports).
* ``wrapped`` — the 2016 export: hard wrap at ~120 columns, single-space lines between
  paragraphs, no header, sections glued to their text, ``Text`` as the effect section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from attrs import field, frozen

from referat.models import Diagnostic, SectionKind, Severity

#: The section names every layout knows, keyed by their case-folded spelling.
SECTION_NAMES: Mapping[str, SectionKind] = {
    "resume": SectionKind.RESUME,
    "effekt": SectionKind.EFFECT,
    "indstilling": SectionKind.RECOMMENDATION,
    "beslutning": SectionKind.DECISION,
    "sagsfremstilling": SectionKind.CASE_PRESENTATION,
    "økonomi": SectionKind.ECONOMY,
    "bilag": SectionKind.ATTACHMENTS,
    "initiativretsforslag": SectionKind.INITIATIVE_PROPOSAL,
    "indstilling fra forslagsstiller": SectionKind.PROPOSER_RECOMMENDATION,
    "forvaltningens belysning": SectionKind.ADMINISTRATION_ASSESSMENT,
}


@frozen
class Layout:
    """A layout family.

    ``detect`` scores the document's lines from 0 (not this family) to 1; the best score
    wins. ``wrapped`` layouts join hard-wrapped lines inside a block; ``wrap_width`` is the
    length from which a line counts as running on into the next.
    """

    name: str
    detect: Callable[[Sequence[str]], float] = field(eq=False)
    section_names: Mapping[str, SectionKind] = field(default=SECTION_NAMES, eq=False)
    wrapped: bool = False
    markdown: bool = False
    wrap_width: int = 75

    def section_kind(self, name: str) -> SectionKind | None:
        """The section a heading names exactly (case-insensitive), else ``None``."""
        return self.section_names.get(name.casefold())


_MD_HEADING = re.compile(r"#{1,6}\s+\S")


def _markdown_score(lines: Sequence[str]) -> float:
    headings = sum(1 for line in lines if _MD_HEADING.match(line))
    bold = sum(1 for line in lines if line.startswith("**"))
    pipes = sum(1 for line in lines if line.startswith("|"))
    return min(1.0, (headings * 2 + bold + pipes) / 10)


def _wrapped_score(lines: Sequence[str]) -> float:
    if any(_MD_HEADING.match(line) for line in lines):
        return 0.0
    spaces = sum(1 for line in lines if line and not line.strip())
    empties = sum(1 for line in lines if not line)
    if spaces < 5 or spaces < empties / 3:
        return 0.0
    return min(1.0, 0.6 + spaces / max(1, len(lines)))


def _plain_score(lines: Sequence[str]) -> float:
    return 0.5


MARKDOWN = Layout("markdown", _markdown_score, markdown=True)
PLAIN = Layout("plain", _plain_score)
WRAPPED = Layout(
    "wrapped",
    _wrapped_score,
    section_names={**SECTION_NAMES, "text": SectionKind.EFFECT},
    wrapped=True,
)

BUILTIN_LAYOUTS: tuple[Layout, ...] = (MARKDOWN, WRAPPED, PLAIN)


def detect_layout(
    lines: Sequence[str], layouts: Sequence[Layout] = BUILTIN_LAYOUTS
) -> tuple[Layout, list[Diagnostic]]:
    """The layout with the best score (the first wins a tie; ``plain`` when none scores),
    and a diagnostic for each layout whose ``detect`` raised (it is then skipped)."""
    best, best_score = PLAIN, 0.0
    problems = []
    for layout in layouts:
        try:
            score = layout.detect(lines)
        except Exception as error:  # noqa: BLE001 - a plugin's layout must not lose the text
            message = f"layout {layout.name!r} failed to score: {type(error).__name__}: {error}"
            problems.append(Diagnostic(Severity.ERROR, "plugin-failed", message, None))
            continue
        if score > best_score:
            best, best_score = layout, score
    return best, problems
