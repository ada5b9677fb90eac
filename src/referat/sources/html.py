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
import threading
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


@functools.cache
def _etree() -> Any:
    return require("lxml.etree", "html")


#: What an element does to the lines around it (``_open``/``_close`` in one table lookup).
_BLOCK, _LINE, _ITEM, _CELL = 1, 2, 3, 4
_KIND = {
    **dict.fromkeys(BLOCKS, _BLOCK),
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), _BLOCK),
    "tr": _LINE,
    "br": _LINE,
    "li": _ITEM,
    "td": _CELL,
    "th": _CELL,
}
#: Elements whose markup may name a structure (``Walker._structured``).
_STRUCTURAL = frozenset(("tr", "table", "div"))
_EVENTS = ("start", "end", "comment", "pi")


class _Frame:
    """An open element of the walk: its XPath, its children counted by tag name, the text
    nodes seen in it, the cells of a row, its local name."""

    __slots__ = ("cells", "counts", "name", "path", "texts")

    def __init__(self, path: str, name: str) -> None:
        self.path = path
        self.name = name
        self.counts: dict[str, int] = {}
        self.texts = 0
        self.cells = 0


def text_nodes(element: HtmlElement, path: str) -> list[tuple[str, str]]:
    """Every text node below ``element`` (its own text, descendants' texts and tails, not its
    own tail) with its XPath, in document order."""
    found: list[tuple[str, str]] = []
    stack: list[list[Any]] = []  # [path, child tag counts, text nodes seen]
    for event, node in _etree().iterwalk(element, events=_EVENTS):
        if event == "start":
            if stack:
                parent = stack[-1]
                name = _local(node.tag)
                counts = parent[1]
                counts[name] = index = counts.get(name, 0) + 1
                node_path = f"{parent[0]}/{name}[{index}]"
            else:
                node_path = path
            frame = [node_path, {}, 0]
            stack.append(frame)
            if node.text:
                frame[2] = 1
                found.append((node.text, f"{node_path}/text()[1]"))
            continue
        if event == "end":
            stack.pop()
        if stack and node.tail:  # an element's end, a comment, a processing instruction
            parent = stack[-1]
            parent[2] += 1
            found.append((node.tail, f"{parent[0]}/text()[{parent[2]}]"))
    return found


def _local(tag: str) -> str:
    return (tag.rpartition("}")[2] if "}" in tag else tag).lower()


class Walker:
    """Writes the text of an element tree into a :class:`TextBuilder` (no recursion).

    The walk is the hot path of the HTML front end (and of the HTML in XML fields): one
    ``iterwalk`` event per element and a few attribute reads, with the line logic looked up
    in a table; every text node goes through :meth:`text` to :meth:`TextBuilder.run`.
    """

    def __init__(self, out: TextBuilder) -> None:
        self.out = out
        self.space: tuple[str, int] | None = None  # a collapsed space waiting for more text
        self.separator: tuple[str, str] | None = None  # cell separators waiting for text
        self.layout: str | None = None
        self._names: dict[str, str] = {}  # tag -> lower-case local name

    # --- text ----------------------------------------------------------------------------

    def text(self, value: str | None, path: str) -> None:
        """Add a text node's string, white space collapsed; ``path`` is its XPath."""
        if value:
            self.space, wrote = self.out.words(value, path, self.space, self.separator)
            if wrote:
                self.separator = None

    def newline(self, count: int, path: str) -> None:
        """End the line (1) or the block (2) before the next text."""
        self.space = None
        self.separator = None
        self.out.newline(count, path=path)

    def inline(self, element: HtmlElement, path: str) -> None:
        """Write every text node of ``element`` on the current line."""
        if not len(element):  # a leaf (the usual title or number): its one text node
            self.text(element.text, f"{path}/text()[1]")
            return
        for value, node_path in text_nodes(element, path):
            self.text(value, node_path)

    # --- the walk --------------------------------------------------------------------------

    def walk(self, root: HtmlElement, path: str, *, skip: frozenset[int] = frozenset()) -> None:
        """Write ``root``'s text (``path`` is root's XPath); elements whose ``id()`` is in
        ``skip`` are left out, and so is furniture.

        One ``iterwalk`` pass: text nodes are numbered per parent (``text()[n]``) and element
        steps per tag name, as XPath numbers them; a skipped element's subtree is not entered
        (its ``end`` event comes next, and its tail is still text of the parent).
        """
        text = self.text
        names = self._names
        stack: list[_Frame] = []
        events = _etree().iterwalk(root, events=_EVENTS)
        skipped = None  # the element whose subtree was skipped
        for event, element in events:
            if event == "start":
                tag = element.tag
                name = names.get(tag)
                if name is None:
                    name = names[tag] = _local(tag)
                if not stack:
                    self._open(element, name, 1, path, stack)
                    continue
                parent = stack[-1]
                counts = parent.counts
                counts[name] = index = counts.get(name, 0) + 1
                element_path = f"{parent.path}/{name}[{index}]"
                if name in SKIP or (skip and id(element) in skip):
                    events.skip_subtree()
                    skipped = element
                    continue
                keys = element.keys()
                if keys and (
                    _furniture(element, keys)
                    or (
                        name in _STRUCTURAL
                        and "class" in keys
                        and self._structured(element, name, element_path)
                    )
                ):
                    events.skip_subtree()
                    skipped = element
                    continue
                self._open(element, name, index, element_path, stack)
                continue
            if event == "end":
                if element is skipped:
                    skipped = None
                else:
                    self._close(stack.pop())
            # the tail of an element that ended, of a comment or of a processing instruction
            if stack:
                value = element.tail
                if value:
                    parent = stack[-1]
                    parent.texts += 1
                    text(value, f"{parent.path}/text()[{parent.texts}]")

    def _open(
        self, element: HtmlElement, name: str, index: int, path: str, stack: list[_Frame]
    ) -> None:
        """Enter an element: the line breaks, list marker or cell separator it asks for, then
        its own text."""
        kind = _KIND.get(name)
        if kind is not None:
            out = self.out
            if kind == _BLOCK:
                self.space = self.separator = None
                out.newline(2, path=path)
            elif kind == _LINE:
                self.space = self.separator = None
                out.newline(1, path=path)
            elif kind == _ITEM:
                self.space = self.separator = None
                out.newline(1, path=path)
                ordered = bool(stack) and stack[-1].name == "ol"
                out.generated(f"{index}. " if ordered else "- ", path=path)
            elif stack:  # a cell
                row = stack[-1]
                if row.cells and not out.at_line_start:
                    label = row.cells == 1 and out.last_char == ":"
                    waiting = self.separator[0] if self.separator else ""
                    self.separator = (waiting + (" " if label else "\t"), path)
                row.cells += 1
        frame = _Frame(path, name)
        stack.append(frame)
        value = element.text
        if value:
            frame.texts = 1
            self.text(value, f"{path}/text()[1]")

    def _close(self, frame: _Frame) -> None:
        name = frame.name
        kind = _KIND.get(name)
        if kind == _BLOCK:
            self.space = self.separator = None
            self.out.newline(2, path=frame.path)
        elif kind == _ITEM or name == "tr":
            self.space = self.separator = None
            self.out.newline(1, path=frame.path)

    # --- structure the markup marks ------------------------------------------------------

    def _structured(self, element: HtmlElement, name: str, path: str) -> bool:
        """Write an element whose structure is known (First Agenda, eDoc); ``False`` if not."""
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
        found = _by_class(row, path, _FIRST_AGENDA_CLASSES)
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


