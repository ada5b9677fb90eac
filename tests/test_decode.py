"""Bytes to text: byte order marks, UTF-16 without one, UTF-8, cp1252 — each with its
diagnostic, and the same items whatever the encoding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import referat
from conftest import FIXTURES, SEEDS
from referat.decode import decode, guess_utf16, is_wide

SEED = (FIXTURES / f"{SEEDS[4]}.txt").read_text(encoding="utf-8")
PARSER = referat.Parser(plugins=["decisions"])

ENCODINGS = {
    "utf-8-bom": (b"\xef\xbb\xbf" + SEED.encode("utf-8"), "utf-8", "encoding-bom"),
    "utf-16-le-bom": (b"\xff\xfe" + SEED.encode("utf-16-le"), "utf-16-le", "encoding-bom"),
    "utf-16-be-bom": (b"\xfe\xff" + SEED.encode("utf-16-be"), "utf-16-be", "encoding-bom"),
    "utf-32-le-bom": (b"\xff\xfe\x00\x00" + SEED.encode("utf-32-le"), "utf-32-le", "encoding-bom"),
    "utf-32-be-bom": (b"\x00\x00\xfe\xff" + SEED.encode("utf-32-be"), "utf-32-be", "encoding-bom"),
    "utf-16-le": (SEED.encode("utf-16-le"), "utf-16-le", "encoding-guessed"),
    "utf-16-be": (SEED.encode("utf-16-be"), "utf-16-be", "encoding-guessed"),
}


def outline(doc: referat.Referat) -> list[tuple[object, ...]]:
    """What an item is, independent of where the text starts: number, title, case number,
    sections with their text, the decision's outcomes, and the line/column of each heading."""
    return [
        (
            item.number,
            item.title,
            item.case_number.raw if item.case_number else None,
            tuple((s.kind, tuple(p.text for p in s.paragraphs())) for s in item.sections),
            tuple(o.kind for o in decision.outcomes) if (decision := item.extract("decisions"))
            and hasattr(decision, "outcomes") else (),
            (item.heading.span.start_line, item.heading.span.start_col) if item.heading else None,
        )
        for item in doc.items
    ]


REFERENCE = PARSER.parse_bytes(SEED.encode("utf-8"))


def test_the_reference_is_what_the_seed_says() -> None:
    # read from the document: five items, the fifth "D-sag: Temabesøg: …"
    assert [i.number for i in REFERENCE.items] == [1, 2, 3, 4, 5]
    assert REFERENCE.items[4].title == (
        "D-sag: Temabesøg: Midlertidige indkvarteringssteder for fordrevne fra Ukraine"
    )
    assert REFERENCE.source.encoding == "utf-8"
    assert not [d for d in REFERENCE.diagnostics if d.code.startswith(("encoding", "not-utf8"))]


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_every_unicode_encoding_gives_the_same_items_as_utf8(name: str) -> None:
    data, encoding, code = ENCODINGS[name]
    doc = PARSER.parse_bytes(data, source=name)
    assert outline(doc) == outline(REFERENCE)
    assert doc.source.encoding == encoding
    encodings = [d for d in doc.diagnostics if d.code.startswith(("encoding", "not-utf8"))]
    assert [d.code for d in encodings] == [code]
    if code == "encoding-bom":
        assert doc.text == "\ufeff" + SEED  # the mark stays, as U+FEFF, whatever the encoding


def test_utf16_with_a_bom_and_utf8_with_a_bom_give_the_same_document() -> None:
    utf8 = PARSER.parse_bytes(ENCODINGS["utf-8-bom"][0])
    utf16 = PARSER.parse_bytes(ENCODINGS["utf-16-le-bom"][0])
    assert utf16.items == utf8.items
    assert utf16.text == utf8.text


def test_the_diagnostics_say_what_was_chosen() -> None:
    _, _, (bom,) = decode(b"\xfe\xff\x00P")
    assert bom.message == "the input starts with a UTF-16 BE byte order mark; read as UTF-16 BE"
    _, _, (guess,) = decode("Punkt 1: Økonomi".encode("utf-16-le"))
    assert guess.message == (
        "the input has no byte order mark but every other byte is zero; read as UTF-16 LE"
    )
    text, encoding, (mark,) = decode(b"\xef\xbb\xbfPunkt")
    assert (text, encoding, mark.severity) == ("\ufeffPunkt", "utf-8", referat.Severity.INFO)
    text, encoding, (latin,) = decode("Økonomi".encode("cp1252"))
    assert (text, encoding, latin.code) == ("Økonomi", "cp1252", "not-utf8")
    assert decode(b"Punkt 1") == ("Punkt 1", "utf-8", [])


def test_undecodable_utf16_bytes_become_replacement_characters() -> None:
    text, encoding, problems = decode(b"\xff\xfeP\x00u\x00n")  # an odd last byte
    assert (text, encoding) == ("\ufeffPu\ufffd", "utf-16-le")
    assert [d.code for d in problems] == ["encoding-bom", "encoding-errors"]
    assert "byte 4" in problems[1].message


def test_the_utf16_guess_needs_zeros_on_one_side_only() -> None:
    assert guess_utf16("Punkt 1: Test".encode("utf-16-le")) == "utf-16-le"
    assert guess_utf16("Punkt 1: Test".encode("utf-16-be")) == "utf-16-be"
    assert guess_utf16(b"Punkt 1: Test") is None  # no zeros at all
    assert guess_utf16(b"\x00\x00\x00\x00Punkt") is None  # zeros on both sides
    assert guess_utf16(b"P\x00") is None  # too short to tell
    assert guess_utf16(b"Punkt 1\x00 Test med en NUL midt i en lang linje") is None
    assert is_wide(b"\xff\xfe\x00\x00") and is_wide(b"\xff\xfeP\x00")
    assert not is_wide(b"\xef\xbb\xbfPunkt") and not is_wide(b"Punkt")


def test_the_cli_reads_utf16(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    from referat.cli import main

    path = Path(str(tmp_path)) / "utf16.txt"
    path.write_bytes(ENCODINGS["utf-16-le-bom"][0])
    assert main(["parse", str(path), "--format", "summary", "--no-plugins"]) == 0
    captured = capsys.readouterr()
    assert "Punkt 5: D-sag: Temabesøg: Midlertidige indkvarteringssteder" in captured.out
    assert f"{path}:1:1: info encoding-bom: the input starts with a UTF-16 LE byte order mark" in (
        captured.err
    )


LINES = st.lists(
    st.text(
        alphabet=st.characters(
            min_codepoint=32, max_codepoint=0x2FF, blacklist_categories=("Cs", "Cc")
        ),
        max_size=30,
    ),
    max_size=8,
)


@given(LINES, st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"]))
def test_text_with_a_bom_decodes_to_the_same_items(lines: list[str], encoding: str) -> None:
    text = "Punkt 1: Et punkt\n\n00.01.00-A00-1-24\n\nResume\n\n" + "\n".join(lines)
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-8": b"\xef\xbb\xbf"}.get(
        encoding, b"\xff\xfe\x00\x00" if encoding == "utf-32-le" else b"\x00\x00\xfe\xff"
    )
    decoded, used, problems = decode(bom + text.encode(encoding))
    assert (decoded, used) == ("\ufeff" + text, encoding)
    assert [d.code for d in problems] == ["encoding-bom"]
    plain = referat.Parser(plugins=[]).parse_bytes(("\ufeff" + text).encode("utf-8"))
    wide = referat.Parser(plugins=[]).parse_bytes(bom + text.encode(encoding))
    assert wide.items == plain.items
