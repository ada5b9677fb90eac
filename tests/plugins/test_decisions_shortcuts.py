"""The decisions plugin's shortcuts give what the long way gives.

Each shortcut (a memo of parses, a filter before a slow pattern, a first sentence cut alone) is
compared with the plain computation it stands for.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from hypothesis import given
from hypothesis import strategies as st

from referat.models import Paragraph, Span
from referat_decisions import parse
from referat_decisions.extract import (
    _ATTENDANCE_WORD,
    _ATTENDANCE_WORDS,
    _block_header,
    _dated_heading,
    _may_state_attendance,
)
from referat_decisions.sentences import first_sentence, split_sentences

SPAN = Span(1, 1, 1, 1, 0, 0)


class _Document:
    """A stand-in for a document: any object that takes weak references."""


SENTENCES = [
    "Godkendt.",
    "Anbefales.",
    "Økonomiudvalget anbefaler indstillingen.",
    "Udvalgsmedlem Reza Javid (Ø) stemmer for sagen.",
    "Udvalgsmedlemmerne Niclas Turan Kandemir og Mark Grossmann deltog ikke i mødet.",
    "Forslaget blev vedtaget med 34 stemmer imod 15.",
    "Sagen blev drøftet, og der var ingen bemærkninger til den.",
    "Dette er ingen beslutning",
]


def _cased(word: str) -> st.SearchStrategy[str]:
    """``word`` with any of its letters upper-cased."""
    flags = st.lists(st.booleans(), min_size=len(word), max_size=len(word))
    return flags.map(lambda up: "".join(c.upper() if u else c for c, u in zip(word, up)))


#: Words of the filter, in any case, and letters the case-insensitive pattern reads as others.
_PIECES = st.one_of(
    st.sampled_from(_ATTENDANCE_WORDS).flatmap(_cased),
    st.sampled_from(["İ", "ı", "ſ", "K", "Å", "ß", "\n", " ", "til", "stede", "del", "tog"]),
    st.sampled_from(["ſuppleant", "ınhabil", "İnhabil", "tilſtede", "Tilstede", "STEDFORTRÆDER"]),
    st.text(max_size=4),
)


@given(st.lists(_PIECES, max_size=8).map("".join))
def test_the_attendance_filter_is_the_case_insensitive_pattern(text: str) -> None:
    expected = _ATTENDANCE_WORD.search(text) is not None
    assert _may_state_attendance(text, None) is expected


def test_a_label_above_always_passes_the_attendance_filter() -> None:
    from referat.models import AttendanceStatus

    assert _may_state_attendance("Godkendt.", AttendanceStatus.ABSENT)
    assert not _may_state_attendance("Godkendt.", None)


@given(st.text(alphabet="Ab. \n?!»”)jf*(", max_size=60))
def test_the_first_sentence_is_the_first_of_all(text: str) -> None:
    sentences = split_sentences(text)
    assert first_sentence(text) == (sentences[0] if sentences else None)


def test_a_remembered_parse_is_the_parse() -> None:
    parse.start_document(_Document())
    fresh = [parse.parse_sentence(s) for s in SENTENCES]
    again = [parse.parse_sentence(s) for s in SENTENCES]
    assert again == fresh
    assert all(a is b for a, b in zip(again, fresh))  # from the memo
    assert fresh == [parse._parse_sentence("", s) for s in SENTENCES]  # the long way


def test_the_memo_is_for_one_document() -> None:
    first, second = _Document(), _Document()
    parse.start_document(first)
    parse.parse_sentence("Godkendt.")
    assert parse._memo
    parse.start_document(first)  # the same document: kept
    assert parse._memo
    parse.start_document(second)
    assert not parse._memo


def test_the_memo_is_bounded() -> None:
    parse.start_document(_Document())
    for n in range(parse._MEMO_LIMIT + 10):
        parse.parse_outcome(f"Udvalget {n}")
    assert len(parse._memo) <= parse._MEMO_LIMIT


def test_parses_from_several_threads_are_the_same() -> None:
    expected = [parse._parse_new(start, s) for start in parse.STARTS for s in SENTENCES]
    work = [(start, s) for start in parse.STARTS for s in SENTENCES] * 20
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda job: parse._parse_new(*job), work))
    assert found == expected * 20


def test_the_longest_body_header_is_still_read() -> None:
    # The header's day may stand at character 131 (the pattern's bounds).
    text = "A" * 41 + " og " + "B" * 40 + "udvalget (" + "x" * 20 + "),   den   3.4.2019 Godkendt."
    header = _block_header(Paragraph(text, SPAN))
    assert header is not None
    assert header[1].isoformat() == "2019-04-03"


def test_a_dated_heading_after_a_long_genitive_is_still_read() -> None:
    text = "Aa" + "a" * 39 + " og " + "B" + "b" * 32 + "udvalgets   beslutning den 3. maj 2019"
    assert text.find("eslutning") > 80
    dated = _dated_heading(text)
    assert dated is not None
    assert dated[1].isoformat() == "2019-05-03"
