"""Recall of referat against the answer keys, per layout family.

    python tests/corpus/recall.py            # the training excerpts
    python tests/corpus/recall.py --src      # the complete source documents (PDF, HTML, XML)
    python tests/corpus/recall.py -v         # and every miss

The keys (``tests/corpus/keys/``) were written by reading the documents (see KEYS.md). An
item is found when a parsed item has its number (or, for an unnumbered item, its case
number, its title or its place among the unnumbered items); its title and case number are
then compared after folding whitespace and case. A decision is found when the item carries
a decision result whose outcomes include one the key names (any decision when the key names
none); an absence when a name of the key is among the decision's absences; a meeting date
when the meeting's date equals the key's; a meeting attendance when a statement with the
key's name and status is in ``doc.meeting.attendance``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import referat

ROOT = Path(__file__).resolve().parents[2]
KEYS = Path(__file__).resolve().parent / "keys"
SHARED = ROOT.parent / "shared" / "corpus"
MEASURES = (
    "items",
    "titles",
    "case numbers",
    "decisions",
    "absences",
    "meeting dates",
    "attendance",
)


def _fold(text: str | None) -> str:
    return " ".join((text or "").replace("\u00a0", " ").split()).casefold().rstrip(" .:")


def training_text(path: Path) -> str:
    """A training excerpt without its four header lines (source, retrieved-via, kind, blank)."""
    text = path.read_text(encoding="utf-8")
    return text.split("\n", 4)[4] if text.startswith("source:") else text


def decision_of(item: referat.AgendaItem) -> Any:
    """The decisions plugin's result for ``item`` (whatever API the plugin exposes)."""
    try:
        from referat_decisions import DECISION  # type: ignore[attr-defined]
    except ImportError:
        return item.extract("decisions")
    return item.get(DECISION)  # type: ignore[attr-defined]


def _outcomes(decision: Any) -> set[str]:
    kinds = {o.kind.name for o in getattr(decision, "outcomes", ())}
    for block in getattr(decision, "blocks", ()):
        kinds |= {o.kind.name for o in getattr(block, "outcomes", ())}
    return kinds


def _absent_names(decision: Any, item: referat.AgendaItem) -> set[str]:
    names = {_fold(a.person.name) for a in getattr(decision, "absences", ())}
    for block in getattr(decision, "blocks", ()):
        names |= {_fold(a.person.name) for a in getattr(block, "absences", ())}
    return names


def _match(
    keys: list[dict[str, Any]], items: tuple[referat.AgendaItem, ...]
) -> Iterator[tuple[dict[str, Any], referat.AgendaItem | None]]:
    # by the number as printed: "1.1" (a sub-item's ItemNumber) is not item 1; a number
    # printed twice ("Punkt 0:" for the closed and the open minutes) matches in order
    by_number: dict[str, list[referat.AgendaItem]] = {}
    for item in items:
        if item.number is not None:
            by_number.setdefault(str(item.number), []).append(item)
    unnumbered = [item for item in items if item.number is None]
    used: set[int] = set()
    for key in keys:
        found = None
        if key.get("number") is not None:
            same = by_number.get(str(key["number"]), [])
            found = next((i for i in same if id(i) not in used), same[0] if same else None)
        else:
            for item in unnumbered:
                if id(item) in used:
                    continue
                same_case = (
                    key.get("case_number")
                    and item.case_number is not None
                    and (_fold(item.case_number.raw) == _fold(key["case_number"]))
                )
                same_title = key.get("title") and _fold(item.title) == _fold(key["title"])
                if same_case or same_title:
                    found = item
                    break
            if found is None:
                rest = [i for i in unnumbered if id(i) not in used]
                if rest:
                    found = rest[0]
        if found is not None:
            used.add(id(found))
        yield key, found


