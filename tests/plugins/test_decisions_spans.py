"""The decisions plugin's spans of a text slice (``_Reader._span``) equal the core's
``Context.text_span``, for texts of one source slice and for joined ones."""

from __future__ import annotations

from hypothesis import given, settings
from made_support import HEAD, wrapped_paragraphs

import referat
from referat.lines import LineIndex
from referat.models import AgendaItem, ListBlock, ListItem, Paragraph
from referat.runner import Context
from referat_decisions.extract import _Reader

WORDS = ["Godkendt.", "A", "stemte", "for", "deltog", "ikke", "drifts-", "-", "og", "i"]
PARAGRAPHS = wrapped_paragraphs(WORDS)


def _texts(item: AgendaItem) -> list[Paragraph | ListItem]:
    found: list[Paragraph | ListItem] = []
    for block in [*item.preamble, *(b for s in item.sections for b in s.blocks)]:
        if isinstance(block, Paragraph):
            found.append(block)
        elif isinstance(block, ListBlock):
            found.extend(block.items)
    return found


@settings(max_examples=100)
@given(PARAGRAPHS)
def test_reader_spans_equal_the_cores(body: str) -> None:
    doc = referat.parse(HEAD + body, plugins=[])
    context = Context(doc, LineIndex(doc.text))
    for item in doc.items:
        reader = _Reader(context, item)
        for node in _texts(item):
            size = len(node.text)
            for start in range(size + 1):
                for end in range(max(0, start - 2), min(size, start + 12) + 1):
                    assert reader._span(node, start, end) == context.text_span(node, start, end)
