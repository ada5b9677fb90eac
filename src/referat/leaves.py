"""The lossless view: every character of the text in exactly one leaf.

Leaf nodes (headings, paragraphs, list items, table rows, TOC entries, header lines, case
numbers, unparsed blocks) cover whole source lines. What lies between them is
:class:`Trivia` — line terminators and blank lines, nothing else. Concatenating the leaves'
text in order gives back the input exactly; the tests check it on every seed and with
hypothesis.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs
from attrs import frozen

from referat.lines import LineIndex
from referat.models import Model, Referat, Span


@frozen(repr=False, eq=False)
class Trivia(Model):
    """Line terminators and blank lines between two leaves."""

    LEAF = True
    span: Span


def _walk(node: object) -> Iterator[object]:
    if isinstance(node, tuple):
        for child in node:
            yield from _walk(child)
        return
    cls = type(node)
    if not attrs.has(cls):
        return
    if getattr(cls, "LEAF", False):
        yield node
        return
    for field in attrs.fields(cls):
        if field.name in ("extracts", "diagnostics", "source", "text"):
            continue
        yield from _walk(getattr(node, field.name))


def structural_leaves(doc: Referat) -> list[object]:
    """The leaf nodes of the model, in source order."""
    found = list(_walk(doc))
    found.sort(key=lambda leaf: leaf.span.start)  # type: ignore[attr-defined]
    return found


def leaves(doc: Referat) -> Iterator[object]:
    """Every leaf node and the :class:`Trivia` between them, in source order."""
    index: LineIndex | None = None
    position = 0
    for leaf in structural_leaves(doc):
        span: Span = leaf.span  # type: ignore[attr-defined]
        if span.start > position:
            index = index or LineIndex(doc.text)
            yield Trivia(index.span(position, span.start))
        yield leaf
        position = max(position, span.end)
    if position < len(doc.text):
        index = index or LineIndex(doc.text)
        yield Trivia(index.span(position, len(doc.text)))
