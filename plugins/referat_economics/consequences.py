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
from typing import Final

from referat_economics.amounts import fast_lower

# A sentence ends at . ! ? followed by space and a capital letter (maybe after a quote).
_END: Final = re.compile(r"[.!?](?=\s++[\"“”'(]?[A-ZÆØÅ])")
# The word before a period, to tell "kr. Sagen" (an end) from "jf. Odense" (an abbreviation).
_WORD_BEFORE: Final = re.compile(r"(?<![\w.])[\w.]{1,12}$")
_ABBREVIATIONS: Final = frozenset(
    {
        "ang", "bl.a", "ca", "d", "dvs", "ekskl", "evt", "f.eks", "hhv", "ift", "iht", "inkl",
        "jf", "jvf", "kl", "mht", "nr", "pga", "pr", "st", "stk", "tlf", "vedr",
    }
)  # fmt: skip

_NEGATED_EFFECT: Final = re.compile(
    r"(?<!\w)(?:ikke|ingen)(?:\s++\S++){0,4}?\s++(?:\w*konsekvens|påvirk|betydning)",
    re.IGNORECASE,
)
_ECONOMY_WORD: Final = re.compile(
    r"(?<!\w)(?:\w*økonomisk|kassebeholdning|serviceramme|budget|kassen(?!\w))", re.IGNORECASE
)
_NEUTRAL: Final = re.compile(r"(?:budget|udgifts|kasse|provenu)neutral", re.IGNORECASE)


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
    low = fast_lower(text)
    if low is None:  # the Kelvin sign: no shortcuts
        lowered = text.lower()
        if "ikke" not in lowered and "ingen" not in lowered and "neutral" not in lowered:
            return None
        return first_statement(text, None)
    if "ikke" not in low and "ingen" not in low and "neutral" not in low:
        return None  # a cheap test first: most paragraphs say nothing of the kind
    return first_statement(text, low)


def first_statement(text: str, low: str | None) -> tuple[int, int] | None:
    """The first sentence of ``text`` that :func:`says_no_consequences`.

    ``low`` is :func:`~referat_economics.amounts.fast_lower` of ``text`` (``None``: no
    shortcuts); with it, a text or sentence that lacks the words the patterns need is skipped
    without running them.
    """
    if low is None:
        for start, end in sentences(text):
            if says_no_consequences(text[start:end]):
                return start, end
        return None
    words = needed_words(text, low)
    if not _may_say(low, 0, len(low), words):
        return None
    for start, end in sentences(text):
        if _may_say(low, start, end, words) and says_no_consequences(text[start:end]):
            return start, end
    return None


def needed_words(text: str, low: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words that ``_NEGATED_EFFECT`` and ``_ECONOMY_WORD`` cannot match without, as they
    appear in ``low``, the :func:`~referat_economics.amounts.fast_lower` of ``text``: (effect,
    economy). ``text`` may be ``""`` when it is Latin-1 (``"?"`` not in ``low``).

    ``re.IGNORECASE`` also reads ``İ`` and ``ı`` as ``i``, ``ſ`` as ``s`` and the Angstrom sign
    as ``å``; ``fast_lower`` turns those into ``?``. Without them in ``text``, the patterns'
    ASCII letters match only ASCII letters, which ``fast_lower`` lower-cases, and ``å`` matches
    ``å`` or ``Å`` (left as it is: then ``påvirk`` is looked for as ``virk``). With them, the
    words are cut down to parts without ``i``, ``s`` and ``å``. (Text with the Kelvin sign, read
    as ``k``, never gets a ``fast_lower``.)
    """
    if "\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212b" in text:
        return _EFFECT_ANY, _ECONOMY_ANY
    return (_EFFECT_CAPITAL if "Å" in low else _EFFECT), _ECONOMY


_EFFECT: Final = ("konsekvens", "påvirk", "betydning")
_EFFECT_CAPITAL: Final = ("konsekvens", "virk", "betydning")
_EFFECT_ANY: Final = ("ekven", "rk", "betydn")
_ECONOMY: Final = ("konomisk", "kassebeholdning", "serviceramme", "budget", "kassen")
_ECONOMY_ANY: Final = ("konom", "beholdn", "ramme", "budget", "ka")


def _may_say(
    low: str, start: int, end: int, words: tuple[tuple[str, ...], tuple[str, ...]]
) -> bool:
    """Whether ``text[start:end]`` may be a "no consequences" sentence (a necessary test);
    ``words`` are the :func:`needed_words` of the text, ``low`` its ``fast_lower``."""
    if low.find("neutral", start, end) >= 0:  # _NEUTRAL
        return True
    effect, economy = words
    return any(low.find(word, start, end) >= 0 for word in effect) and any(
        low.find(word, start, end) >= 0 for word in economy
    )
