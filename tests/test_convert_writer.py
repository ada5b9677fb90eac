"""The writer behind ``dumps`` unstructures exactly as the cattrs converter does.

``referat.convert`` compiles its own unstructuring functions for the model classes (and the
plugins' result classes); the converter stays the reference: for any document hypothesis
builds, and for every result type a loaded extractor declares, the writer's value is the
converter's — same types (a list is no tuple), same keys in the same order, same exception
when the converter raises.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import subprocess
import sys
import threading
import types
import typing
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import attrs
import pytest
from attrs import frozen
from hypothesis import given, settings
from hypothesis import strategies as st

import referat
from conftest import FIXTURES, SEEDS
from referat import Registry, convert
from referat.models import Extract, PieceMap, Referat, TextPiece
from referat.sources.sourcemap import Segment, SegmentMap

PARSER = referat.Parser()
REGISTRY = PARSER.registry


def same(mine: Any, reference: Any, path: str = "$") -> None:
    """``mine`` is ``reference``: equal, of the same types, dict keys in the same order."""
    assert type(mine) is type(reference), f"{path}: {type(mine)} is not {type(reference)}"
    if isinstance(reference, dict):
        assert list(mine) == list(reference), f"{path}: keys"
        for key, value in reference.items():
            same(mine[key], value, f"{path}.{key}")
    elif isinstance(reference, list | tuple):
        assert len(mine) == len(reference), f"{path}: length"
        for index, (a, b) in enumerate(zip(mine, reference, strict=True)):
            same(a, b, f"{path}[{index}]")
    else:
        assert mine == reference, f"{path}: {mine!r} != {reference!r}"


def agree(value: Any, declared: Any = None, registry: Registry = REGISTRY) -> None:
    """The writer and the converter unstructure ``value`` alike (or raise alike)."""
    converter = convert.converter_for(registry)
    writer = convert._writer_for(registry)
    try:
        if declared is None:
            reference = converter.unstructure(value)
        else:
            reference = converter.unstructure(value, declared)
    except Exception as error:  # noqa: BLE001 - the writer must raise the same kind
        with pytest.raises(type(error)):
            writer.write(value) if declared is None else writer.hook(declared)(value)
        return
    mine = writer.write(value) if declared is None else writer.hook(declared)(value)
    same(mine, reference)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_seed_is_unstructured_as_the_converter_does(seed: str) -> None:
    doc = PARSER.parse_file(FIXTURES / f"{seed}.txt")
    agree(doc)
    same(
        convert.to_json_value(doc, registry=REGISTRY),
        convert.converter_for(REGISTRY).unstructure(doc),
    )


def _leaves() -> dict[Any, st.SearchStrategy[Any]]:
    small = st.integers(min_value=0, max_value=10**6)
    return {
        str: st.text(max_size=4),
        int: small,
        bool: st.booleans(),
        type(None): st.none(),
        float: st.floats(allow_nan=False, allow_infinity=False) | small,
        Decimal: st.decimals(allow_nan=False, allow_infinity=False, places=2),
        dt.date: st.dates(),
        dt.time: st.times(timezones=st.none() | st.just(dt.UTC)),
        object: st.none() | small | st.text(max_size=3) | st.lists(small, max_size=2),
        Any: st.none() | small | st.text(max_size=3),
    }


LEAVES = _leaves()


def instances(tp: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of declared type ``tp``: small, finite, a few levels deep."""
    if tp in LEAVES:
        return LEAVES[tp]
    deep = depth > 4
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if deep and type(None) in args:
            return st.none()
        return st.one_of(*(instances(arg, depth + 1) for arg in args))
    if origin in (tuple, list) and (origin is list or args[1:] == (Ellipsis,)):
        if deep:
            return st.just(() if origin is tuple else [])
        items = st.lists(instances(args[0], depth + 1), max_size=3)
        return items.map(tuple) if origin is tuple else items
    if origin is tuple:
        return st.tuples(*(instances(arg, depth + 1) for arg in args))
    if origin is dict:
        return st.dictionaries(instances(args[0]), instances(args[1], depth + 1), max_size=2)
    if tp is PieceMap:
        return st.lists(instances(TextPiece), max_size=3).map(PieceMap)
    if tp is SegmentMap:
        return st.lists(instances(Segment), max_size=3).map(SegmentMap)
    if tp is Extract:
        return st.one_of(
            st.builds(Extract, st.text(max_size=3), instances(object)),
            *(
                st.builds(Extract, st.just(spec.name), instances(spec.result, depth + 1))
                for spec in REGISTRY.extractors()
                if spec.result is not None
            ),
        )
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    if isinstance(tp, type) and attrs.has(tp):
        hints = typing.get_type_hints(tp)
        fields = {f.alias: instances(hints[f.name], depth + 1) for f in attrs.fields(tp) if f.init}
        return st.builds(tp, **fields)
    msg = f"no strategy for {tp!r}"
    raise TypeError(msg)


@settings(max_examples=40, deadline=None)
@given(instances(Referat))
def test_any_document_is_unstructured_as_the_converter_does(doc: Referat) -> None:
    agree(doc)


@pytest.mark.parametrize("name", [spec.name for spec in REGISTRY.extractors()])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_plugin_result_is_unstructured_as_the_converter_does(
    name: str, data: st.DataObject
) -> None:
    spec = REGISTRY.extractor(name)
    assert spec is not None and spec.result is not None
    agree(data.draw(instances(spec.result)), spec.result)


@frozen
class Node:
    """A result class that refers to itself, with forms the writer hands to the converter."""

    label: str
    children: tuple[Node, ...] = ()
    weights: dict[str, float] | None = None
    pair: tuple[int, Decimal] | None = None
    either: int | str = 0


@settings(max_examples=40, deadline=None)
@given(instances(Node))
def test_recursive_classes_and_converter_forms_agree(node: Node) -> None:
    agree(node, Node)
    agree(node)


def _keyed(registry: Registry) -> None:
    registry.add_extractor(
        "keyed", lambda item, ctx: {item.number or 0: "x"}, result=dict[int, str]
    )


def test_keys_that_are_not_strings_are_written_alike_by_both_writers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parser = referat.Parser(plugins=[_keyed])
    doc = parser.parse_file(FIXTURES / f"{SEEDS[4]}.txt")
    fast = referat.dumps(doc, registry=parser.registry)
    assert '"value":{"1":"x"}' in fast
    monkeypatch.setattr(convert, "_orjson", lambda: None)
    assert referat.dumps(doc, registry=parser.registry) == fast


def test_dumps_of_a_parsed_document_does_not_import_cattrs() -> None:
    seed = FIXTURES / f"{SEEDS[4]}.txt"
    code = (
        "import sys, referat\n"
        f"text = referat.dumps(referat.parse_file({str(seed)!r}))\n"
        "print(json.dumps(['cattrs' in sys.modules, len(text)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import json\n" + code], check=True, capture_output=True, text=True
    ).stdout
    imported, size = json.loads(out.splitlines()[-1])
    assert size > 0
    assert not imported


def test_threads_writing_at_once_with_a_new_registry_write_the_same_text() -> None:
    doc = PARSER.parse_file(FIXTURES / f"{SEEDS[0]}.txt")
    expected = referat.dumps(doc, registry=REGISTRY)
    registry = referat.Parser().registry  # its writer compiles while the threads run
    barrier = threading.Barrier(6)

    def write() -> str:
        barrier.wait()
        return referat.dumps(doc, registry=registry)

    with ThreadPoolExecutor(6) as pool:
        texts = list(pool.map(lambda _: write(), range(6)))
    assert texts == [expected] * 6
