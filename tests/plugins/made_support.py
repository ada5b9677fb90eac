"""Shared pieces of the plugins' span and fast-constructor tests: wrapped paragraphs (lines of
words, spaces at either end of some, a page break inside some) and the plain-fields check."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

HEAD = "Punkt 1: Budgetopfølgning\n\nSagsnr.: 00.01.00-A00-1-23\n\n"


def wrapped_paragraphs(words: Sequence[str]) -> SearchStrategy[str]:
    """The text of a paragraph wrapped over up to eight lines of ``words``."""
    lines = st.lists(st.sampled_from(list(words)), min_size=1, max_size=5).map(" ".join)
    return st.lists(
        st.tuples(lines, st.sampled_from(["", " ", "  "]), st.sampled_from(["\n", "\n", "\n\f"])),
        min_size=1,
        max_size=8,
    ).map(lambda found: "".join(f"{space}{line}{space}{end}" for line, space, end in found))


def assert_plain_fields(cls: type) -> None:
    """What ``referat.slots.SlotMaker`` relies on, stated in the test of each class it makes:
    no validator, converter or setattr hook, every field an ``__init__`` argument, no
    pre- or post-init hook."""
    import attrs

    for field in attrs.fields(cls):  # type: ignore[arg-type]
        assert field.validator is None, field.name
        assert field.converter is None, field.name
        hook: object = field.on_setattr
        assert hook is None or hook is attrs.setters.NO_OP, field.name
        assert field.init, field.name
    assert not hasattr(cls, "__attrs_pre_init__")
    assert not hasattr(cls, "__attrs_post_init__")
