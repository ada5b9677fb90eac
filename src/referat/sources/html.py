"""HTML to the text the layouts read, with a source map (lxml's HTML parser, libxml2).

Block elements (``p``, ``div``, headings, list items, table rows …) become lines, separated by
a blank line; ``br`` breaks a line; list items get a ``- `` or ``1. `` marker; table cells are
joined by TABs (a two-cell row whose first cell ends with ``:`` is a ``label: value`` line).
White space collapses as a browser collapses it. Scripts, styles, forms, navigation, hidden
elements, modal dialogs and drop-down menus are page furniture and left out.

Where the markup marks the structure, it is used instead of guessed from the text:

* First Agenda publication pages (``tr.punktrow``): ``Punkt N: <h2.overskrift>``, then
  ``Sagsnr.: <span.sagsnummer>``, then the case text (layout ``firstagenda-html``);
* Fujitsu eDoc pages (``table.xsltTitleTableBegin``): ``Punkt N: title``, the ``Sagsnr.:``,
  ``Sagsbehandler:`` and access cells on lines of their own, ``div.xsltHeader`` as section
  headings (layout ``edoc-html``).

Every character of the text maps to the XPath of a text node and an offset in it (see
:mod:`referat.sources.sourcemap`); the paths are those of the parsed tree (comments and
processing instructions dropped, as the parser drops them).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import re
from typing import Any

from referat.models import Diagnostic, Severity
from referat.sources._deps import require
from referat.sources.extracted import Extracted
from referat.sources.sourcemap import SourceMap, TextBuilder

#: Elements that end a line before and after them, with a blank line.
BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "legend",
        "main",
        "menu",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "ul",
        "caption",
        "body",
        "html",
    ]
)
#: Page furniture: never text of the document.
SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "nav",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "select",
        "option",
        "textarea",
        "input",
        "canvas",
        "audio",
        "video",
        "map",
        "area",
        "button-menu",
    ]
)
#: Class names (any of the element's classes) that mark furniture.
SKIP_CLASSES = frozenset(
    [
        "modal",
        "dropdown-menu",
        "sr-only",
        "visually-hidden",
        "navbar",
        "breadcrumb",
        "cookie",
        "skip-link",
        "pdf-label",
        "glyphicon",
        "fil-ikon",
        "expand",
    ]
)
_WORDS = re.compile(r"\S+(?: \S+)*")
_WS = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?([\w.:-]{1,40})""", re.I)
_NUMBER = re.compile(r"\s*(\d{1,4})\s*\.?\s*$")

HtmlElement = Any  # lxml's element (lxml ships no type information)


def decode_html(data: bytes) -> tuple[str, str, list[Diagnostic]]:
    """Bytes to text: a BOM, then ``<meta charset>``, then UTF-8, else cp1252 (a warning)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", []
    declared = _META_CHARSET.search(data[:4096])
    names = [declared.group(1).decode("ascii").lower()] if declared else []
    for name in [*names, "utf-8"]:
        try:
            return data.decode(name), name, []
        except (LookupError, UnicodeDecodeError):
            continue
    message = "the HTML is neither UTF-8 nor in its declared encoding; read as cp1252"
    return (
        data.decode("cp1252", errors="replace"),
        "cp1252",
        [Diagnostic(Severity.WARNING, "not-utf8", message, None)],
    )


def _classes(element: HtmlElement) -> frozenset[str]:
    value = element.get("class")
    return frozenset(value.split()) if value else frozenset()


Frame = tuple[Any, str, dict[str, int], list[int]]  # element, path, child tag counts, counters


def text_nodes(element: HtmlElement, path: str) -> list[tuple[str, str]]:
    """Every text node below ``element`` (its own text, descendants' texts and tails, not its
    own tail) with its XPath, in document order."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[HtmlElement, str, dict[str, int], list[int]]] = []

    def open_(node: HtmlElement, node_path: str) -> None:
        counters = [0]
        stack.append((node, node_path, {}, counters))
        if node.text:
            counters[0] += 1
            found.append((node.text, f"{node_path}/text()[{counters[0]}]"))

    open_(element, path)
    iterators = [iter(element)]
    while iterators:
        child = next(iterators[-1], None)
        if child is None:
            iterators.pop()
            node = stack.pop()[0]
            if stack and node.tail:
                parent = stack[-1]
                parent[3][0] += 1
                found.append((node.tail, f"{parent[1]}/text()[{parent[3][0]}]"))
            continue
        parent = stack[-1]
        if not isinstance(child.tag, str):
            if child.tail:
                parent[3][0] += 1
                found.append((child.tail, f"{parent[1]}/text()[{parent[3][0]}]"))
            continue
        name = _local(child.tag)
        parent[2][name] = index = parent[2].get(name, 0) + 1
        open_(child, f"{parent[1]}/{name}[{index}]")
        iterators.append(iter(child))
    return found


def _local(tag: str) -> str:
    return (tag.rpartition("}")[2] if "}" in tag else tag).lower()


_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


