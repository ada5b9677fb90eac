"""The plugin contract: registration, ordering, isolation of crashes, entry-point discovery."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import referat
from conftest import FIXTURES, SEEDS
from referat import PluginError, Registry, discovery
from referat.cli import main
from referat_decisions import DECISION

THIRDPARTY = Path(__file__).parent / "thirdparty"
TEXT = (FIXTURES / f"{SEEDS[4]}.txt").read_text(encoding="utf-8")


def noop(item: Any, ctx: Any) -> None:
    return None


def test_duplicate_names_are_rejected() -> None:
    registry = Registry()
    registry.add_extractor("a", noop)
    with pytest.raises(PluginError, match="already registered"):
        registry.add_extractor("a", noop)
    registry.add_extractor("a", noop, replace=True)


def test_signatures_are_checked_at_registration() -> None:
    registry = Registry()
    with pytest.raises(PluginError, match="must accept"):
        registry.add_extractor("bad", lambda item: None)  # type: ignore[arg-type,misc]
    with pytest.raises(PluginError, match="not callable"):
        registry.add_extractor("worse", 42)  # type: ignore[arg-type]
    with pytest.raises(PluginError, match="scope"):
        registry.add_extractor("scope", noop, scope="page")  # type: ignore[arg-type]


def test_ordering_by_after_and_before_and_cycles() -> None:
    registry = Registry()
    registry.add_extractor("economics", noop, after="tables")
    registry.add_extractor("decisions", noop)
    registry.add_extractor("tables", noop)
    registry.add_extractor("first", noop, before=["economics", "decisions"])
    names = [s.name for s in registry.extractors()]
    assert names.index("tables") < names.index("economics")
    assert names.index("first") < names.index("decisions")
    registry.add_extractor("tables", noop, after="economics", replace=True)
    with pytest.raises(PluginError, match="cycle"):
        registry.extractors()


def test_a_crashing_extractor_becomes_a_diagnostic_and_keeps_everything_else() -> None:
    sys.path.insert(0, str(THIRDPARTY))
    try:
        from referat_wordcount import exploding
    finally:
        sys.path.remove(str(THIRDPARTY))
    doc = referat.Parser(plugins=["decisions"]).use(exploding).parse(TEXT)
    assert len(doc.items) == 5
    assert all(item.get(DECISION) is not None for item in doc.items)
    failures = [d for d in doc.diagnostics if d.code == "plugin-failed"]
    assert [d.item for d in failures] == [1, 2, 3, 4, 5]
    assert "wordcount" in failures[0].message and "RuntimeError: boom" in failures[0].message
    assert failures[0].plugin == "wordcount"
    with pytest.raises(referat.ReferatSyntaxError) as info:
        referat.Parser(plugins=[]).use(exploding).parse(TEXT, strict=True)
    assert info.value.code == "plugin-failed"


def test_section_scope_collects_one_result_per_matching_section() -> None:
    def heading(section: referat.Section, ctx: referat.Context) -> str:
        return section.name

    def plugin(registry: Registry, /) -> None:
        registry.add_extractor(
            "names", heading, scope="section", sections=[referat.SectionKind.DECISION]
        )

    doc = referat.Parser(plugins=[]).use(plugin).parse(TEXT)
    assert [item.extract("names") for item in doc.items] == [("Beslutning",)] * 5


def test_options_reach_the_plugin() -> None:
    seen: list[int] = []

    def plugin(registry: Registry, /, *, level: int = 0) -> None:
        seen.append(level)

    referat.Parser(plugins=[]).use(plugin, level=3)
    assert seen == [3]


@pytest.fixture
def installed_wordcount(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A distribution made on the fly: a dist-info with an entry point, on sys.path."""
    dist = tmp_path / "referat_wordcount-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: referat-wordcount\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[referat.plugins]\nwordcount = referat_wordcount:plugin\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(THIRDPARTY))
    discovery.clear_cache()
    referat.api._default_parser.cache_clear()
    yield
    discovery.clear_cache()
    referat.api._default_parser.cache_clear()


@pytest.mark.usefixtures("installed_wordcount")
def test_third_party_plugin_through_a_real_entry_point(capsys: pytest.CaptureFixture[str]) -> None:
    assert "wordcount" in discovery.available()
    doc = referat.parse(TEXT)
    counts = [item.extract("wordcount") for item in doc.items]
    assert all(c is not None and c.words > 0 for c in counts)  # type: ignore[attr-defined]
    # the JSON round trip knows the plugin's own type
    assert referat.loads(referat.dumps(doc)) == doc
    assert main(["plugins"]) == 0
    assert "wordcount  referat_wordcount:plugin  extractors: wordcount" in capsys.readouterr().out
    excluded = referat.parse(TEXT, exclude=["wordcount"])
    assert all(item.extract("wordcount") is None for item in excluded.items)
    assert main(["parse", str(FIXTURES / f"{SEEDS[4]}.txt"), "--format", "summary"]) == 0
    assert "wordcount: " in capsys.readouterr().out


def test_unknown_plugin_names_are_a_clear_error() -> None:
    with pytest.raises(PluginError, match="unknown plugin 'nope'"):
        referat.Parser(plugins=["nope"])


def test_a_plugin_path_that_does_not_import_is_one_diagnostic() -> None:
    doc = referat.Parser(plugins=["no_such_module:plugin", "decisions"]).parse(TEXT)
    (problem,) = [d for d in doc.diagnostics if d.code == "plugin-unavailable"]
    assert problem.plugin == "no_such_module:plugin"
    assert "ModuleNotFoundError" in problem.message and "no_such_module" in problem.message
    assert all(item.get(DECISION) is not None for item in doc.items)


class RegistryMachine(RuleBasedStateMachine):
    """The registry behaves like an ordered mapping of names that honours after/before."""

    def __init__(self) -> None:
        super().__init__()
        self.registry = Registry()
        self.model: dict[str, tuple[str, ...]] = {}

    @rule(name=st.sampled_from("abcdef"), after=st.lists(st.sampled_from("abcdef"), max_size=2))
    def add(self, name: str, after: list[str]) -> None:
        if name in self.model:
            with pytest.raises(PluginError):
                self.registry.add_extractor(name, noop, after=after)
            return
        self.registry.add_extractor(name, noop, after=after)
        self.model[name] = tuple(after)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.model)))
        self.registry.remove_extractor(name)
        del self.model[name]

    @invariant()
    def order_respects_constraints(self) -> None:
        try:
            order = [s.name for s in self.registry.extractors()]
        except PluginError:
            return  # a cycle is reported, never silently broken
        assert sorted(order) == sorted(self.model)
        for name, after in self.model.items():
            for other in after:
                if other in self.model and other != name:
                    assert order.index(other) < order.index(name)


TestRegistryMachine = RegistryMachine.TestCase
