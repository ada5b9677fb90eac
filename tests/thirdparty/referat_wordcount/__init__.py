"""A tiny third-party plugin, installed by the tests through a real entry point.

It counts the words of each item's Resume; with ``explode=True`` its extractor crashes,
which must never lose the document.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from referat import AgendaItem, Context, Registry, SectionKind


@frozen
class WordCount:
    """How many words the Resume of an item has."""

    words: int


def plugin(registry: Registry, /, *, explode: bool = False) -> None:
    """Register the ``wordcount`` extractor."""

    def count(item: AgendaItem, ctx: Context) -> WordCount | None:
        if explode:
            raise RuntimeError("boom")
        resume = item.section(SectionKind.RESUME)
        if resume is None:
            return None
        return WordCount(sum(len(p.text.split()) for p in resume.paragraphs()))

    def summary(value: Any) -> str:
        return f"{value.words} words in the Resume"

    registry.add_extractor("wordcount", count, result=WordCount, summary=summary)


def exploding(registry: Registry, /) -> None:
    """The same plugin, configured to crash."""
    plugin(registry, explode=True)