class Walker:
    """Writes the text of an element tree into a :class:`TextBuilder` (no recursion)."""

    def __init__(self, out: TextBuilder) -> None:
        self.out = out
        self.space: tuple[str, int] | None = None  # a collapsed space waiting for more text
        self.separator: tuple[str, str] | None = None  # cell separators waiting for text
        self.layout: str | None = None

    # --- text ----------------------------------------------------------------------------

    def text(self, value: str | None, path: str) -> None:
        """Add a text node's string, white space collapsed; ``path`` is its XPath."""
        if not value:
            return
        out = self.out
        position = 0
        for match in _WORDS.finditer(value):
            start = match.start()
            if self.separator is not None:
                out.generated(self.separator[0], path=self.separator[1])
                self.separator = None
                self.space = None
            else:
                gap = (path, position) if start > position else self.space
                if gap is not None and not out.at_line_start and out.last_char not in " \t":
                    out.text(" ", path=gap[0], source_start=gap[1])
            self.space = None
            out.text(match.group(), path=path, source_start=start)
            position = match.end()
        if position < len(value):
            self.space = (path, position)

    def newline(self, count: int, path: str) -> None:
        """End the line (1) or the block (2) before the next text."""
        self.space = None
        self.separator = None
        self.out.newline(count, path=path)

    def inline(self, element: HtmlElement, path: str) -> None:
        """Write every text node of ``element`` on the current line."""
        for value, node_path in text_nodes(element, path):
            self.text(value, node_path)

    # --- the walk --------------------------------------------------------------------------

    def walk(self, root: HtmlElement, path: str, *, skip: frozenset[int] = frozenset()) -> None:
        """Write ``root``'s text (``path`` is root's XPath); elements whose ``id()`` is in
        ``skip`` are left out, and so is furniture."""
        stack: list[Frame] = []
        self._open(root, path, stack, _local(root.tag) if isinstance(root.tag, str) else "", 1)
        iterators = [iter(root)]
        while iterators:
            child = next(iterators[-1], None)
            if child is None:
                iterators.pop()
                element, element_path, _, _ = stack.pop()
                self._close(element, element_path)
                if stack:
                    self._tail(element, stack[-1])
                continue
            parent = stack[-1]
            tag = child.tag
            if not isinstance(tag, str):  # a comment or processing instruction left in
                self._tail(child, parent)
                continue
            name = _local(tag)
            counts = parent[2]
            counts[name] = index = counts.get(name, 0) + 1
            child_path = f"{parent[1]}/{name}[{index}]"
            if (
                id(child) in skip
                or _furniture(child, name)
                or self._structured(child, name, child_path)
            ):
                self._tail(child, parent)
                continue
            self._open(child, child_path, stack, name, index)
            iterators.append(iter(child))

    def _open(
        self, element: HtmlElement, path: str, stack: list[Frame], name: str, index: int
    ) -> None:
        counters = [0, 0]  # text nodes seen, cells in this row
        out = self.out
        if name in BLOCKS or name in _HEADINGS:
            self.newline(2, path)
        elif name in ("tr", "br"):
            self.newline(1, path)
        elif name == "li":
            self.newline(1, path)
            ordered = bool(stack) and _local(str(stack[-1][0].tag)) == "ol"
            out.generated(f"{index}. " if ordered else "- ", path=path)
        elif name in ("td", "th") and stack:
            row = stack[-1][3]
            if row[1] and not out.at_line_start:
                label = row[1] == 1 and out.last_char == ":"
                waiting = self.separator[0] if self.separator else ""
                self.separator = (waiting + (" " if label else "\t"), path)
            row[1] += 1
        stack.append((element, path, {}, counters))
        if element.text:
            counters[0] += 1
            self.text(element.text, f"{path}/text()[{counters[0]}]")

    def _close(self, element: HtmlElement, path: str) -> None:
        name = _local(element.tag)
        if name in BLOCKS or name in _HEADINGS:
            self.newline(2, path)
        elif name in ("tr", "li"):
            self.newline(1, path)

    def _tail(self, element: HtmlElement, parent: Frame) -> None:
        if element.tail:
            counters = parent[3]
            counters[0] += 1
            self.text(element.tail, f"{parent[1]}/text()[{counters[0]}]")

    # --- structure the markup marks ------------------------------------------------------

    def _structured(self, element: HtmlElement, name: str, path: str) -> bool:
        """Write an element whose structure is known (First Agenda, eDoc); ``False`` if not."""
        if name not in ("tr", "table", "div"):
            return False
        classes = _classes(element)
        if not classes:
            return False
        if name == "tr" and "punktrow" in classes:
            self._first_agenda_item(element, path)
            self.layout = "firstagenda-html"
            return True
        if name == "table" and "xsltTitleTableBegin" in classes and self._edoc_title(element, path):
            self.layout = "edoc-html"
            return True
        if name == "table" and "xsltTitleTableEnd" in classes:
            for cell, cell_path in _cells(element, path):
                self.newline(1, path)
                self.walk(cell, cell_path)
            self.newline(2, path)
            return True
        if name == "div" and "xsltHeader" in classes:
            self.newline(2, path)
            self.inline(element, path)
            self.newline(2, path)
            return True
        return False

    def _first_agenda_item(self, row: HtmlElement, path: str) -> None:
        out = self.out
        found = _by_class(row, path, {"label", "overskrift", "sagsnummer", "details"})
        self.newline(2, path)
        out.generated("Punkt ", path=path)
        if "label" in found:
            self.inline(*found["label"])
        out.generated(": ", path=path)
        self.space = None
        if "overskrift" in found:
            self.inline(*found["overskrift"])
        self.newline(2, path)
        skip: set[int] = set()
        if "sagsnummer" in found and "".join(found["sagsnummer"][0].itertext()).strip():
            out.generated("Sagsnr.: ", path=path)
            self.inline(*found["sagsnummer"])
            self.newline(2, path)
            skip.add(id(found["sagsnummer"][0]))
        if "details" in found:
            self.walk(*found["details"], skip=frozenset(skip))
        for cell, cell_path in _cells(row, path)[2:]:
            self.walk(cell, cell_path)
        self.newline(2, path)

    def _edoc_title(self, table: HtmlElement, path: str) -> bool:
        cells = _cells(table, path)
        if len(cells) < 2:
            return False
        nodes = text_nodes(*cells[0])
        number = next(
            ((value, node_path, m) for value, node_path in nodes if (m := _DIGITS.search(value))),
            None,
        )
        if number is None or _NUMBER.match("".join(v for v, _ in nodes)) is None:
            return False
        out = self.out
        _, node_path, match = number
        self.newline(2, path)
        out.generated("Punkt ", path=path)
        out.text(match.group(), path=node_path, source_start=match.start())
        out.generated(": ", path=path)
        self.space = None
        self.inline(*cells[1])
        self.newline(2, path)
        return True