def score(doc: referat.Referat, key: dict[str, Any]) -> dict[str, tuple[int, int, list[str]]]:
    """``measure -> (found, expected, misses)`` for one document."""
    out: dict[str, list[Any]] = {m: [0, 0, []] for m in MEASURES}

    def count(measure: str, ok: bool, miss: str) -> None:
        out[measure][1] += 1
        if ok:
            out[measure][0] += 1
        else:
            out[measure][2].append(miss)

    if key.get("meeting_date"):
        got = doc.meeting.date.isoformat() if doc.meeting and doc.meeting.date else None
        count("meeting dates", got == key["meeting_date"], f"date {got} != {key['meeting_date']}")
    stated = {
        (_fold(a.name), a.status.name) for a in (doc.meeting.attendance if doc.meeting else ())
    }
    for person in key.get("meeting_attendance", []):
        wanted = (_fold(person["name"]), str(person["status"]).upper())
        count("attendance", wanted in stated, f"attendance {wanted}")
    for expected, item in _match(key.get("items", []), doc.items):
        label = f"item {expected.get('number')} {expected.get('title')!r}"
        count("items", item is not None, f"{label}: not found")
        if item is None:
            continue
        if expected.get("title"):
            count(
                "titles",
                _fold(item.title) == _fold(expected["title"]),
                f"{label}: title {item.title!r}",
            )
        if expected.get("case_number"):
            raw = item.case_number.raw if item.case_number else None
            count(
                "case numbers",
                _fold(raw) == _fold(expected["case_number"]),
                f"{label}: case {raw!r} != {expected['case_number']!r}",
            )
        decisions = [d for d in expected.get("decisions", []) if d.get("text")]
        if decisions:
            decision = decision_of(item)
            wanted = {o for d in decisions for o in d.get("outcomes", [])}
            got_kinds = _outcomes(decision) if decision is not None else set()
            ok = decision is not None and (not wanted or bool(wanted & got_kinds))
            count("decisions", ok, f"{label}: decision {sorted(got_kinds)} != {sorted(wanted)}")
        for name in expected.get("absent", []):
            names = _absent_names(decision_of(item), item) if decision_of(item) else set()
            count("absences", _fold(name) in names, f"{label}: absence {name!r}")
    return {m: (v[0], v[1], v[2]) for m, v in out.items()}


def training_documents() -> Iterator[tuple[str, str, dict[str, Any], referat.Referat]]:
    """``(file, family, key, doc)`` for every training excerpt that has a key."""
    for key_path in sorted((KEYS / "train").glob("*.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        path = SHARED / "train" / key["file"]
        if not path.is_file():
            continue
        doc = referat.parse(training_text(path), source=key["file"])
        yield key["file"], _family(key), key, doc


def source_documents() -> Iterator[tuple[str, str, dict[str, Any], referat.Referat]]:
    """The same for the complete source documents (PDF, HTML, XML)."""
    for key_path in sorted((KEYS / "src").glob("*.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        path = SHARED / "src" / key["file"]
        if not path.is_file():
            continue
        yield key["file"], _family(key), key, referat.parse_file(path)


def _family(key: dict[str, Any]) -> str:
    family = str(key.get("family") or "unknown")
    return family.split("/", maxsplit=1)[0].split("(", maxsplit=1)[0].strip()


def report(
    documents: Iterable[tuple[str, str, dict[str, Any], referat.Referat]], *, verbose: bool
) -> dict[str, tuple[int, int]]:
    """Print recall per family and in total; return the totals."""
    families: dict[str, dict[str, list[int]]] = defaultdict(lambda: {m: [0, 0] for m in MEASURES})
    totals = {m: [0, 0] for m in MEASURES}
    for name, family, key, doc in documents:
        result = score(doc, key)
        for measure, (found, expected, misses) in result.items():
            families[family][measure][0] += found
            families[family][measure][1] += expected
            totals[measure][0] += found
            totals[measure][1] += expected
            if verbose:
                for miss in misses:
                    print(f"  {name} [{doc.layout}]: {miss}")
    width = max((len(f) for f in families), default=10)
    print(f"{'family':<{width}}  " + "  ".join(f"{m:>13}" for m in MEASURES))
    for family, measures in sorted(families.items()):
        print(f"{family:<{width}}  " + "  ".join(_cell(*measures[m]) for m in MEASURES))
    print(f"{'TOTAL':<{width}}  " + "  ".join(_cell(*totals[m]) for m in MEASURES))
    return {m: (v[0], v[1]) for m, v in totals.items()}


def _cell(found: int, expected: int) -> str:
    if not expected:
        return f"{'-':>13}"
    return f"{found:>4}/{expected:<4}{100 * found / expected:>4.0f}%"


def main(argv: list[str] | None = None) -> int:
    """Print recall per layout family."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", action="store_true", help="the complete source documents")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"the corpus is not at {SHARED}", file=sys.stderr)
        return 2
    report(source_documents() if args.src else training_documents(), verbose=args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
