"""Compare PDF text-extraction libraries on the corpus PDFs (speed, text quality, boxes, size).

    python tests/benchmarks/pdf_libraries.py [--rounds 5] [--pdf FILE ...] [--no-quality]

Candidates: pypdf, pdfminer.six, pdfplumber, pypdfium2 -- each is skipped (with a note) when
it is not installed, so the script runs with any subset. The PDFs default to
``../shared/corpus/src/*.pdf`` next to the repository (override with ``--pdf``).

Two timings per library and document, both opening the file inside the timed call:
``text``  -- the library's own full text extraction, page by page (the 1.5x budget's base);
``boxes`` -- text plus a bounding box for every character, which the front end needs to map
a character range to page + bbox (pypdf has no per-character boxes: shown as "-").
All candidates run interleaved in the same process (each round runs every candidate once, in
rotating order) and the minimum of ``--rounds`` rounds is reported.

Quality columns come from one untimed extraction: Danish letters (æøåÆØÅ) and broken ones
(U+FFFD, combining ring U+030A, mojibake 'Ã'), probe phrases found after whitespace
collapsing, the reading order of the label/value header of the SBSYS PDF, where the page
footer 'Side N' lands, words glued/split relative to the other libraries' consensus
vocabulary, and the special characters each library emits (CR, form feed, U+FFFE, U+00AD).

This is a script, not a test: timings on a shared machine are too noisy to assert on.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import importlib.metadata as md
import itertools
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PDF_DIR = ROOT.parent / "shared" / "corpus" / "src"


# --- extraction functions: each opens the file itself and returns one string per page -----


def pypdf_text(path: Path) -> list[str]:
    import pypdf

    reader = pypdf.PdfReader(path)
    return [page.extract_text() for page in reader.pages]


def pdfminer_text(path: Path) -> list[str]:
    from pdfminer.high_level import extract_text

    # One pass over the whole file; pdfminer ends every page with a form feed.
    text = extract_text(str(path))
    pages = text.split("\f")
    return pages[:-1] if pages and pages[-1] == "" else pages


def pdfplumber_text(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [page.extract_text() for page in pdf.pages]


def pypdfium2_text(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        out = []
        for page in pdf:
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        pdf.close()


# --- text + one bbox per character (what a span -> page/bbox mapping needs) ---------------

Box = tuple[float, float, float, float]


def pdfminer_boxes(path: Path) -> list[tuple[str, list[Box]]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    out = []
    for layout in extract_pages(str(path)):
        chars: list[str] = []
        boxes: list[Box] = []
        for element in layout:
            if not isinstance(element, LTTextContainer):
                continue
            for line in element:
                for obj in getattr(line, "_objs", ()):
                    if isinstance(obj, LTChar):
                        chars.append(obj.get_text())
                        boxes.append(obj.bbox)
        out.append(("".join(chars), boxes))
    return out


def pdfplumber_boxes(path: Path) -> list[tuple[str, list[Box]]]:
    import pdfplumber
    from pdfplumber.utils.text import chars_to_textmap

    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            # The text map is what extract_text() renders; .tuples pairs each output
            # character with its source char dict (None for inserted spaces/newlines).
            textmap = chars_to_textmap(page.chars)
            text = "".join(c for c, _ in textmap.tuples)
            boxes = [
                (o["x0"], o["top"], o["x1"], o["bottom"]) if o else (0.0, 0.0, 0.0, 0.0)
                for _, o in textmap.tuples
            ]
            out.append((text, boxes))
    return out


def pypdfium2_boxes(path: Path) -> list[tuple[str, list[Box]]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        out = []
        for page in pdf:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            # Offsets in get_text_range() are PDFium char indices (1:1), so the box of
            # text[i] is get_charbox(i): no alignment step is needed.
            boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
            out.append((text, boxes))
            textpage.close()
            page.close()
        return out
    finally:
        pdf.close()


def pypdfium2_line_boxes(path: Path) -> list[tuple[str, list[list[Box]]]]:
    """The lazy path: page text plus the rectangles of every text line, asked per character
    range (FPDFText_CountRects/GetRect) -- what a span -> bbox lookup costs per span."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        out = []
        for page in pdf:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            rects = []
            for m in re.finditer(r"[^\r\n]+", text):
                n = textpage.count_rects(m.start(), m.end() - m.start())
                rects.append([textpage.get_rect(i) for i in range(n)])
            out.append((text, rects))
            textpage.close()
            page.close()
        return out
    finally:
        pdf.close()


# --- registry -----------------------------------------------------------------------------

