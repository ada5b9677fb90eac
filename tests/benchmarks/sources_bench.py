"""The front ends' speed: referat's PDF path against PDFium's own text extraction, HTML MB/s.

    python tests/benchmarks/sources_bench.py [--rounds 5] [--pdf FILE ...] [--html FILE ...]

PDF, per document, in the same process and interleaved (each round runs every candidate once):

``pdfium``  -- pypdfium2's own extraction: open, ``get_textpage().get_text_range()`` per page;
``front``   -- referat's PDF front end: the same plus boxes, rows, furniture, paragraphs and
              the source map (:func:`referat.sources.pdf.extract_pdf`);
``parse``   -- the whole path of ``referat.parse_bytes`` with every installed plugin.

The minimum of ``--rounds`` rounds is reported with the ratio to ``pdfium`` (target: the
front end ≤ 1.5×).

HTML, per page, interleaved the same way:

``lxml``   -- lxml's own extraction: parse (the same hardened parser) and ``itertext()``;
``front``  -- referat's HTML front end (:func:`referat.sources.html.extract_html`): the text
             with blocks, cells and furniture, the First Agenda structure and the source map.

reported as MB/s of the front end (target ≥ 5 MB/s) and its time as a multiple of ``lxml``.
Besides the corpus HTML, two generated First Agenda pages are read at 1×, 4× and 16× their
base size (``--base-mb``): *rows* (short agenda rows, one structured row per 340 bytes) and
*dense* (rows whose case text is Word HTML: nested div/span/table, inline styles, a tag every
~35 bytes, entity-heavy Danish text). The ``/1×`` column is the time per MB against the 1×
size of the same page: about 1.0 when the time is linear in the size.

Timings on a shared machine are noisy: this is a script, not a test.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

import referat
from referat.sources.html import decode_html, extract_html, parse_html_text
from referat.sources.pdf import extract_pdf

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT.parent / "shared" / "corpus" / "src"


def pdfium_text(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for i in range(len(document)):
            page = document[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def best_of(rounds: int, candidates: dict[str, Callable[[], object]]) -> dict[str, float]:
    best = dict.fromkeys(candidates, float("inf"))
    names = list(candidates)
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            gc.collect()
            started = time.perf_counter()
            candidates[name]()
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def generated_page(megabytes: float) -> bytes:
    row = (
        "<tr class='punktrow'><td><span class='label'>{n}</span></td><td><h2 class='overskrift'>"
        "Godkendelse af budget</h2><div class='details'><span class='sagsnummer'>EMN-2025-0001"
        "</span><div><h3>Beslutning</h3><div>Byrådet godkendte indstillingen med de ændringer, "
        "der blev aftalt i forligsteksten, og sendte sagen videre.</div></div></div></td></tr>\n"
    )
    count = int(megabytes * 1_000_000) // len(row)
    rows = "".join(row.format(n=i % 999 + 1) for i in range(count))
    return f"<html><body><table><tbody>{rows}</tbody></table></body></html>".encode()


def dense_page(megabytes: float) -> bytes:
    """A First Agenda page whose case texts are Word HTML, as municipalities paste them: nested
    div/span/table, inline styles on every span, many tiny text nodes, entity-heavy text."""
    style = "font-family:Arial,sans-serif;font-size:10.0pt;color:#000000;mso-fareast-language:DA"
    words = [
        *(
            "Byr&aring;det",
            "godkendte",
            "&nbsp;",
            "indstillingen",
            "om",
            "&AElig;ldreomr&aring;det",
        ),
        *("&amp;", "budget", "2026&ndash;2029", "&oslash;konomi", "&#8220;forlig&#8221;", "kr."),
        "&#230;ndring",
    ]
    para = "".join(
        f"<span style='{style}'>{w}</span>"
        + ("<span style='mso-spacerun:yes'>&nbsp;</span>" if i % 3 == 2 else " ")
        for i, w in enumerate(words)
    )
    cells = ("Udgift", "1.126,5&nbsp;mio.&nbsp;kr.", "&AElig;ndring&nbsp;&#177;&nbsp;3&nbsp;%")
    row_html = "".join(
        "<td width='120' valign='top' style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'>"
        f"<p class='MsoNormal'><b><span style='{style}'>{c}</span></b></p></td>"
        for c in cells
    )
    table = (
        "<table class='MsoTableGrid' style='border-collapse:collapse;border:none'><tbody>"
        + f"<tr style='height:12.0pt'>{row_html}</tr>" * 3
        + "</tbody></table>"
    )
    case = (
        "<div class='WordSection1'><div><div><p class='MsoNormal' style='margin:0cm'>"
        f"{para}</p></div><ul><li><span style='{style}'>At&nbsp;1)</span> <i><span>{para}</span>"
        f"</i></li><li><span style='{style}'>At&nbsp;2)</span> <u>{para}</u></li></ul>{table}"
        f"<div><h3>Beslutning</h3><div><span><span><span style='{style}'>Godkendt.</span></span>"
        "</span></div></div></div></div>"
    )
    row = (
        "<tr class='punktrow' id='punktrow_{n}'><td class='text-center punkt-tabel'>"
        "<span class='label label-default'>{n}</span></td><td class='punkt-tabel'>"
        "<button class='overskrift-btn' role='button' aria-expanded='false'>"
        "<h2 class='overskrift text-left' tabindex='0'>Forslag til budget&nbsp;2026&ndash;2029"
        "</h2></button><div class='details'><span class='sagsnummer'>EMN-2025-008308</span>"
        "<div class='punkt'><h3></h3><div><div id='sagsfremstillingContainer'>"
        + case
        + "</div></div></div></div></td><td class='punkt-tabel'><span class='dropdown'>"
        "<ul class='dropdown-menu'><li><a href='#'>Hent som PDF</a></li></ul></span></td></tr>\n"
    )
    count = max(1, int(megabytes * 1_000_000) // len(row))
    rows = "".join(row.format(n=i % 999 + 1) for i in range(count))
    head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Dagsorden</title></head>"
    return (
        f"{head}<body><table class='dagsorden'><tbody>{rows}</tbody></table></body></html>".encode()
    )


def lxml_text(data: bytes) -> str:
    """lxml's own text extraction: the front end's parse, then every text node."""
    root = parse_html_text(decode_html(data)[0])
    return "".join(root.itertext())


def generated_pages(base_mb: float) -> list[tuple[str, bytes, str]]:
    """The generated pages at 1×, 4× and 16× ``base_mb``: name, bytes, the family they scale."""
    pages = []
    for family, make in (("rows", generated_page), ("dense", dense_page)):
        for factor in (1, 4, 16):
            size = base_mb * factor
            pages.append(
                (f"generated {family} page {factor:>2}× ({size:g} MB)", make(size), family)
            )
    return pages


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--rounds", type=int, default=5)
    arguments.add_argument("--pdf", nargs="*", type=Path, default=sorted(SRC.glob("*.pdf")))
    arguments.add_argument("--html", nargs="*", type=Path, default=sorted(SRC.glob("*.html")))
    arguments.add_argument("--base-mb", type=float, default=1.25, help="the 1× generated size")
    options = arguments.parse_args()
    parser = referat.Parser()
    print(f"{'PDF':48} {'pdfium ms':>10} {'front ms':>9} {'×':>5} {'parse ms':>9} {'×':>6}")
    for path in options.pdf:
        data = path.read_bytes()
        times = best_of(
            options.rounds,
            {
                "pdfium": lambda data=data: pdfium_text(data),
                "front": lambda data=data: extract_pdf(data),
                "parse": lambda data=data: parser.parse_bytes(data),
            },
        )
        base = times["pdfium"]
        print(
            f"{path.name:48} {base * 1000:10.1f} {times['front'] * 1000:9.1f} "
            f"{times['front'] / base:5.2f} {times['parse'] * 1000:9.1f} {times['parse'] / base:6.2f}"
        )
    print(f"\n{'HTML':48} {'MB':>6} {'lxml ms':>9} {'front ms':>9} {'MB/s':>6} {'×':>5} {'/1×':>5}")
    pages: list[tuple[str, bytes, str | None]] = [
        (p.name, p.read_bytes(), None) for p in options.html
    ]
    pages += generated_pages(options.base_mb)
    per_mb: dict[str, float] = {}
    for name, data, family in pages:
        rounds = options.rounds if len(data) < 5_000_000 else max(2, options.rounds // 2)
        times = best_of(
            rounds,
            {
                "lxml": lambda data=data: lxml_text(data),
                "front": lambda data=data: extract_html(data),
            },
        )
        size = len(data) / 1e6
        front = times["front"]
        linear = ""
        if family is not None:
            per_mb.setdefault(family, front / size)
            linear = f"{front / size / per_mb[family]:5.2f}"
        print(
            f"{name:48} {size:6.2f} {times['lxml'] * 1000:9.1f} {front * 1000:9.1f} "
            f"{size / front:6.1f} {front / times['lxml']:5.2f} {linear:>5}"
        )


if __name__ == "__main__":
    main()
