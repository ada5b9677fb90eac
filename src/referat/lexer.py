"""The lexer: text lines in, one block token per block out, in three stages.

1. :mod:`referat.classify` — what each line is, by the forms of the layout;
2. :mod:`referat.select` — which lines open agenda items and which list the contents;
3. :mod:`referat.blocks` — runs of lines become block tokens carrying finished model nodes.

The grammar (``grammars/referat.lark``) then states how blocks make a document. Each stage is
linear in the text.
"""

from __future__ import annotations

from referat.blocks import BlockLexer, lex
from referat.tokens import BlockToken

__all__ = ["BlockLexer", "BlockToken", "lex"]
