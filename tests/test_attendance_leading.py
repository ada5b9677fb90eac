"""referat.attendance: the label readers cut only the tokens they look at, and read what a reader
of every token reads."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from referat import attendance as att
from referat.models import AttendanceStatus


def _leading_anchor_of_all_tokens(text: str) -> tuple[att._Anchor | None, list[att._Tok]]:
    """The leading anchor read over every token of ``text`` (the plain way)."""
    reader = att._Reader(text, None)
    start = reader.skip_bullets(0)
    if start >= len(reader.toks):
        return None, []
    anchor = reader.anchor_at(start)
    if anchor is None or not (anchor.label or anchor.side == att._AFTER):
        return None, []
    if anchor.replaces or anchor.words[0] in {"som", "i"}:
        return None, []
    return anchor, reader.toks[start + len(anchor.words) :]


def _label_status(text: str) -> AttendanceStatus | None:
    if len(text) > att._LABEL_SCAN and text[att._LABEL_SCAN :].strip():
        return None
    anchor, rest = _leading_anchor_of_all_tokens(text)
    if anchor is None or any(not (t.kind == att._BREAK or att._is_label_stop(t)) for t in rest):
        return None
    return anchor.status


def _label_end(text: str) -> int:
    head = text[: att._LABEL_SCAN]
    anchor, rest = _leading_anchor_of_all_tokens(head)
    if anchor is None:
        return 0
    after = [t.start for t in rest if not att._is_label_stop(t)]
    if after:
        return after[0]
    if len(head) < len(text):
        rest = _leading_anchor_of_all_tokens(text)[1]
        return next((t.start for t in rest if not att._is_label_stop(t)), len(text))
    return len(text)


def _leading_label(text: str) -> AttendanceStatus | None:
    anchor, _ = _leading_anchor_of_all_tokens(text[: att._LABEL_SCAN])
    return anchor.status if anchor is not None else None


#: Pieces of labels, list markers and names, and what may stand between them.
_PIECES = st.sampled_from(
    [
        "Afbud", "afbud", "Fraværende", "fravær", "med", "fra", "Ikke", "til", "stede", "var",
        "Tilstede", "Deltagere", "deltog", "Stedfortræder", "som", "suppleant", "er", "indkaldt",
        "i", "stedet", "for", "forhindret", "at", "deltage", "Som", "I", "•", "-", "1", "12",
        "1234", ".", ")", ":", "|", "o", "\n", " ", "  ", "Hans", "Hansen", "(A)", "Godkendt",
    ]
)  # fmt: skip

_TEXTS = st.one_of(
    st.lists(_PIECES, max_size=14).map(" ".join),
    st.lists(_PIECES, max_size=14).map("".join),
    st.builds(lambda a, n, b: a + " " * n + b, st.sampled_from(["Afbud:", "Afbud"]),
              st.integers(150, 260), st.sampled_from(["", ":", ". Hans Hansen", "Godkendt"])),
)  # fmt: skip


@given(_TEXTS)
def test_the_label_readers_read_as_a_reader_of_every_token(text: str) -> None:
    assert att.label_status(text) == _label_status(text)
    assert att.label_end(text) == _label_end(text)
    assert att.leading_label(text) == _leading_label(text)


def test_labels_after_list_markers() -> None:
    assert att.label_status("1. 2. 3. 4. Afbud") is AttendanceStatus.ABSENT
    assert att.label_status("1. 2. 3. 4. 5. Afbud") is None  # more markers than a list has
    assert att.label_end("- Afbud fra: Hans Hansen") == len("- Afbud fra: ")
    assert att.leading_label("• Tilstede var: Hans Hansen") is AttendanceStatus.PRESENT
    assert att.label_status("Som stedfortræder deltog") is None
