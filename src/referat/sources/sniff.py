"""What a source is, told by its content (magic bytes and markup), never by its file name.

:func:`sniff` looks at the first few kilobytes only, so it costs the same on any size:

* ``"pdf"``: ``%PDF-`` in the first 1024 bytes (the PDF specification allows junk before it);
* ``"xml"``: an XML declaration or a first element that is not HTML;
* ``"html"``: a doctype ``html``, or a first element HTML knows (``<html>``, ``<body>``,
  ``<div>``, ``<table>`` …);
* ``"text"``: anything else that is not a known binary format;
* a known binary format that is no referat (``"zip"``, ``"png"`` …) is named so the caller can
  refuse it with a clear message instead of reading its bytes as text.
"""

from __future__ import annotations

import re

#: How far into the source sniffing looks.
HEAD = 4096

_BINARY = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # .doc, .xls, .msg
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"\x1f\x8b", "gzip"),
    (b"{\\rtf", "rtf"),
)

#: Names of binary formats: what :func:`sniff` says and what a person calls them.
BINARY_NAMES = {
    "zip": "a ZIP archive (also .docx, .xlsx, .odt)",
    "ole": "an OLE compound file (.doc, .xls, .msg)",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "gzip": "a gzip archive",
    "rtf": "an RTF document",
    "binary": "binary data",
}

_HTML_TAGS = frozenset(
    [
        "html",
        "head",
        "body",
        "div",
        "table",
        "p",
        "span",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "meta",
        "title",
        "link",
        "script",
        "style",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "main",
        "ul",
        "ol",
        "li",
        "a",
        "br",
        "form",
        "tr",
        "td",
        "th",
        "tbody",
    ]
)

#: Skipped before the first element: white space, comments, processing instructions
#: (including the XML declaration) and a doctype, each bounded.
_PROLOG = re.compile(
    r"(?:\s+|<!--.{0,2000}?-->|<\?.{0,500}?\?>|<!DOCTYPE[^>\[]{0,500}(?:\[.{0,2000}?\])?\s*>)*",
    re.IGNORECASE | re.DOTALL,
)
_FIRST_TAG = re.compile(r"<([A-Za-z_][\w:.-]{0,100})")
_XML_DECL = re.compile(r"\s*<\?xml\s", re.IGNORECASE)
_HTML_DOCTYPE = re.compile(r"<!DOCTYPE\s+html", re.IGNORECASE)


def _head_text(data: bytes) -> str:
    """The first bytes as text: UTF-16 when a BOM says so, else UTF-8/latin-1 leniently."""
    head = data[:HEAD]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("latin-1")  # byte for byte: markup is ASCII either way


def sniff(data: bytes) -> str:
    """``"pdf"``, ``"html"``, ``"xml"``, ``"text"`` or the name of a binary format."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    for magic, name in _BINARY:
        if data.startswith(magic):
            return name
    head = _head_text(data)
    tail = data[-HEAD:].decode("latin-1") if len(data) > HEAD else ""
    return sniff_text(head + "\n" + tail if tail else head, binary_check=True)


def sniff_text(text: str, *, binary_check: bool = False) -> str:
    """``"html"``, ``"xml"`` or ``"text"`` for a string (its first characters only)."""
    head = text[:HEAD]
    if binary_check and "\x00" in head[:HEAD]:
        return "binary"
    if head.startswith("\ufeff"):
        head = head[1:]
    prolog = _PROLOG.match(head)
    rest = head[prolog.end() :] if prolog else head
    has_decl = _XML_DECL.match(head) is not None
    if _HTML_DOCTYPE.search(head[: prolog.end()] if prolog else ""):
        return "html"
    tag = _FIRST_TAG.match(rest)
    if tag is None:
        return "xml" if has_decl and rest.startswith("<") else "text"
    name = tag.group(1).lower()
    if (name in _HTML_TAGS and name != "title") or name == "html":
        return "html"
    if has_decl:
        return "xml"
    # A first element HTML does not know: XML when it closes somewhere (a document),
    # otherwise text that merely starts with "<" (e.g. "<Titel>" typed by hand).
    return "xml" if f"</{tag.group(1)}" in text[-HEAD:] or "/>" in rest[:200] else "text"
