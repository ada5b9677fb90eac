"""The economics plugin's spans by bisection equal the core's ``Context.text_span``.

The plugin maps text offsets of a wrapped paragraph to source offsets itself, bisecting over
the paragraph's packed pieces (without the core's chain of calls per offset). Both must give
the same span for every slice of every joined text.
"""

from __future__ import annotations

from hypothesis import given, settings
from made_support import HEAD, wrapped_paragraphs

import referat
from referat.lines import LineIndex
from referat.models import ListBlock, Paragraph
from referat.runner import Context
from referat_economics.extract import _SpanOf

WORDS = ["Udgiften", "er", "ca.", "1.000", "kr.", "årligt", "drifts-", "budget", "-", "og", "i"]
PARAGRAPHS = wrapped_paragraphs(WORDS)


@settings(max_examples=150)
@given(PARAGRAPHS)
def test_spans_by_bisection_equal_the_cores(body: str) -> None:
    doc = referat.parse(HEAD + body, plugins=[])
    context = Context(doc, LineIndex(doc.text))
    nodes = []
    for item in doc.items:
        blocks = list(item.preamble) + [b for s in item.sections for b in s.blocks]
        for block in blocks:
            if isinstance(block, Paragraph):
                nodes.append(block)
            elif isinstance(block, ListBlock):
                nodes.extend(block.items)
    for node in nodes:
        span_of = _SpanOf(node, context)
        size = len(node.text)
        for start in range(size + 1):
            for end in range(start, min(size, start + 12) + 1):
                assert span_of(start, end) == context.text_span(node, start, end), (start, end)


def test_a_wrapped_paragraph_has_pieces() -> None:
    # The property above is about joined texts: make sure the parser still makes them.
    doc = referat.parse(HEAD + "Udgiften er ca.\n1.000 kr. årligt\nfra 2023.\n", plugins=[])
    paragraphs = [b for b in doc.items[0].preamble if isinstance(b, Paragraph)]
    assert paragraphs[-1].pieces
