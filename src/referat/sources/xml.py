"""XML from the case systems to the text the layouts read, with a source map.

Parsing is hardened (lxml, libxml2): no DTD is loaded, no entity is resolved, nothing is
fetched, no huge-tree mode; a document that declares entities (the billion-laughs bomb, an
external entity) is refused with :class:`~referat.errors.SourceError`, and so is one that is
not well-formed.

Two families are read by their elements (and name their layout):

* SBSYS publication XML (``Publication/Agendas/Agenda``; layout ``sbsys-xml``): the header
  from ``Committee/Name``, ``Meeting/When`` and ``Meeting/Where``; each ``Item`` as
  ``Punkt <Number>: <Caption>``, ``Sagsnr.: <Case/Number>`` when there is one, ``Lukket
  punkt`` when ``IsPublic`` is false, then every ``ItemField`` with content: its ``Caption``
  as a section heading and its ``Content`` (HTML in CDATA) as text;
* Fujitsu eDoc agenda XML (``edoc:`` namespace; layout ``edoc-xml``): ``Committee``,
  ``Meeting`` with its participants (``Deltagere:`` and ``Fraværende:`` from
  ``Participate``), each ``AgendaElement/HandlingItem`` as ``Punkt <SerialNo>: <Title>``,
  ``Sagsnr.:``, ``Åbent punkt``/``Lukket punkt`` from ``AccessIsPublic``, its
  ``CasePresentation`` titles and contents, and this meeting's ``Decision`` unless it is the
  placeholder ``Beslutning ikke frigivet``.

Any other XML gives the text of its elements, one element per line, and a diagnostic.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from referat.errors import SourceError
from referat.models import Diagnostic, Severity
from referat.sources._deps import require
from referat.sources.extracted import Extracted
from referat.sources.html import Walker, parse_html_text, text_nodes
from referat.sources.sourcemap import SourceMap, TextBuilder

Element = Any  # lxml's element (lxml ships no type information)

_WHEN = re.compile(r"\s*(\d{1,2}[-./]\d{1,2}[-./]\d{4})[ T]+(\d{1,2}[:.]\d{2})")
#: A document type declaration: its external identifier (SYSTEM/PUBLIC) and internal subset.
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+[^\s>\[]+([^>\[]*)(\[)?", re.IGNORECASE)
#: Where the root element starts (the prolog ends).
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_PLACEHOLDERS = frozenset(("beslutning ikke frigivet", "tomt indhold"))


def parse_xml(data: bytes) -> Element:
    """The root element of ``data``, parsed with entities, DTDs and the network all off."""
    etree = require("lxml.etree", "html")
    root_start = _ROOT_START.search(data)
    prolog = data[: root_start.start() if root_start else len(data)]
    doctype = _DOCTYPE.search(prolog)
    if doctype is not None and (doctype.group(1).strip() or doctype.group(2)):
        entities = b"<!ENTITY" in prolog[doctype.start() :]
        what = "declares entities" if entities else "refers to an external DTD"
        msg = f"the XML {what} (refused: entity expansion, files and the network stay out)"
        raise SourceError(msg, format="xml")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=False,
        collect_ids=False,
    )
    parser.resolvers.add(_Refuse())
    try:
        root = etree.fromstring(data, parser)
    except _RefusedLoadError as error:
        msg = f"the XML asks to load {error} (refused: files and the network stay out)"
        raise SourceError(msg, format="xml") from None
    except etree.XMLSyntaxError as error:
        msg = f"the XML is not well-formed: {error}"
        raise SourceError(msg, format="xml") from None
    except ValueError as error:  # e.g. a str with an encoding declaration
        msg = f"the XML cannot be read: {error}"
        raise SourceError(msg, format="xml") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        msg = "the XML declares entities (refused: entity expansion and external entities)"
        raise SourceError(msg, format="xml")
    if next(root.iter(etree.Entity), None) is not None:  # found in C, not node by node
        msg = "the XML uses undeclared entity references (refused)"
        raise SourceError(msg, format="xml")
    return root


class _RefusedLoadError(Exception):
    """A load the parser asked for (an external DTD or entity): never carried out."""


def _refuse_class() -> Any:
    etree = require("lxml.etree", "html")

    class Refuse(etree.Resolver):  # type: ignore[misc, name-defined]
        def resolve(self, url: str, pubid: str, context: object) -> None:
            raise _RefusedLoadError(url)

    return Refuse


def _Refuse() -> Any:  # noqa: N802 - reads as the class it makes
    return _refuse_class()()


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


class _Renderer:
    def __init__(self, root: Element) -> None:
        self.root = root
        self.out = TextBuilder()
        self.walker = Walker(self.out)
        self.paths = _Paths(root)
        self.documents: dict[Element, Element] = {}  # CDATA HTML, parsed once

    # --- small writers ---------------------------------------------------------------

    def path(self, element: Element) -> str:
        return self.paths[element]

    def value(self, element: Element | None) -> str:
        return (element.text or "").strip() if element is not None else ""

    def field(self, element: Element | None) -> None:
        """Write an element's own text (white space collapsed) on the current line."""
        if element is not None and element.text:
            self.walker.text(element.text, f"{self.path(element)}/text()[1]")

    def line(self, label: str, element: Element | None) -> None:
        """``label`` and the element's text on a line of their own (nothing when empty)."""
        if not self.value(element):
            return
        self.out.newline(1)
        self.out.generated(label, path=self.path(element))
        self.walker.space = None
        self.field(element)
        self.out.newline(1)

    def when(self, label: str, element: Element | None) -> None:
        """``Mødedato: 15-05-2013 kl. 16:30`` from ``15-05-2013 16:30:00``."""
        text = element.text if element is not None and element.text else ""
        match = _WHEN.match(text)
        if match is None:
            self.line(label, element)
            return
        path = f"{self.path(element)}/text()[1]"
        self.out.newline(1)
        self.out.generated(label, path=path)
        self.out.text(match.group(1), path=path, source_start=match.start(1))
        self.out.generated(" kl. ", path=path)
        self.out.text(match.group(2), path=path, source_start=match.start(2))
        self.out.newline(1)

    def heading(self, element: Element | None) -> bool:
        if not self.value(element):
            return False
        self.out.newline(2)
        self.walker.space = None
        self.field(element)
        self.out.newline(2)
        return True

    def html(self, element: Element | None) -> None:
        """The HTML inside an element (CDATA) as blocks of text."""
        if element is None or not (element.text or "").strip():
            return
        path = f"{self.path(element)}/text()[1]|"
        document = self.document(element)
        self.out.newline(2)
        self.walker.walk(document, f"{path}/{_local(document.tag).lower() or 'html'}")
        self.out.newline(2)

    def has_text(self, element: Element | None) -> bool:
        if element is None or not element.text:
            return False
        document = self.document(element)
        text = " ".join(value for value, _ in text_nodes(document, "")).strip()
        return bool(text) and text.casefold() not in _PLACEHOLDERS

    def document(self, element: Element) -> Element:
        """The HTML in an element's text, parsed once (:meth:`has_text`, then :meth:`html`)."""
        document = self.documents.get(element)
        if document is None:
            document = self.documents[element] = parse_html_text(element.text)
        return document

    # --- SBSYS ---------------------------------------------------------------------------

    def sbsys(self) -> None:
        for agenda in self.root.iterfind("Agendas/Agenda"):
            kind = (agenda.findtext("PublicationTypeAsValue") or "").strip()
            enum = (self.root.findtext("PublicationTypeAsEnum") or "").strip().casefold()
            minutes = kind == "2" or enum in ("minutes", "referat")
            self.out.newline(2)
            self.out.generated("Referat" if minutes else "Dagsorden", path=self.path(agenda))
            self.out.newline(1)
            committee = agenda.find("Committee/Name")
            self.line("Udvalg: ", committee if committee is not None else agenda.find("Name"))
            self.when("Mødedato: ", agenda.find("Meeting/When"))
            self.line("Mødested: ", agenda.find("Meeting/Where"))
            for item in agenda.iterfind("Items/Item"):
                self.sbsys_item(item)

    def sbsys_item(self, item: Element) -> None:
        out = self.out
        path = self.path(item)
        out.newline(2)
        out.generated("Punkt ", path=path)
        self.field(item.find("Number"))
        out.generated(": ", path=path)
        self.walker.space = None
        self.field(item.find("Caption"))
        out.newline(2)
        self.line("Sagsnr.: ", item.find("Case/Number"))
        if (item.findtext("IsPublic") or "").strip().casefold() == "false":
            out.newline(1)
            out.generated("Lukket punkt", path=self.path(item.find("IsPublic")))
            out.newline(2)
        for field in item.iterfind("Fields/ItemField"):
            content = field.find("Content")
            if not self.has_text(content):
                continue
            self.heading(field.find("Caption"))
            self.html(content)

    # --- eDoc ----------------------------------------------------------------------------

    def edoc(self, ns: str) -> None:
        q = f"{{{ns}}}"
        root = self.root
        out = self.out
        kind = (root.findtext(f"{q}OutputTypeEnumName") or "").strip().casefold()
        out.generated("Referat" if kind in ("minutes", "referat") else "Dagsorden", path="/")
        out.newline(1)
        for committee in root.iter(f"{q}Committee"):
            self.line("Udvalg: ", committee.find(f"{q}Name"))
            for meeting in committee.iterfind(f"{q}Meeting"):
                self.when("Mødedato: ", meeting.find(f"{q}MeetingDateTime"))
                self.line("Mødested: ", meeting.find(f"{q}MeetingLocation"))
                self.participants(meeting, q)
                for element in meeting.iter(f"{q}AgendaElement"):
                    self.edoc_item(element, q)

    def participants(self, meeting: Element, q: str) -> None:
        groups: dict[str, list[Element]] = {"true": [], "false": []}
        for person in meeting.iterfind(f"{q}MeetingParticipants/{q}MeetingParticipant"):
            flag = (person.findtext(f"{q}Participate") or "").strip().casefold()
            if flag in groups and self.value(person.find(f"{q}Name")):
                groups[flag].append(person)
        for flag, label in (("true", "Deltagere: "), ("false", "Fraværende: ")):
            people = groups[flag]
            if not people:
                continue
            self.out.newline(1)
            self.out.generated(label, path=self.path(meeting))
            for i, person in enumerate(people):
                if i:
                    self.out.generated(", ", path=self.path(person))
                self.walker.space = None
                self.field(person.find(f"{q}Name"))
                party = person.find(f"{q}PoliticalPartyList")
                if self.value(party):
                    self.out.generated(" (", path=self.path(party))
                    self.walker.space = None
                    self.field(party)
                    self.out.generated(")", path=self.path(party))
            self.out.newline(1)

    def edoc_item(self, element: Element, q: str) -> None:
        item = element.find(f"{q}HandlingItem")
        if item is None:
            return
        out = self.out
        path = self.path(item)
        out.newline(2)
        out.generated("Punkt ", path=path)
        self.field(item.find(f"{q}SerialNo"))
        out.generated(": ", path=path)
        self.walker.space = None
        self.field(item.find(f"{q}Title"))
        out.newline(2)
        self.line("Sagsnr.: ", item.find(f"{q}CaseNumber"))
        public = element.find(f"{q}AccessIsPublic")
        if self.value(public):
            out.newline(1)
            closed = self.value(public).casefold() == "false"
            out.generated("Lukket punkt" if closed else "Åbent punkt", path=self.path(public))
            out.newline(2)
        for presentation in item.iterfind(f"{q}CasePresentations/{q}CasePresentation"):
            content = presentation.find(f"{q}Content")
            if self.has_text(content):
                self.heading(presentation.find(f"{q}Title"))
                self.html(content)
        for handling in item.iterfind(f"{q}HandlingPlan/{q}Handling"):
            placement = (handling.findtext(f"{q}Placement") or "").strip()
            decision = handling.find(f"{q}Decision")
            if placement == "This" and self.has_text(decision):
                out.newline(2)
                out.generated("Beslutning", path=self.path(decision))
                out.newline(2)
                self.html(decision)

    # --- anything else -------------------------------------------------------------------

    def generic(self) -> None:
        for value, path in text_nodes(self.root, self.paths[self.root]):
            if value.strip():
                self.out.newline(1)
                self.walker.space = None
                self.walker.text(value, path)
                self.out.newline(1)


