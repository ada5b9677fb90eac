"""HTML fragments inside table cells → plain text.

The exports put HTML into TAB and pipe cells: ``<b>``, ``<i>``, ``<br>``, ``<p>``,
``<ul style="…"><li>…</li></ul>``, sometimes unclosed (``<ul style="list-style-type: none"> •
Oplysning …`` with no ``</ul>``) or cut off at the end of the cell. The rules:

* Only tags with a known HTML name are markup. ``(< 55 %)`` and ``<https://…>`` are text.
* Inline tags (``b``, ``i``, ``u``, ``em``, ``strong``, ``span``, ``sup``, ``sub``) vanish.
* Block tags and line breaks (``br``, ``p``, ``ul``, ``ol``, ``li``, ``div``, …) become a space.
* A tag cut off at the end of the cell (``<ul style="list`` with no ``>``) is dropped.
* Entities with a semicolon (``&amp;``) are decoded; a bare ``&`` stays.
* Runs of white space become one space; the text is stripped. Words broken inside a cell
  (``støttebe- hov``) are kept as printed.

All regexes are linear: tag bodies are ``[^<>]*`` with no nested quantifiers.
"""

from __future__ import annotations

import html
import re

_INLINE = "b|i|u|em|strong|span|sup|sub|font|small|mark|s|strike"
_BLOCK = "br|p|ul|ol|li|div|table|tr|td|th|thead|tbody|h[1-6]|hr|blockquote|dl|dt|dd"

#: A complete tag with a known name: ``<b>``, ``</li>``, ``<ul style="…">``, ``<br/>``.
TAG = re.compile(rf"</?(?P<name>{_INLINE}|{_BLOCK})(?![\w-])[^<>]*>", re.IGNORECASE)
#: A known tag cut off by the end of the cell (no closing ``>``).
_CUT_TAG = re.compile(rf"</?(?:{_INLINE}|{_BLOCK})(?![\w-])[^<>]*\Z", re.IGNORECASE)
_BLOCK_NAME = re.compile(rf"(?:{_BLOCK})\Z", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACE = re.compile(r"\s+")
_BOLD = re.compile(r"<(?:b|strong)(?![\w-])[^<>]*>", re.IGNORECASE)
_BOLD_END = re.compile(r"</(?:b|strong)\s*>", re.IGNORECASE)


def _replace_tag(match: re.Match[str]) -> str:
    return " " if _BLOCK_NAME.match(match.group("name")) else ""


def has_markup(raw: str) -> bool:
    """Whether ``raw`` contains at least one known HTML tag (complete or cut off)."""
    return TAG.search(raw) is not None or _CUT_TAG.search(raw) is not None


def cell_text(raw: str) -> str:
    """The visible text of a raw cell.

    >>> cell_text("<b>Arbejdsgruppe 1</b><br>Kontraktstyring")
    'Arbejdsgruppe 1 Kontraktstyring'
    >>> cell_text('<ul style="list-style-type: none"> • Meraktivitet')
    '• Meraktivitet'
    >>> cell_text("(< 55 %)")
    '(< 55 %)'
    """
    text = TAG.sub(_replace_tag, raw)
    text = _CUT_TAG.sub("", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return _SPACE.sub(" ", text).strip()


def is_bold(raw: str) -> bool:
    """Whether the whole visible text of ``raw`` sits inside ``<b>…</b>`` (or ``<strong>``).

    >>> is_bold("<b>I alt</b>"), is_bold("<b>3,8 %</b> (Dec-23)"), is_bold("")
    (True, False, False)
    """
    if not cell_text(raw):
        return False
    outside: list[str] = []
    depth = 0
    position = 0
    for match in TAG.finditer(raw):
        if depth == 0:
            outside.append(raw[position : match.start()])
        tag = match.group(0)
        if _BOLD.fullmatch(tag):
            depth += 1
        elif _BOLD_END.fullmatch(tag):
            depth = max(0, depth - 1)
        position = match.end()
    if depth == 0:
        outside.append(raw[position:])
    return not cell_text("".join(outside))