TextFn = Callable[[Path], list[str]]
BoxFn = Callable[[Path], list[tuple[str, list[Box]]]]

CANDIDATES: list[tuple[str, str, str, TextFn, BoxFn | None]] = [
    # (label, import name, distribution name, text function, boxes function)
    ("pypdf", "pypdf", "pypdf", pypdf_text, None),
    ("pdfminer.six", "pdfminer", "pdfminer.six", pdfminer_text, pdfminer_boxes),
    ("pdfplumber", "pdfplumber", "pdfplumber", pdfplumber_text, pdfplumber_boxes),
    ("pypdfium2", "pypdfium2", "pypdfium2", pypdfium2_text, pypdfium2_boxes),
]


def available() -> list[tuple[str, str, TextFn, BoxFn | None]]:
    found = []
    for label, module, dist, text_fn, box_fn in CANDIDATES:
        try:
            importlib.import_module(module)
        except ImportError:
            print(f"skipped: {label} is not installed", file=sys.stderr)
            continue
        found.append((label, dist, text_fn, box_fn))
    return found


# --- timing -------------------------------------------------------------------------------


def best_of(
    jobs: dict[tuple[str, str], Callable[[], object]], rounds: int
) -> dict[tuple[str, str], float]:
    """Run every job once per round, in rotating order; return the minimum seconds."""
    best = {key: float("inf") for key in jobs}
    keys = list(jobs)
    for r in range(rounds):
        order = keys[r % len(keys) :] + keys[: r % len(keys)]
        for key in order:
            gc.collect()
            start = time.perf_counter()
            jobs[key]()
            best[key] = min(best[key], time.perf_counter() - start)
    return best


# --- quality ------------------------------------------------------------------------------

PROBES = {
    "aarhus-byraad-2025-08-27.pdf": [
        "REFERAT Aarhus Byråd d. 27-08-2025",
        "Mødedato Onsdag d. 27. august 2025 kl. 16:00",
        "Punkt 1: Godkendelse af dagsorden",
        "EMN-2023-009832",
        "Punkt 21: Lukket: Køb af landbrugsejendom",
        "Forslag fra SF og ALT om Østjysk Marin Naturnationalpark",
        "Jesper Kjeldsen deltog ikke i sagens behandling.",
        "Danmarks bedste bøfsandwich",
        "Udvalg: Økonomi- og Erhvervsudvalget",
        "Svar på forslag fra V om at farten skal ned på Grenåvej i Løgten & Skødstrup",
    ],
    "aarhus-moedesystemgruppen-2016-10-06.pdf": [
        "Mødesystemgruppen",
        "Deltagere: Jeppe Kirkegaard",
        "Tilde Ølholm",
        "1.1 Status siden sidst",
        "Referat: Alle skal have indhold.",
        "Plan for resten af året",
        "FØLG OP PÅ SAMMEN MED KASPER.",
        "Afbud: Tilde,",
    ],
}
# Label/value pairs printed side by side in the SBSYS header (two columns).
PAIRS = {
    "aarhus-moedesystemgruppen-2016-10-06.pdf": [
        "Dato: 6. oktober 2016",
        "Tid: 13:00 - 15:00",
        "Sted: Rådhuset lokale 233",
    ],
}
DANISH = set("æøåÆØÅ")
WORD = re.compile(r"[0-9A-Za-zÆØÅæøåÉéÜü]+")


def collapse(text: str) -> str:
    return " ".join(text.split())


def footer_position(pages: list[str]) -> str:
    """Where 'Side N' lands on the pages that print it: first line, last line, or inside."""
    where = Counter()
    for page in pages:
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        for i, ln in enumerate(lines):
            if re.fullmatch(r"Side \d+", ln):
                where["first" if i == 0 else "last" if i == len(lines) - 1 else "inside"] += 1
    return ",".join(f"{k}:{v}" for k, v in sorted(where.items())) or "-"


def glue_split(tokens: list[str], vocab: set[str]) -> tuple[int, int]:
    """Glued: a token outside the consensus vocabulary that splits into two vocabulary
    words. Split: two adjacent tokens, one of them unknown, that join into a known word."""
    glued = 0
    for tok in tokens:
        if tok in vocab or len(tok) < 4:
            continue
        if any(tok[:i] in vocab and tok[i:] in vocab for i in range(1, len(tok))):
            glued += 1
    split = 0
    for a, b in itertools.pairwise(tokens):
        if (a not in vocab or b not in vocab) and a + b in vocab:
            split += 1
    return glued, split