class _Paths:
    """The XPath of an element (prefixes as the document writes them), worked out when asked
    for: the children of a parent are numbered together, once, so each element is counted at
    most once and the subtrees nobody asks about (``CreatedBy``, ``GeneratorSettings`` …) never
    are."""

    def __init__(self, root: Element) -> None:
        self._root = root
        self._known: dict[Element, str] = {root: f"/{_step(root)}"}

    def __getitem__(self, element: Element) -> str:
        known = self._known
        path = known.get(element)
        if path is not None:
            return path
        missing = [element]  # the ancestors not yet numbered, nearest first
        parent = element.getparent()
        while parent is not None and parent not in known:
            missing.append(parent)
            parent = parent.getparent()
        if parent is None:
            msg = "the element is not in this document"
            raise KeyError(msg)
        for node in reversed(missing):
            parent = node.getparent()
            base = known[parent]
            counts: dict[str, int] = {}
            for child in parent:
                if isinstance(child.tag, str):
                    name = _step(child)
                    counts[name] = index = counts.get(name, 0) + 1
                    known[child] = f"{base}/{name}[{index}]"
        return known[element]


def _step(element: Element) -> str:
    local = _local(element.tag)
    return f"{element.prefix}:{local}" if element.prefix else local


def extract_xml(data: bytes | str, *, name: str | None = None) -> Extracted:
    """The text of an SBSYS or eDoc XML document (or any XML), its source map and layout."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if isinstance(data, str):
        # lxml refuses a str with an encoding declaration: hand it UTF-8 bytes instead.
        raw = data.lstrip("\ufeff").encode("utf-8")
    root = parse_xml(raw)
    renderer = _Renderer(root)
    problems: list[Diagnostic] = []
    tag = _local(root.tag)
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    edoc_ns = next(
        (ns for ns in [namespace, *root.nsmap.values()] if ns and "fujitsu.dk/agenda" in ns),
        None,
    )
    if tag == "Publication" and root.find("Agendas/Agenda") is not None:
        layout: str | None = "sbsys-xml"
        renderer.sbsys()
    elif edoc_ns is not None:
        layout = "edoc-xml"
        renderer.edoc(edoc_ns)
    else:
        layout = None
        message = (
            f"the XML root <{tag}> is neither SBSYS publication XML nor eDoc agenda XML: "
            "its text is read element by element"
        )
        problems.append(Diagnostic(Severity.WARNING, "unknown-xml", message, None))
        renderer.generic()
    text, segments = renderer.out.finish()
    encoding = root.getroottree().docinfo.encoding or "utf-8"
    source_map = SourceMap(
        format="xml",
        segments=segments,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        layout=layout,
    )
    return Extracted(text, source_map, encoding.lower(), tuple(problems))
