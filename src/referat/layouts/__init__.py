"""Layout families: how a referat export lays out its lines, as data.

A :class:`Layout` (:mod:`referat.layouts.spec`) declares the forms of item headings, case
numbers, header lines, section headings, tables of contents and page furniture; the lexer
reads any layout the same way. referat ships:

* ``markdown``, ``plain``, ``wrapped`` — the Odense Beskæftigelses- og Socialudvalget exports
  2016–2024 (``#`` headings and pipe tables; plain text with TAB tables; the hard-wrapped
  2016 export without a header), declared in :mod:`referat.layouts.odense`;
* ``danish`` — the generic Danish reader, built from the shared vocabulary
  (:mod:`referat.vocabulary`), for layouts nobody registered;
* ``odense-web``, ``sbsys``, ``first-agenda``, ``edoc``, ``pdf-transcript`` — families that
  extend ``danish`` (TOML files in ``referat/layouts/data/``).

A plugin adds more with ``registry.add_layout(layout)``, the layout built in Python or read
with :func:`load_layout` from TOML (see ``docs/layouts.md``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from referat.layouts.load import LayoutError, load_layout, shipped, shipped_layouts
from referat.layouts.odense import MARKDOWN, PLAIN, WRAPPED
from referat.layouts.spec import Layout, Marker
from referat.models import Diagnostic, Severity

#: The section names of the Odense layouts (kept for plugins written against 0.1).
from referat.vocabulary import ODENSE_SECTIONS as SECTION_NAMES


def builtin_layouts() -> tuple[Layout, ...]:
    """Every shipped layout: the Odense ones first (they win a tie), then the data layouts."""
    return (MARKDOWN, WRAPPED, PLAIN, *shipped_layouts())


#: Below this score no layout is plausible: the generic reader reads the text, and a
#: diagnostic says the layout was not recognised when it finds nothing either.
MIN_SCORE = 0.05


def detect_layout(
    lines: Sequence[str], layouts: Sequence[Layout] | None = None
) -> tuple[Layout, float, list[Diagnostic]]:
    """The layout with the best score (the first wins a tie), its score, and a diagnostic for
    each layout whose scoring failed or gave no number from 0 to 1 (it is then skipped).

    Scores are capped at 1, so the layouts after the first that scores 1 are not asked.
    """
    candidates = builtin_layouts() if layouts is None else tuple(layouts)
    best, best_score = shipped("danish"), 0.0
    problems = []
    for layout in candidates:
        try:
            score = layout.score(lines)
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # noqa: BLE001 - a plugin's layout must not lose the text
            message = f"layout {layout.name!r} failed to score: {type(error).__name__}: {error}"
            problems.append(Diagnostic(Severity.ERROR, "plugin-failed", message, None))
            continue
        if isinstance(score, bool) or not isinstance(score, int | float) or math.isnan(score):
            message = f"layout {layout.name!r} scored {score!r}, not a number from 0 to 1"
            problems.append(Diagnostic(Severity.ERROR, "plugin-failed", message, None))
            continue
        if score > best_score:
            best, best_score = layout, float(min(score, 1.0))
            if best_score == 1.0:  # a later layout could only tie, and the first wins a tie
                break
    return best, best_score, problems


__all__ = [
    "MARKDOWN",
    "PLAIN",
    "SECTION_NAMES",
    "WRAPPED",
    "Layout",
    "LayoutError",
    "Marker",
    "builtin_layouts",
    "detect_layout",
    "load_layout",
    "shipped",
]