_FIRST_AGENDA_CLASSES = frozenset(("label", "overskrift", "sagsnummer", "details"))


def _furniture(element: HtmlElement, keys: list[str]) -> bool:
    """Hidden, or carrying a furniture class (``keys``: the element's attribute names)."""
    if "hidden" in keys or ("aria-hidden" in keys and element.get("aria-hidden") == "true"):
        return True
    if "class" not in keys:
        return False
    value = element.get("class")
    return bool(value) and not SKIP_CLASSES.isdisjoint(value.split())


_DIGITS = re.compile(r"\d+")


def _cells(element: HtmlElement, path: str) -> list[tuple[HtmlElement, str]]:
    """The ``td``/``th`` cells of the rows of ``element`` (a table or a row), with XPaths."""
    rows = [element] if _local(element.tag) == "tr" else list(element.iter("tr"))
    cells: list[tuple[HtmlElement, str]] = []
    for row in rows:
        row_path = path_below(row, element, path)
        counts = {"td": 0, "th": 0}
        for cell in row:
            name = _local(cell.tag) if isinstance(cell.tag, str) else ""
            if name in counts:
                counts[name] += 1
                cells.append((cell, f"{row_path}/{name}[{counts[name]}]"))
    return cells


#: The white space XPath's ``normalize-space`` knows: a class list is split on it.
_XML_SPACE = re.compile(r"[ \t\r\n]+")


def _by_class(
    element: HtmlElement, path: str, wanted: frozenset[str]
) -> dict[str, tuple[Any, str]]:
    """The first element below ``element`` carrying each class in ``wanted``, with its XPath
    (one pass in document order, the paths counted on the way; classes split as XPath's
    ``normalize-space`` splits them)."""
    found: dict[str, tuple[Any, str]] = {}
    stack: list[tuple[str, dict[str, int]]] = []
    for event, node in _etree().iterwalk(element, events=("start", "end")):
        if event == "end":
            stack.pop()
            continue
        if not stack:
            stack.append((path, {}))
            continue
        parent_path, counts = stack[-1]
        name = _local(node.tag)
        counts[name] = index = counts.get(name, 0) + 1
        node_path = f"{parent_path}/{name}[{index}]"
        stack.append((node_path, {}))
        value = node.get("class")
        if not value:
            continue
        for cls in _XML_SPACE.split(value):
            if cls in wanted and cls not in found:
                found[cls] = (node, node_path)
        if len(found) == len(wanted):
            break
    return found


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


_PARSERS = threading.local()  # lxml parsers are reusable, but not across threads


def _html_parser() -> Any:
    parser = getattr(_PARSERS, "html", None)
    if parser is None:
        parser = _PARSERS.html = _etree().HTMLParser(
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            huge_tree=False,
            default_doctype=False,
            collect_ids=False,
            encoding="utf-8",
        )
    return parser


def parse_html_text(text: str) -> HtmlElement:
    """The document element of ``text`` (lxml's HTML parser, nothing fetched)."""
    etree = _etree()
    # Bytes, not the str: lxml refuses a str that carries an XML encoding declaration.
    data = text.encode("utf-8", errors="replace")
    root = etree.fromstring(data, _html_parser()) if text.strip() else None
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
