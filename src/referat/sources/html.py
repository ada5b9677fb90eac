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


#: An open element of the walk is a list (cheaper to make than an object, one per element):
#: its XPath, its local name, its children counted by tag name, the text nodes seen in it, the
#: cells of a row.
_PATH, _NAME, _COUNTS, _TEXTS, _CELLS = range(5)
_Frame = list[Any]


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
            self.space, self.separator = self.out.words(value, path, self.space, self.separator)

    def newline(self, count: int, path: str) -> None:
        """End the line (1) or the block (2) before the next text."""
        self.space = None
        self.separator = None
        self.out.end_line(count, path)

    def inline(self, element: HtmlElement, path: str) -> None:
        """Write every text node of ``element`` on the current line."""
        if not len(element):  # a leaf (the usual title or number): its one text node
            value = element.text
            if value:
                self.space, self.separator = self.out.words(
                    value, f"{path}/text()[1]", self.space, self.separator
                )
            return
        for value, node_path in text_nodes(element, path):
            self.text(value, node_path)

    # --- the walk --------------------------------------------------------------------------

    def walk(self, root: HtmlElement, path: str, *, skip: frozenset[int] = frozenset()) -> None:
        """Write ``root``'s text (``path`` is root's XPath); elements whose ``id()`` is in
        ``skip`` are left out, and so is furniture.

        One ``iterwalk`` pass: text nodes are numbered per parent (``text()[n]``) and element
        steps per tag name, as XPath numbers them; a skipped element's subtree is not entered
        (its ``end`` event comes next, and its tail is still text of the parent). The hot path:
        what an element does to the lines is looked up in ``_KIND`` and written here, not in a
        call per element.
        """
        words = self.out.words
        names = self._names
        kinds = _KIND
        stack: list[_Frame] = []
        events = _etree().iterwalk(root, events=_EVENTS)
        skipped = None  # the element whose subtree was skipped
        for event, element in events:
            if event == "start":
                tag = element.tag
                name = names.get(tag)
                if name is None:
                    name = names[tag] = _local(tag)
                if stack:
                    parent = stack[-1]
                    counts = parent[2]  # _COUNTS
                    counts[name] = index = counts.get(name, 0) + 1
                    element_path = f"{parent[0]}/{name}[{index}]"
                    if (
                        name in SKIP
                        or (skip and id(element) in skip)
                        or (
                            (keys := element.keys())
                            and self._furniture_or_structure(element, name, element_path, keys)
                        )
                    ):
                        events.skip_subtree()
                        skipped = element
                        continue
                else:
                    index, element_path = 1, path
                kind = kinds.get(name)
                if kind is not None:
                    self._open(kind, index, element_path, stack)
                frame: _Frame = [element_path, name, {}, 0, 0]
                stack.append(frame)
                value = element.text
                if value:
                    frame[3] = 1  # _TEXTS
                    self.space, self.separator = words(
                        value, f"{element_path}/text()[1]", self.space, self.separator
                    )
                continue
            if event == "end":
                if element is skipped:
                    skipped = None
                else:
                    frame = stack.pop()
                    kind = kinds.get(frame[1])
                    if kind is not None and kind != _CELL:
                        self._close(kind, frame)
            # the tail of an element that ended, of a comment or of a processing instruction
            if stack:
                value = element.tail
                if value:
                    parent = stack[-1]
                    parent[3] = texts = parent[3] + 1  # _TEXTS
                    self.space, self.separator = words(
                        value, f"{parent[0]}/text()[{texts}]", self.space, self.separator
                    )

    def _open(self, kind: int, index: int, path: str, stack: list[_Frame]) -> None:
        """Enter an element of ``kind``: the line breaks, list marker or cell separator it asks
        for."""
        out = self.out
        if kind == _BLOCK:
            self.space = self.separator = None
            out.end_line(2, path)
        elif kind == _LINE:
            self.space = self.separator = None
            out.end_line(1, path)
        elif kind == _ITEM:
            self.space = self.separator = None
            out.end_line(1, path)
            ordered = bool(stack) and stack[-1][_NAME] == "ol"
            out.mark(f"{index}. " if ordered else "- ", path)
        elif stack:  # a cell
            row = stack[-1]
            cells = row[_CELLS]
            if cells and not out.at_line_start:
                label = cells == 1 and out.last_char == ":"
                waiting = self.separator[0] if self.separator else ""
                self.separator = (waiting + (" " if label else "\t"), path)
            row[_CELLS] = cells + 1

    def _close(self, kind: int, frame: _Frame) -> None:
        """Leave an element of ``kind`` (not a cell): the line breaks it asks for."""
        if kind == _BLOCK:
            self.space = self.separator = None
            self.out.end_line(2, frame[_PATH])
        elif kind == _ITEM or frame[_NAME] == "tr":
            self.space = self.separator = None
            self.out.end_line(1, frame[_PATH])

    # --- structure the markup marks ------------------------------------------------------

    def _furniture_or_structure(
        self, element: HtmlElement, name: str, path: str, keys: list[str]
    ) -> bool:
        """Whether an element with attributes (``keys``: their names) is left to the walk: it
        is hidden or furniture, or its structure is known and was written here."""
        if "hidden" in keys or ("aria-hidden" in keys and element.get("aria-hidden") == "true"):
            return True
        value = element.get("class") if "class" in keys else None
        if not value:
            return False
        classes = value.split()
        return not SKIP_CLASSES.isdisjoint(classes) or (
            name in _STRUCTURAL and self._structured(element, name, path, classes)
        )

    def _structured(self, element: HtmlElement, name: str, path: str, classes: list[str]) -> bool:
        """Write an element whose structure is known (First Agenda, eDoc); ``False`` if not.
        ``classes``: the element's class names."""
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
        found = _by_class(row, path, _FIRST_AGENDA_CLASSES, self._names)
        self.newline(2, path)
        out.mark("Punkt ", path)
        if "label" in found:
            self.inline(*found["label"])
        out.mark(": ", path)
        self.space = None
        if "overskrift" in found:
            self.inline(*found["overskrift"])
        self.newline(2, path)
        skip: frozenset[int] = frozenset()
        if "sagsnummer" in found and _has_text(found["sagsnummer"][0]):
            out.mark("Sagsnr.: ", path)
            self.inline(*found["sagsnummer"])
            self.newline(2, path)
            skip = frozenset((id(found["sagsnummer"][0]),))
        if "details" in found:
            self.walk(*found["details"], skip=skip)
        if len(row) > 2:  # cells after the number and the title (rarely)
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
        out.mark("Punkt ", path)
        out.text(match.group(), path=node_path, source_start=match.start())
        out.mark(": ", path)
        self.space = None
        self.inline(*cells[1])
        self.newline(2, path)
        return True


