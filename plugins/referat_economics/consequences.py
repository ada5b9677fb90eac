"""Sentences saying a case has no economic consequences, and the sentence splitter they need.

A sentence is such a statement when

* it negates an effect: ``ikke`` or ``ingen``, then at most four words, then a word about
  consequences (``konsekvens…``, ``påvirk…``, ``betydning``), and it names the economy
  (``økonomisk…``, ``kassebeholdning…``, ``serviceramme…``, ``budget…``, ``kassen``):
  ``Denne sag har ikke økonomiske konsekvenser for Odense Kommune, …``,
  ``… der er derfor ingen selvstændig påvirkning af kommunens kassebeholdning i denne sag.``;
* or it calls the case neutral: ``budgetneutral``, ``udgiftsneutral``, ``kasseneutral``,
  ``provenuneutral`` (``Opnormeringen … er budgetneutral for kassebeholdningen, …``).

``Alt efter hvad udvalget beslutter, kan det have konsekvenser for … kassebeholdning`` has no
negation and is not one; ``hvis der ikke findes finansiering, vil det have konsekvenser`` is
not either (five words between the negation and the consequence).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A sentence ends at . ! ? followed by space and a capital letter (maybe after a quote).
_END = re.compile(r"[.!?](?=\s++[\"“”'(]?[A-ZÆØÅ])")
# The word before a period, to tell "kr. Sagen" (an end) from "jf. Odense" (an abbreviation).
_WORD_BEFORE = re.compile(r"(?<![\w.])[\w.]{1,12}$")
_ABBREVIATIONS = frozenset(
    {
        "ang", "bl.a", "ca", "d", "dvs", "ekskl", "evt", "f.eks", "hhv", "ift", "iht", "inkl",
        "jf", "jvf", "kl", "mht", "nr", "pga", "pr", "st", "stk", "tlf", "vedr",
    }
)  # fmt: skip

_NEGATED_EFFECT = re.compile(
    r"(?<!\w)(?:ikke|ingen)(?:\s++\S++){0,4}?\s++(?:\w*konsekvens|påvirk|betydning)",
    re.IGNORECASE,
)
_ECONOMY_WORD = re.compile(
    r"(?<!\w)(?:\w*økonomisk|kassebeholdning|serviceramme|budget|kassen(?!\w))", re.IGNORECASE
)
_NEUTRAL = re.compile(r"(?:budget|udgifts|kasse|provenu)neutral", re.IGNORECASE)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of each sentence of ``text``, without surrounding spaces.

    >>> text = "Der søges om 999.300 kr. Sagen har ikke konsekvenser jf. Odense Kommune."
    >>> [text[s:e] for s, e in sentences(text)]
    ['Der søges om 999.300 kr.', 'Sagen har ikke konsekvenser jf. Odense Kommune.']
    """
    start = 0
    for match in _END.finditer(text):
        if match.group() == ".":
            word = _WORD_BEFORE.search(text, max(0, match.start() - 12), match.start())
            if word is not None and _is_abbreviation(word.group()):
                continue
        yield from _trimmed(text, start, match.end())
        start = match.end()
    yield from _trimmed(text, start, len(text))


def _is_abbreviation(word: str) -> bool:
    lowered = word.lower()
    return lowered in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def says_no_consequences(sentence: str) -> bool:
    """Whether ``sentence`` states that there are no economic consequences.

    >>> says_no_consequences("Sagen har ikke i øvrigt økonomiske konsekvenser for Odense Kommune.")
    True
    >>> says_no_consequences("Alt efter hvad udvalget beslutter, kan det have konsekvenser for "
    ...                      "Odense Kommunes kassebeholdning og samlede serviceramme.")
    False
    """
    if _NEUTRAL.search(sentence):
        return True
    return bool(_NEGATED_EFFECT.search(sentence) and _ECONOMY_WORD.search(sentence))


def find_no_consequences(text: str) -> tuple[int, int] | None:
    """The ``(start, end)`` of the first "no economic consequences" sentence in ``text``."""
    lowered = text.lower()
    if "ikke" not in lowered and "ingen" not in lowered and "neutral" not in lowered:
        return None  # a cheap test first: most paragraphs say nothing of the kind
    for start, end in sentences(text):
        if says_no_consequences(text[start:end]):
            return start, end
    return None