def hyphen_form(text: str) -> str:
    """What a library puts between 'Ravn' and 'bakkeskole' where the PDF breaks the word
    at a line end with a hyphen (page 20 of the Aarhus Byråd PDF)."""
    m = re.search(r"kommende Ravn(.{0,3}?)bakkeskole", text, re.S)
    return repr(m.group(1)) if m else "not found"


def quality(results: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, str]]:
    """results[label][pdf name] = pages. Returns rows of printable quality facts."""
    labels = list(results)
    token_sets: dict[str, list[set[str]]] = {}
    tokens: dict[tuple[str, str], list[str]] = {}
    for label in labels:
        for name, pages in results[label].items():
            toks = WORD.findall("\n".join(pages).replace("\ufffe", "-"))
            tokens[label, name] = toks
            token_sets.setdefault(name, []).append(set(toks))
    vocab_by_pdf = {}
    for name, sets in token_sets.items():
        need = max(1, len(sets) - 1)  # in all but at most one library
        counts = Counter(t for s in sets for t in s)
        vocab_by_pdf[name] = {t for t, c in counts.items() if c >= need}

    rows: dict[str, dict[str, str]] = {}
    for label in labels:
        row: dict[str, str] = {}
        found = total = danish = broken = glued = split = cid = headings = 0
        pair_hits = pair_total = 0
        specials: Counter[str] = Counter()
        footers, hyphens, hidden = [], [], []
        for name, pages in results[label].items():
            text = "\n".join(pages)
            flat = collapse(text.replace("\ufffe", "-"))
            probes = PROBES.get(name, [])
            found += sum(p in flat for p in probes)
            total += len(probes)
            for pair in PAIRS.get(name, []):
                pair_total += 1
                pair_hits += pair in flat
            danish += sum(c in DANISH for c in text)
            broken += text.count("\ufffd") + text.count("\u030a") + text.count("Ã")
            for ch, tag in (("\r", "CR"), ("\f", "FF"), ("\ufffe", "U+FFFE"), ("\u00ad", "SHY")):
                specials[tag] += text.count(ch)
            g, s = glue_split(tokens[label, name], vocab_by_pdf[name])
            glued += g
            split += s
            footers.append(f"{name[:12]}:{footer_position(pages)}")
            if "kommende Ravn" in text:
                hyphens.append(hyphen_form(text))
            cid += text.count("(cid:")
            headings += len(re.findall(r"(?m)^Punkt \d+:", text))
            if name in PAIRS:
                hidden.append("yes" if "06-10-2016 13:00" in flat else "no")
        row["Danish letters"] = str(danish)
        row["broken letters"] = str(broken)
        row["'(cid:N)' glyphs"] = str(cid)
        row["probes found"] = f"{found}/{total}"
        row["'Punkt N:' at line start"] = str(headings)
        row["label+value pairs"] = f"{pair_hits}/{pair_total}" if pair_total else "-"
        row["'Side N' footer"] = " ".join(footers)
        row["glued / split words"] = f"{glued} / {split}"
        row["'Ravn|bakke' break"] = ",".join(hyphens) or "-"
        row["special chars"] = " ".join(f"{k}={v}" for k, v in specials.items() if v) or "none"
        row["hidden 2-pt white text"] = ",".join(hidden) or "-"
        rows[label] = row
    return rows


# --- package facts --------------------------------------------------------------------------


def _marker_applies(marker: str) -> bool:
    """Evaluate an environment marker with packaging when it is there; the extras and a
    plain python_version comparison are handled without it."""
    if "extra" in marker:
        return False
    try:
        from packaging.markers import Marker
    except ImportError:
        m = re.fullmatch(
            r"\s*python_version\s*(<|<=|>|>=|==|!=)\s*[\"'](\d+)\.(\d+)[\"']\s*", marker
        )
        if not m:
            return True
        here, there = sys.version_info[:2], (int(m.group(2)), int(m.group(3)))
        return {
            "<": here < there,
            "<=": here <= there,
            ">": here > there,
            ">=": here >= there,
            "==": here == there,
            "!=": here != there,
        }[m.group(1)]
    return Marker(marker).evaluate()


def _req_names(dist: md.Distribution) -> list[str]:
    names = []
    for req in dist.requires or []:
        spec, _, marker = req.partition(";")
        if marker and not _marker_applies(marker):
            continue
        names.append(re.split(r"[\s<>=!~\[(]", spec.strip(), maxsplit=1)[0])
    return names


