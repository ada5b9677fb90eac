"""The shipped data layouts compile their forms when first read (``referat.layouts.spec.deferred``)
and are then the very layouts that compiling them at once makes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from referat.layouts import Layout, shipped
from referat.layouts.load import _DATA, _layout, _toml
from referat.layouts.spec import FORM_FIELDS, deferred, pattern_sources

NAMES = sorted(path.stem for path in _DATA.glob("*.toml"))
SEED = Path(__file__).resolve().parent / "fixtures" / "004_4c6f98074157975d.txt"


def _empty(layout: Layout, name: str) -> bool:
    try:
        object.__getattribute__(layout, name)
    except AttributeError:
        return True
    return False


@pytest.mark.parametrize("name", NAMES)
def test_a_shipped_layout_compiles_its_forms_when_read_and_equals_the_eager_one(name: str) -> None:
    where = f"referat/layouts/data/{name}.toml"
    eager = _layout(_toml((_DATA / f"{name}.toml").read_text(encoding="utf-8"), where), where, None)
    lazy = shipped.__wrapped__(name)  # a fresh one, not the cached one other tests have read
    assert all(_empty(lazy, field) for field in FORM_FIELDS)
    for field in FORM_FIELDS:  # a base another test read already gives compiled patterns
        sources = [s if isinstance(s, str) else s.pattern for s in pattern_sources(lazy, field)]
        assert sources == [pattern.pattern for pattern in getattr(eager, field)]
    assert repr(lazy) == repr(eager)  # reading them all compiles them all
    assert lazy == eager
    assert hash(lazy) == hash(eager)
    for field in FORM_FIELDS:
        assert not _empty(lazy, field)
        assert all(isinstance(pattern, re.Pattern) for pattern in getattr(lazy, field))
        assert getattr(lazy, field) == getattr(eager, field)
    assert pattern_sources(lazy, "item_forms") == eager.item_forms


def test_a_deferred_field_is_compiled_once_and_read_from_its_slot_after() -> None:
    layout = Layout("x", item_forms=deferred([r"(?P<number>\d+)\. (?P<title>.*)"]))
    assert _empty(layout, "item_forms")
    first = layout.item_forms
    assert first == (re.compile(r"(?P<number>\d+)\. (?P<title>.*)"),)
    assert layout.item_forms is first
    assert object.__getattribute__(layout, "item_forms") is first
    assert not _empty(layout, "case_forms")  # not deferred: compiled when made
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = getattr(layout, "nothing")


def test_a_bad_deferred_pattern_fails_when_read() -> None:
    layout = Layout("x", furniture=deferred(["(unclosed"]))
    with pytest.raises(re.error):
        _ = layout.furniture


def test_a_start_that_reads_a_plain_document_compiles_no_data_layout_form() -> None:
    script = (
        "import referat\n"
        "from referat.layouts import shipped\n"
        "from referat.layouts.load import _SHIPPED_ORDER\n"
        "from referat.layouts.spec import FORM_FIELDS\n"
        f"doc = referat.parse_file({str(SEED)!r})\n"
        "assert doc.layout == 'plain', doc.layout\n"
        "compiled = []\n"
        "for name in _SHIPPED_ORDER:\n"
        "    for field in FORM_FIELDS:\n"
        "        try:\n"
        "            object.__getattribute__(shipped(name), field)\n"
        "        except AttributeError:\n"
        "            continue\n"
        "        compiled.append((name, field))\n"
        "print(compiled)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