_FIRST_AGENDA_CLASSES = frozenset(("label", "overskrift", "sagsnummer", "details"))


_DIGITS = re.compile(r"\d+")


def _has_text(element: HtmlElement) -> bool:
    """Whether ``element`` holds text other than white space."""
    if not len(element):
        text = element.text
        return bool(text) and not text.isspace()
    return bool("".join(element.itertext()).strip())


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
    element: HtmlElement, path: str, wanted: frozenset[str], names: dict[str, str]
) -> dict[str, tuple[Any, str]]:
    """The first element below ``element`` carrying each class in ``wanted``, with its XPath
    (one pass in document order over the attributes, in C; the paths of the few found counted
    afterwards, each ancestor once; classes split as XPath's ``normalize-space`` splits them).
    ``names``: tag -> local name, filled as tags are met."""
    found: dict[str, Any] = {}
    for node in element.iterdescendants():
        value = node.get("class")
        if not value:
            continue
        # printable: its only white space is the space (every other white space character is
        # unprintable), so str.split splits it as XPath does
        classes = value.split() if value.isprintable() else _XML_SPACE.split(value)
        if wanted.isdisjoint(classes):
            continue
        for cls in classes:
            if cls in wanted and cls not in found:
                found[cls] = node
        if len(found) == len(wanted):
            break
    paths: dict[Any, str] = {element: path}
    return {cls: (node, _path_in(node, paths, names)) for cls, node in found.items()}


def _path_in(node: HtmlElement, paths: dict[Any, str], names: dict[str, str]) -> str:
    """The XPath of ``node``, a descendant of an element in ``paths`` (element -> XPath); the
    paths of the steps on the way are added to ``paths`` (``names``: tag -> local name)."""
    steps: list[HtmlElement] = []
    while node not in paths:
        steps.append(node)
        node = node.getparent()
    path = paths[node]
    for step in reversed(steps):
        tag = step.tag
        name = names.get(tag)
        if name is None:
            name = names[tag] = _local(tag)
        index = 1
        if step.getprevious() is not None:
            for sibling in step.itersiblings(preceding=True):
                other = sibling.tag
                if other == tag or (isinstance(other, str) and _local(other) == name):
                    index += 1
        path = paths[step] = f"{path}/{name}[{index}]"
    return path


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