def package_facts(dist_name: str) -> dict[str, str]:
    """Version, licence, installed size of the package and of its whole dependency closure,
    and whether any installed file is a compiled extension/shared library."""
    seen: set[str] = set()
    todo = [dist_name]
    own = total = 0
    compiled: list[str] = []
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        size = 0
        for f in dist.files or []:
            if f.suffix in {".so", ".pyd", ".dll", ".dylib"} and name not in compiled:
                compiled.append(name)
            with contextlib.suppress(OSError):
                size += f.locate().stat().st_size
        total += size
        if name == dist_name:
            own = size
        todo.extend(_req_names(dist))
    meta = md.metadata(dist_name)
    licence = meta.get("License-Expression") or ""
    if not licence:
        classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []]
        licence = ", ".join(c for c in classifiers if "License" in c or "BSD" in c) or (
            meta.get("License") or "?"
        )
    return {
        "version": md.version(dist_name),
        "licence": licence.splitlines()[0][:60],
        "size own / with deps": f"{own / 1e6:.1f} / {total / 1e6:.1f} MB",
        "deps": ", ".join(sorted(seen - {dist_name.lower()})) or "none",
        "compiled code in": ", ".join(compiled) or "none (pure Python)",
    }


# --- main ---------------------------------------------------------------------------------


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--pdf", nargs="*", type=Path, help="PDF files (default: corpus src)")
    ap.add_argument("--no-quality", action="store_true", help="timings only")
    ap.add_argument("--no-boxes", action="store_true", help="skip the text+boxes timing")
    args = ap.parse_args(argv)

    pdfs = args.pdf or sorted(DEFAULT_PDF_DIR.glob("*.pdf"))
    pdfs = [p for p in pdfs if p.is_file()]
    if not pdfs:
        print(f"no PDFs found (looked in {DEFAULT_PDF_DIR})", file=sys.stderr)
        return 1
    libs = available()
    if not libs:
        print("none of the candidate libraries is installed: nothing to compare")
        return 0

    print(f"Python {sys.version.split()[0]}; best of {args.rounds} rounds, same process")
    for p in pdfs:
        print(f"- {p.name}: {p.stat().st_size / 1e6:.2f} MB")
    print()

    jobs: dict[tuple[str, str], Callable[[], object]] = {}
    for label, _, text_fn, box_fn in libs:
        for p in pdfs:
            jobs[label, "text:" + p.name] = lambda f=text_fn, p=p: f(p)
            if box_fn is not None and not args.no_boxes:
                jobs[label, "boxes:" + p.name] = lambda f=box_fn, p=p: f(p)
            if label == "pypdfium2" and not args.no_boxes:
                jobs[label, "lines:" + p.name] = lambda p=p: pypdfium2_line_boxes(p)
    best = best_of(jobs, args.rounds)

    header = ["library"]
    for p in pdfs:
        header.append(f"text {p.stem[:22]} ms")
    header += ["text total ms", "x fastest"]
    if not args.no_boxes:
        header += ["text+boxes total ms", "boxes / own text"]
    totals = {label: sum(best[label, "text:" + p.name] for p in pdfs) for label, _, _, _ in libs}
    fastest = min(totals.values())
    rows = []
    for label, _, _, box_fn in libs:
        row = [label] + [f"{best[label, 'text:' + p.name] * 1e3:.1f}" for p in pdfs]
        row += [f"{totals[label] * 1e3:.1f}", f"{totals[label] / fastest:.1f}"]
        if not args.no_boxes:
            if box_fn is None:
                row += ["-", "no per-char boxes"]
            else:
                btotal = sum(best[label, "boxes:" + p.name] for p in pdfs)
                row += [f"{btotal * 1e3:.1f}", f"{btotal / totals[label]:.2f}"]
        rows.append(row)
    print(table(header, rows))
    if any(k[1].startswith("lines:") for k in best):
        lines = sum(best["pypdfium2", "lines:" + p.name] for p in pdfs)
        print(
            f"\npypdfium2 text + rectangles of every line, looked up per character range "
            f"(the lazy span -> bbox path): {lines * 1e3:.1f} ms total, "
            f"{lines / totals['pypdfium2']:.2f} x its own text extraction"
        )
    print()

    facts = {label: package_facts(dist) for label, dist, _, _ in libs}
    keys = list(next(iter(facts.values())))
    print(table(["library", *keys], [[lb] + [facts[lb][k] for k in keys] for lb in facts]))
    print()

    if not args.no_quality:
        results = {label: {p.name: fn(p) for p in pdfs} for label, _, fn, _ in libs}
        q = quality(results)
        qkeys = list(next(iter(q.values())))
        print(table(["library", *qkeys], [[lb] + [q[lb][k] for k in qkeys] for lb in q]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
