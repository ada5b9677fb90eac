"""The front ends' speed: referat's PDF path against PDFium's own text extraction, HTML MB/s.

    python tests/benchmarks/sources_bench.py [--rounds 5] [--pdf FILE ...] [--html FILE ...]

PDF, per document, in the same process and interleaved (each round runs every candidate once):

``pdfium``  -- pypdfium2's own extraction: open, ``get_textpage().get_text_range()`` per page;
``front``   -- referat's PDF front end: the same plus boxes, rows, furniture, paragraphs and
              the source map (:func:`referat.sources.pdf.extract_pdf`);
``parse``   -- the whole path of ``referat.parse_bytes`` with every installed plugin.

The minimum of ``--rounds`` rounds is reported with the ratio to ``pdfium`` (target: the
front end ≤ 1.5×). HTML: MB/s of :func:`referat.sources.html.extract_html` on the corpus HTML
and on a generated 20 MB agenda page (target ≥ 5 MB/s). Timings on a shared machine are
noisy: this is a script, not a test.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

import referat
from referat.sources.html import extract_html
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


def generated_page(megabytes: int) -> bytes:
    row = (
        "<tr class='punktrow'><td><span class='label'>{n}</span></td><td><h2 class='overskrift'>"
        "Godkendelse af budget</h2><div class='details'><span class='sagsnummer'>EMN-2025-0001"
        "</span><div><h3>Beslutning</h3><div>Byrådet godkendte indstillingen med de ændringer, "
        "der blev aftalt i forligsteksten, og sendte sagen videre.</div></div></div></td></tr>\n"
    )
    rows = "".join(row.format(n=i % 999 + 1) for i in range(megabytes * 1_000_000 // len(row)))
    return f"<html><body><table><tbody>{rows}</tbody></table></body></html>".encode()


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--rounds", type=int, default=5)
    arguments.add_argument("--pdf", nargs="*", type=Path, default=sorted(SRC.glob("*.pdf")))
    arguments.add_argument("--html", nargs="*", type=Path, default=sorted(SRC.glob("*.html")))
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
    print(f"\n{'HTML':48} {'MB':>6} {'ms':>9} {'MB/s':>7}")
    pages = [(p.name, p.read_bytes()) for p in options.html]
    pages.append(("generated First Agenda page (20 MB)", generated_page(20)))
    for name, data in pages:
        rounds = options.rounds if len(data) < 5_000_000 else 2
        seconds = best_of(rounds, {"html": lambda data=data: extract_html(data)})["html"]
        size = len(data) / 1e6
        print(f"{name:48} {size:6.2f} {seconds * 1000:9.1f} {size / seconds:7.1f}")


if __name__ == "__main__":
    main()
