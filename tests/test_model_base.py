"""The models' shared ``__repr__``, ``==`` and ``hash`` (``referat.models.base``) do what
attrs' own would.

Each model object of the parsed seeds (all plugins on) is compared with an attrs class made here
with attrs' generated methods and the same fields, holding the same values.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import attrs
import pytest

import referat
import referat_decisions.models
import referat_economics.models
import referat_tables.models
from referat.layouts import Layout, Marker, builtin_layouts
from referat.layouts.spec import RenderSpec
from referat.models import Extract, Model, Paragraph, Referat, SourceInfo, Span
from referat.models.base import model_eq, model_hash, model_repr
from referat.sources.sourcemap import Furniture, Location, Segment, SourceMap

SEEDS = sorted((Path(__file__).resolve().parent / "fixtures").glob("*.txt"))

_reference: dict[type, type] = {}


def as_attrs(obj: Any) -> Any:
    """``obj`` as an object of an attrs class of the same name and fields (each with its
    ``repr`` and ``eq`` settings) whose methods attrs wrote, holding ``obj``'s values."""
    cls = type(obj)
    reference = _reference.get(cls)
    if reference is None:
        fields = {
            f.name: attrs.field(repr=f.repr, eq=f.eq_key or f.eq, hash=f.hash)
            for f in attrs.fields(cls)
        }
        reference = attrs.make_class(cls.__name__, fields, init=False, frozen=True)
        reference.__qualname__ = cls.__qualname__
        _reference[cls] = reference
    copy: Any = object.__new__(reference)
    for field in attrs.fields(cls):
        object.__setattr__(copy, field.name, getattr(obj, field.name))
    return copy


def attrs_repr(obj: Any) -> str:
    """``repr(obj)`` as attrs writes it."""
    return repr(as_attrs(obj))


def _models(node: object) -> Iterator[Model]:
    if isinstance(node, Model):
        yield node
        for field in attrs.fields(cast(Any, type(node))):
            yield from _models(getattr(node, field.name))
    elif isinstance(node, tuple | list):
        for child in node:
            yield from _models(child)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_every_model_of_a_parsed_seed_prints_as_attrs_prints_it(seed: Path) -> None:
    doc = referat.parse_file(seed)
    seen: set[type] = set()
    for model in _models(doc):
        assert repr(model) == attrs_repr(model)
        seen.add(type(model))
    assert {Referat, Span, Paragraph, Extract} <= seen


def test_the_plugins_results_print_as_attrs_prints_them() -> None:
    doc = referat.parse_file(SEEDS[0])
    plugin_types = {
        type(model)
        for model in _models(doc)
        if type(model).__module__.startswith(
            ("referat_decisions", "referat_tables", "referat_economics")
        )
    }
    assert len(plugin_types) >= 4  # decisions, votes, tables, cells … were compared above


@pytest.mark.parametrize("seed", SEEDS[:2], ids=lambda p: p.name)
def test_models_compare_and_hash_as_attrs_compares_them(seed: Path) -> None:
    by_class: dict[type, list[Model]] = {}
    for model in _models(referat.parse_file(seed)):
        by_class.setdefault(type(model), []).append(model)
    assert len(by_class) >= 10
    for models in by_class.values():
        for first, second in zip(models, models[1:] + models[:1], strict=True):
            expected = as_attrs(first) == as_attrs(second)
            assert (first == second) is expected
            assert (first != second) is not expected
            copy = attrs.evolve(cast(Any, first))
            assert copy == first
            assert hash(copy) == hash(first)
            assert (first == object()) is False


def test_equality_asks_each_field_with_eq() -> None:
    span = Span(1, 1, 1, 4, 0, 3)
    source = SourceInfo("x.txt", "0" * 64, 3)
    doc = Referat("abc", source, "plain", layout_score=float("nan"))
    assert doc != attrs.evolve(doc)  # NaN is not equal to itself, as with attrs
    assert as_attrs(doc) != as_attrs(attrs.evolve(doc))
    assert Span(1, 1, 1, 4, 0, 3) == span
    assert Span(1, 1, 1, 4, 0, 4) != span
    assert hash(Span(1, 1, 1, 4, 0, 3)) == hash(span)
    assert len({span, Span(1, 1, 1, 4, 0, 3), Span(1, 1, 1, 4, 0, 4)}) == 2
    assert Span(0, 0, 0, 0, 0, 0) != Extract("x", 0)  # another class is never equal
    assert hash(Extract("a", (1, 2))) == hash(Extract("a", (1, 2)))


