"""HTML fragments inside table cells → plain text.

The exports put HTML into TAB and pipe cells: ``<b>``, ``<i>``, ``<br>``, ``<p>``,
``<ul style="…"><li>…</li></ul>``, sometimes unclosed (``<ul style="list-style-type: none"> •
Oplysning …`` with no ``</ul>``) or cut off at the end of the cell. The rules:

* Only tags with a known HTML name are markup. ``(< 55 %)`` and ``<https://…>`` are text.
* Inline tags (``b``, ``i``, ``u``, ``em``, ``strong``, ``span``, ``sup``, ``sub``) vanish.
* Block tags and line breaks (``br``, ``p``, ``ul``, ``ol``, ``li``, ``div``, …) become a space.
* A tag cut off at the end of the cell (``<ul style="list`` with no ``>``) is dropped.
* Entities with a semicolon (``&amp;``) are decoded; a bare ``&`` stays.
* Runs of white space (what ``\\s`` matches) become one space; the text is stripped. Words
  broken inside a cell (``støttebe- hov``) are kept as printed.

All regexes are linear: tag bodies are ``[^<>]*`` with no nested quantifiers.
"""

from __future__ import annotations

import functools
import re
from itertools import chain
from typing import Any

_INLINE = "b|i|u|em|strong|span|sup|sub|font|small|mark|s|strike"
_BLOCK = "br|p|ul|ol|li|div|table|tr|td|th|thead|tbody|h[1-6]|hr|blockquote|dl|dt|dd"

#: The patterns of markup by name, compiled on first use (:func:`_pattern`): most cells have
#: no ``<`` and no ``&`` and need none of them (nor :mod:`html` and its table of entities).
_SOURCES: dict[str, tuple[str, re.RegexFlag]] = {
    # A complete tag with a known name: ``<b>``, ``</li>``, ``<ul style="…">``, ``<br/>``.
    # ``block`` is set when the tag is a block tag or a line break (it reads as a space).
    "TAG": (
        rf"(?P<tag></?(?P<name>(?:{_INLINE})|(?P<block>{_BLOCK}))(?![\w-])[^<>]*>)",
        re.IGNORECASE,
    ),
    # A known tag cut off by the end of the cell (no closing ``>``).
    "_CUT_TAG": (rf"</?(?:{_INLINE}|{_BLOCK})(?![\w-])[^<>]*\Z", re.IGNORECASE),
    "_ENTITY": (r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});", re.NOFLAG),
    "_BOLD": (r"<(?:b|strong)(?![\w-])[^<>]*>", re.IGNORECASE),
    "_BOLD_END": (r"</(?:b|strong)\s*>", re.IGNORECASE),
}
_BOLD_STARTS = frozenset({"<b>", "<strong>", "<B>", "<STRONG>"})  # the usual ``_BOLD`` tags
_BOLD_ENDS = frozenset({"</b>", "</strong>", "</B>", "</STRONG>"})  # the usual ``_BOLD_END``

#: A complete tag with a known name (the pattern ``TAG`` of :data:`_SOURCES`).
TAG: re.Pattern[str]


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    source, flags = _SOURCES[name]
    return re.compile(source, flags)