_DIGITS = re.compile(r"\d+")


def _furniture(element: HtmlElement, name: str) -> bool:
    if name in SKIP or element.get("hidden") is not None:
        return True
    if element.get("aria-hidden") == "true":
        return True
    value = element.get("class")
    return bool(value) and not SKIP_CLASSES.isdisjoint(value.split())


def _cells(element: HtmlElement, path: str) -> list[tuple[HtmlElement, str]]:
    """The ``td``/``th`` cells of the rows of ``element`` (a table or a row), with XPaths."""
    rows = [element] if _local(element.tag) == "tr" else list(element.iter("tr"))
    cells: list[tuple[HtmlElement, str]] = []
    for row in rows:
        cells.extend(
            (cell, path_below(cell, element, path))
            for cell in row
            if isinstance(cell.tag, str) and _local(cell.tag) in ("td", "th")
        )
    return cells


def _by_class(element: HtmlElement, path: str, wanted: set[str]) -> dict[str, tuple[Any, str]]:
    """The first element below ``element`` carrying each class in ``wanted``, with its XPath."""
    found: dict[str, tuple[Any, str]] = {}
    for cls in wanted:
        hits = _class_xpath(cls)(element)
        if hits:
            found[cls] = (hits[0], path_below(hits[0], element, path))
    return found


@functools.cache
def _class_xpath(cls: str) -> Any:
    etree = require("lxml.etree", "html")
    return etree.XPath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def path_below(node: HtmlElement, base: HtmlElement, base_path: str) -> str:
    """The XPath of ``node``, a descendant of ``base`` whose XPath is ``base_path``."""
    steps = []
    while node is not base and node is not None:
        parent = node.getparent()
        if parent is None:
            break
        name = _local(node.tag)
        index = 1
        for sibling in node.itersiblings(preceding=True):
            if isinstance(sibling.tag, str) and _local(sibling.tag) == name:
                index += 1
        steps.append(f"{name}[{index}]")
        node = parent
    return "/".join([base_path, *reversed(steps)])


def parse_html_text(text: str) -> HtmlElement:
    """The document element of ``text`` (lxml's HTML parser, nothing fetched)."""
    etree = require("lxml.etree", "html")
    parser = etree.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=False,
        default_doctype=False,
        collect_ids=False,
        encoding="utf-8",
    )
    # Bytes, not the str: lxml refuses a str that carries an XML encoding declaration.
    data = text.encode("utf-8", errors="replace")
    root = etree.fromstring(data, parser) if text.strip() else None
    if root is None:
        root = etree.Element("html")
    return root


def extract_html(data: bytes | str, *, name: str | None = None) -> Extracted:
    """The text of an HTML document, its source map and the layout its markup names."""
    if isinstance(data, bytes):
        raw = data
        text, encoding, problems = decode_html(data)
    else:
        raw = data.encode("utf-8", "surrogatepass")
        text, encoding, problems = data, "utf-8", []
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\x00", "\ufffd")
    root = parse_html_text(text)
    out = TextBuilder()
    walker = Walker(out)
    tag = root.tag if isinstance(root.tag, str) else "html"
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects, none of them cyclic: the collector only slows
    try:
        walker.walk(root, f"/{tag.lower()}")
        body, segments = out.finish()
    finally:
        if collecting:
            gc.enable()
    source_map = SourceMap(
        format="html",
        segments=segments,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        layout=walker.layout,
    )
    return Extracted(body, source_map, encoding, tuple(problems))