def test_a_field_left_out_of_the_repr_stays_out() -> None:
    source = SourceInfo("x.txt", "0" * 64, 3)
    doc = Referat("abc", source, "plain")
    assert "text=" not in repr(doc)
    assert repr(doc) == attrs_repr(doc)
    assert repr(doc).startswith("Referat(source=SourceInfo(name='x.txt', ")


@attrs.frozen
class _Loop:  # attrs' own repr, for what it writes for an object met again
    name: str
    value: object


def test_an_object_met_again_inside_its_own_repr_is_written_as_dots() -> None:
    holder: list[object] = []
    extract = Extract("loop", holder)
    holder.append(extract)
    ours = repr(extract)
    assert ours == "Extract(name='loop', value=[...])"
    other: list[object] = []
    loop = _Loop("loop", other)
    other.append(loop)
    assert ours == repr(loop).replace("_Loop", "Extract")
    assert repr(holder) == "[Extract(name='loop', value=[...])]"
    assert repr(extract) == ours  # the guard is reset after each repr


def _model_classes() -> list[type]:
    """The attrs classes of the core's and the built-in plugins' model modules."""
    modules = (
        referat.models,
        referat_decisions.models,
        referat_economics.models,
        referat_tables.models,
    )
    classes = {
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and attrs.has(value)
    }
    assert len(classes) >= 30
    return sorted(classes, key=lambda cls: cls.__qualname__)


def test_every_model_class_uses_the_shared_methods() -> None:
    for cls in _model_classes():
        assert cls.__repr__ is model_repr, cls  # attrs compiled none of its own
        assert cls.__eq__ is model_eq, cls
        assert cls.__hash__ is model_hash, cls


def _layout_and_source_map_objects() -> list[Any]:
    segments = (
        Segment(0, 4, page=1, source_start=10, bbox=(1.0, 2.0, 3.0, 4.0)),
        Segment(4, 6, generated=True),
        Segment(6, 9, path="/html/body/p[1]", source_start=0),
    )
    source_map = SourceMap(
        "pdf", segments, "0" * 64, 123, pages=2, furniture=(Furniture("Side 1", "page-number"),)
    )
    layouts = list(builtin_layouts())
    return [
        *segments,
        *source_map.segments,
        *source_map.resolve((0, 9)),
        Furniture("Referat", "running-header", page=2, bbox=(0.0, 0.0, 1.0, 1.0)),
        source_map,
        attrs.evolve(source_map, layout="sbsys-xml"),
        *layouts,
        attrs.evolve(layouts[0], name="copy"),
        *(marker for layout in layouts for marker in layout.markers),
        Marker(r"\d+", 0.5, per_line=True),
        *(layout.render for layout in layouts if layout.render is not None),
    ]


def test_layout_and_source_map_classes_print_compare_and_hash_as_attrs_does() -> None:
    objects = _layout_and_source_map_objects()
    kinds: set[Any] = {type(obj) for obj in objects}
    assert kinds == {Segment, Location, Furniture, SourceMap, Layout, Marker, RenderSpec}
    for obj in objects:
        assert repr(obj) == attrs_repr(obj)
    for first in objects:
        for second in objects:
            if type(first) is not type(second):
                assert (first == second) is False
                continue
            expected = as_attrs(first) == as_attrs(second)
            assert (first == second) is expected, (first, second)
            assert (first != second) is not expected
        copy = attrs.evolve(first)
        assert copy == first
        assert hash(copy) == hash(first)
    for cls in kinds:
        assert cls.__repr__ is model_repr, cls
        assert cls.__eq__ is model_eq, cls
        assert cls.__hash__ is model_hash, cls


def test_the_model_classes_annotations_are_types_not_strings() -> None:
    # Strings would be compiled and evaluated by every typing.get_type_hints (the JSON writer
    # and the result check ask it for each class they meet): ~300 of them at each start.
    for cls in _model_classes():
        own = vars(cls).get("__annotations__", {})
        assert own, cls
        assert not [name for name, hint in own.items() if isinstance(hint, str)], cls