def __getattr__(name: str) -> re.Pattern[str]:
    """The patterns by name, as the module had them (``markup.TAG``, ``markup._BOLD``)."""
    if name in _SOURCES:
        return _pattern(name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def _unescape(match: re.Match[str]) -> str:
    from html import unescape  # noqa: PLC0415 - its table of entities, only for an entity

    return unescape(match.group(0))


def has_markup(raw: str) -> bool:
    """Whether ``raw`` contains at least one known HTML tag (complete or cut off)."""
    return _pattern("TAG").search(raw) is not None or _pattern("_CUT_TAG").search(raw) is not None


def cell_text(raw: str) -> str:
    """The visible text of a raw cell.

    >>> cell_text("<b>Arbejdsgruppe 1</b><br>Kontraktstyring")
    'Arbejdsgruppe 1 Kontraktstyring'
    >>> cell_text('<ul style="list-style-type: none"> • Meraktivitet')
    '• Meraktivitet'
    >>> cell_text("(< 55 %)")
    '(< 55 %)'
    """
    if "<" not in raw and "&" not in raw:
        return " ".join(raw.split())  # no tag, no entity: only the white space to collapse
    gaps, _, blocks = _split(raw)
    return _finish(_visible(gaps, blocks))


def _split(raw: str) -> tuple[list[str], list[str], list[str | None]]:
    """The text between the tags of ``raw``, the tags, and each tag's ``block`` group.

    ``TAG`` has three groups, so ``TAG.split`` gives ``[gap, tag, name, block, gap, …, gap]``.
    """
    parts: list[Any] = _pattern("TAG").split(raw)
    return parts[::4], parts[1::4], parts[3::4]


def _visible(gaps: list[str], blocks: list[str | None]) -> str:
    """The text with every tag replaced: by a space for a block tag, else by nothing."""
    inline = blocks.count(None)
    if inline == len(blocks):  # no block tag (or no tag at all)
        return "".join(gaps)
    if not inline:  # only block tags
        return " ".join(gaps)
    spaces = [" " if block is not None else "" for block in blocks]
    return "".join(chain.from_iterable(zip(gaps, spaces, strict=False))) + gaps[-1]


def _finish(text: str) -> str:
    """The steps of :func:`cell_text` after the tags: cut-off tags, entities, white space."""
    if "<" in text:
        text = _pattern("_CUT_TAG").sub("", text)
    if "&" in text:
        text = _pattern("_ENTITY").sub(_unescape, text)
    # Runs of white space become one space, stripped: ``str.split`` splits on exactly the
    # characters ``\s`` matches, and is far faster than a regex that rewrites every space.
    # Usually the only white space is single spaces (all other is unprintable): then strip.
    if "  " not in text and text.isprintable():
        return text.strip()
    return " ".join(text.split())


def is_bold(raw: str) -> bool:
    """Whether the whole visible text of ``raw`` sits inside ``<b>…</b>`` (or ``<strong>``).

    >>> is_bold("<b>I alt</b>"), is_bold("<b>3,8 %</b> (Dec-23)"), is_bold("")
    (True, False, False)
    """
    return text_and_bold(raw)[1]


def text_and_bold(raw: str) -> tuple[str, bool]:
    """``(cell_text(raw), is_bold(raw))``, reading the tags of ``raw`` once.

    The text outside ``<b>…</b>`` is the text between the tags that are not inside a bold
    tag; without any bold tag that is all the text between the tags.

    >>> text_and_bold("<b>I alt</b>"), text_and_bold("<p>Drift</p>"), text_and_bold("Sum")
    (('I alt', True), ('Drift', False), ('Sum', False))
    """
    if "<" not in raw:
        return cell_text(raw), False  # no tag: nothing is bold
    simple = simple_text_and_bold(raw)
    if simple is not None:
        return simple
    gaps, tags, blocks = _split(raw)
    text = _finish(_visible(gaps, blocks))
    if not text:
        return text, False
    if _pattern("_BOLD").search(raw) is None:  # no bold tag: nothing is inside one
        return text, _blank("".join(gaps))
    outside: list[str] = []
    depth = 0
    for gap, tag in zip(gaps, tags, strict=False):
        if depth == 0:
            outside.append(gap)
        if tag[1] == "/":
            if depth and (tag in _BOLD_ENDS or _pattern("_BOLD_END").fullmatch(tag)):
                depth -= 1
        elif tag in _BOLD_STARTS or _pattern("_BOLD").fullmatch(tag):
            depth += 1
    if depth == 0:
        outside.append(gaps[-1])
    return text, _blank("".join(outside))


#: Opening tags whose cells are often just ``<b>text</b>``: whether the tag is bold.
_SIMPLE_TAGS = {
    "<b>": True,
    "<strong>": True,
    "<p>": False,
    "<i>": False,
    "<u>": False,
    "<em>": False,
    "<span>": False,
    "<li>": False,
    "<div>": False,
}


def simple_text_and_bold(raw: str) -> tuple[str, bool] | None:
    """``text_and_bold`` of a cell that is one simple tag around plain text (``<b>I alt</b>``).

    The text has no ``<`` and no ``&``, so the two tags are its only markup: the text is the
    inner text (the spaces a block tag leaves at the ends are stripped), bold when the tag is.
    ``None`` for any other cell.
    """
    inner = raw.strip()
    if inner.count("<") != 2 or inner[-1:] != ">":
        return None
    end = inner.find(">") + 1
    bold = _SIMPLE_TAGS.get(inner[:end])
    start = inner.rfind("<")
    if bold is None or inner[start:] != "</" + inner[1:end] or "&" in inner:
        return None
    text = " ".join(inner[end:start].split())
    return text, bool(text) and bold


def _blank(raw: str) -> bool:
    """``not cell_text(raw)``: without a tag or an entity, blank means only white space."""
    if "<" not in raw and "&" not in raw:
        return not raw or raw.isspace()
    return not cell_text(raw)
