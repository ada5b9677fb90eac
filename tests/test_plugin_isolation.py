"""Nothing a plugin does costs the document or the other plugins (issues 6 and 8).

Each stage at which a plugin can fail — import, registration, extraction, its result, its
summary — is tried with a plugin built to fail there; the document must come out whole,
with one diagnostic naming the plugin, every other plugin's results, and JSON that
round-trips. Plugins are installed through real entry points (a ``.dist-info`` folder on
``sys.path``), exactly as a third-party distribution installs them.
"""

from __future__ import annotations

import io
import json
import math
import sys
import textwrap
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from attrs import frozen

import referat
import referat_tables
from conftest import FIXTURES, SEEDS
from referat import ReferatLoadError, Registry, ResultKey, discovery
from referat.cli import main, write_summary
from referat.layouts import Layout
from referat.schema import schema as json_schema
from referat_decisions import DECISION
from referat_tables import TABLES

TEXT = (FIXTURES / f"{SEEDS[4]}.txt").read_text(encoding="utf-8")
SEED = FIXTURES / f"{SEEDS[4]}.txt"  # five items, each with a Beslutning


def strict_json(text: str) -> Any:
    """``json.loads`` that refuses NaN and infinities (which are not JSON)."""

    def refuse(name: str) -> Any:
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


class Installer:
    """Installs plugin modules through entry points for one test."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        monkeypatch.syspath_prepend(str(root))

    def __call__(self, name: str, module: str, source: str, dist: str = "thirdparty") -> None:
        (self.root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        info = self.root / f"{dist}_{name}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}-{name}\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(f"[referat.plugins]\n{name} = {module}:plugin\n")
        discovery.clear_cache()
        referat.api._default_parser.cache_clear()


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Installer]:
    discovery.clear_cache()
    referat.api._default_parser.cache_clear()
    yield Installer(tmp_path, monkeypatch)
    discovery.clear_cache()
    referat.api._default_parser.cache_clear()


def codes(doc: referat.Referat, prefix: str = "plugin-") -> list[str]:
    return [d.code for d in doc.diagnostics if d.code.startswith(prefix)]


def assert_builtins_ran(doc: referat.Referat) -> None:
    assert len(doc.items) == 5
    assert all(item.get(DECISION) is not None for item in doc.items)


# -- import -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "exception"),
    [
        ('raise ImportError("needs libfoo")', "ImportError: needs libfoo"),
        ("import referat_no_such_dependency", "ModuleNotFoundError: No module named"),
        ('raise SystemExit("bye")', "SystemExit: bye"),
        ("1 / 0", "ZeroDivisionError: division by zero"),
    ],
)
def test_a_plugin_that_fails_to_import_costs_one_diagnostic(
    install: Installer, body: str, exception: str
) -> None:
    install("broken", "referat_broken", body + "\ndef plugin(registry): pass\n")
    doc = referat.parse(TEXT)
    (problem,) = [d for d in doc.diagnostics if d.code.startswith("plugin-")]
    assert (problem.code, problem.plugin, problem.severity) == (
        "plugin-unavailable",
        "broken",
        referat.Severity.WARNING,
    )
    assert "'broken'" in problem.message
    assert exception in problem.message
    assert_builtins_ran(doc)
    # dumps and loads do not need the broken plugin: the document does not use it
    assert referat.loads(referat.dumps(doc)) == doc


def test_a_plugin_that_fails_to_import_leaves_the_cli_working(
    install: Installer, capsys: pytest.CaptureFixture[str]
) -> None:
    install("broken", "referat_broken", 'raise ImportError("needs libfoo")\n')
    assert main(["parse", str(SEED)]) == 0
    captured = capsys.readouterr()
    data = strict_json(captured.out)
    assert len(data["items"]) == 5
    unavailable = [line for line in captured.err.splitlines() if "plugin-unavailable" in line]
    assert unavailable == [
        f"{SEED}:1:1: warning plugin-unavailable: plugin 'broken' is unavailable: plugin "
        "'broken' could not be imported: ImportError: needs libfoo"
    ]
    assert main(["plugins"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert "broken  referat_broken:plugin  failed (plugin-unavailable): plugin 'broken' could " \
        "not be imported: ImportError: needs libfoo" in listing
    assert "decisions  referat_decisions:plugin  extractors: decisions" in listing


def test_an_entry_point_that_is_not_callable_is_unavailable(install: Installer) -> None:
    install("notcallable", "referat_notcallable", "plugin = 42\n")
    doc = referat.parse(TEXT)
    assert codes(doc) == ["plugin-unavailable"]
    assert "not callable" in doc.diagnostics[0].message


# -- results: the typed slot -------------------------------------------------------------


@frozen
class Words:
    count: int


WORDS = ResultKey("words", Words)
LONGEST = ResultKey("longest", int)


def words_plugin(registry: Registry, /) -> None:
    def count(item: referat.AgendaItem, ctx: referat.Context) -> Words:
        return Words(sum(len(p.text.split()) for s in item.sections for p in s.paragraphs()))

    def longest(item: referat.AgendaItem, ctx: referat.Context) -> int | None:
        words = ctx.get(WORDS)  # an earlier plugin's result, typed
        return None if words is None else words.count * 2

    registry.add_extractor(WORDS, count)
    registry.add_extractor(LONGEST, longest, after="words")


def test_a_third_party_key_works_like_the_built_ins() -> None:
    parser = referat.Parser(plugins=["tables", "decisions"]).use(words_plugin)
    doc = parser.parse(TEXT)
    item = doc.items[0]
    words = item.get(WORDS)
    assert isinstance(words, Words) and words.count > 0
    assert item.get(LONGEST) == words.count * 2
    assert item.get(DECISION) is not None
    assert item.get(TABLES) is None  # the seed's items have no tables
    assert item.get(ResultKey("words", str)) is None  # the same name, another type: None
    spec = parser.registry.extractor("words")
    assert spec is not None and spec.result is Words and spec.key == WORDS
    data = referat.dumps(doc, registry=parser.registry)
    assert referat.loads(data, registry=parser.registry) == doc
    schema = json_schema(parser.registry)
    variants = schema["$defs"]["Extract"]["anyOf"]
    names = [v["properties"]["name"].get("const") for v in variants]
    assert {"tables", "decisions", "words", "longest"} <= set(names)
    assert schema["$defs"]["Words"]["properties"]["count"] == {"type": "integer"}


def test_a_key_and_a_contradicting_result_type_are_refused() -> None:
    with pytest.raises(referat.PluginError, match="contradicts"):
        Registry().add_extractor(WORDS, lambda item, ctx: None, result=str)


# -- loads --------------------------------------------------------------------------------


def test_loads_of_a_result_whose_plugin_is_not_loaded_is_a_clear_error() -> None:
    parser = referat.Parser(plugins=[]).use(words_plugin)
    data = referat.dumps(parser.parse(TEXT), registry=parser.registry)
    with pytest.raises(ReferatLoadError, match="extractor 'words', which no loaded plugin"):
        referat.loads(data, registry=referat.Parser(plugins=[]).registry)


def test_loads_names_the_plugin_that_failed_to_load(install: Installer) -> None:
    parser = referat.Parser(plugins=[]).use(words_plugin)
    data = referat.dumps(parser.parse(TEXT), registry=parser.registry)
    install("words", "referat_words", 'raise ImportError("needs libfoo")\n')
    with pytest.raises(ReferatLoadError) as info:
        referat.loads(data)
    assert "'words'" in str(info.value) and "ImportError: needs libfoo" in str(info.value)


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        ("{not json", json.JSONDecodeError),
        (b"{\xc3\x28}", UnicodeDecodeError),
        ('{"text": 1}', Exception),
        ("[]", Exception),
        ("null", Exception),
    ],
)
def test_loads_raises_its_own_error_with_the_cause_chained(data: Any, cause: type) -> None:
    with pytest.raises(ReferatLoadError) as info:
        referat.loads(data)
    assert isinstance(info.value.__cause__, cause)
    assert isinstance(info.value, referat.ReferatError)


def test_a_load_error_says_where() -> None:
    data = json.loads(referat.dumps(referat.parse(TEXT, plugins=[])))
    data["items"][1]["number"] = "two"
    with pytest.raises(ReferatLoadError, match=r"\$\.items\[1\]\.number"):
        referat.loads(json.dumps(data), registry=referat.Parser(plugins=[]).registry)


def test_dumps_never_writes_nan() -> None:
    doc = referat.parse(TEXT, plugins=[])
    import attrs

    bad = attrs.evolve(doc, layout_score=math.nan)  # a hand-made model: the parser never does
    with pytest.raises(referat.ReferatDumpError, match="JSON"):
        referat.dumps(bad)


# -- registration -------------------------------------------------------------------------


def test_a_plugin_that_raises_while_registering_is_rolled_back(
    install: Installer, capsys: pytest.CaptureFixture[str]
) -> None:
    install(
        "halfway",
        "referat_halfway",
        """
        def plugin(registry, /):
            registry.add_extractor("halfway", lambda item, ctx: 1, result=int)
            raise RuntimeError("no licence key")
        """,
    )
    doc = referat.parse(TEXT)
    (problem,) = [d for d in doc.diagnostics if d.code.startswith("plugin-")]
    assert (problem.code, problem.plugin, problem.item) == ("plugin-failed", "halfway", None)
    assert problem.message == "plugin 'halfway' failed to register: RuntimeError: no licence key"
    assert all(item.extract("halfway") is None for item in doc.items)  # rolled back
    assert_builtins_ran(doc)
    assert referat.loads(referat.dumps(doc)) == doc
    assert main(["plugins"]) == 0
    assert (
        "halfway  referat_halfway:plugin  failed (plugin-failed): RuntimeError: no licence key"
        in capsys.readouterr().out.splitlines()
    )
    assert main(["parse", str(SEED)]) == 0
    assert len(strict_json(capsys.readouterr().out)["items"]) == 5


def test_system_exit_while_registering_is_contained(install: Installer) -> None:
    install("quitter", "referat_quitter", "def plugin(registry, /):\n    raise SystemExit(0)\n")
    doc = referat.parse(TEXT)
    assert codes(doc) == ["plugin-failed"]
    assert_builtins_ran(doc)


def test_a_plugin_that_makes_the_order_cyclic_is_refused(install: Installer) -> None:
    install(
        "cyclic",
        "referat_cyclic",
        """
        def plugin(registry, /):
            registry.add_extractor("first", lambda item, ctx: None, before="tables",
                                   after="economics")
        """,
    )
    doc = referat.parse(TEXT)
    assert codes(doc) == ["plugin-failed"]
    assert "cycle" in doc.diagnostics[0].message
    assert_builtins_ran(doc)


def test_a_third_party_plugin_named_tables_cannot_replace_the_built_in(
    install: Installer, capsys: pytest.CaptureFixture[str]
) -> None:
    install(
        "tables",
        "referat_fake_tables",
        """
        def plugin(registry, /):
            registry.add_extractor("fake", lambda item, ctx: "fake", result=str)
        """,
    )
    doc = referat.parse(TEXT)
    (problem,) = [d for d in doc.diagnostics if d.code.startswith("plugin-")]
    assert (problem.code, problem.plugin) == ("plugin-duplicate", "tables")
    assert "referat_fake_tables:plugin" in problem.message
    assert "referat_tables:plugin (distribution referat)" in problem.message
    assert all(item.extract("fake") is None for item in doc.items)
    assert main(["plugins"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert "tables  referat_tables:plugin  extractors: tables" in listing
    assert any(line.startswith("tables  referat_tables:plugin  failed (plugin-duplicate)")
               for line in listing)


def test_an_extractor_named_like_a_built_in_one_is_refused(install: Installer) -> None:
    install(
        "mytables",
        "referat_mytables",
        """
        def plugin(registry, /):
            registry.add_extractor("tables", lambda item, ctx: (), result=tuple)
        """,
    )
    doc = referat.parse((FIXTURES / f"{SEEDS[1]}.txt").read_text(encoding="utf-8"))
    (problem,) = [d for d in doc.diagnostics if d.code.startswith("plugin-")]
    assert (problem.code, problem.plugin) == ("plugin-failed", "mytables")
    assert "an extractor named 'tables' is already registered (by plugin 'tables')" in (
        problem.message
    )
    tables = [t for item in doc.items for t in item.get(TABLES) or ()]
    assert tables and all(isinstance(t, referat_tables.Table) for t in tables)


def test_replacing_on_purpose_is_reported() -> None:
    def mine(registry: Registry, /) -> None:
        registry.add_extractor("decisions", lambda item, ctx: None, replace=True)

    doc = referat.Parser(plugins=["decisions", mine]).parse(TEXT)
    assert codes(doc, "extractor-") == ["extractor-replaced"]
    assert "replaced extractor 'decisions' of plugin 'decisions'" in doc.diagnostics[0].message


# -- layout detection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("detect", "said"),
    [
        (lambda lines: "high", "scored 'high'"),
        (lambda lines: math.nan, "scored nan"),
        (lambda lines: None, "scored None"),
        (lambda lines: 1 / 0, "ZeroDivisionError"),
        (lambda lines: sys.exit(0), "SystemExit"),
    ],
)
def test_a_layout_whose_detect_misbehaves_is_skipped(detect: Any, said: str) -> None:
    def plugin(registry: Registry, /) -> None:
        registry.add_layout(Layout("hostile", detect=detect))

    doc = referat.Parser(plugins=[plugin]).parse(TEXT)
    reference = referat.parse(TEXT, plugins=[])
    (problem,) = [d for d in doc.diagnostics if d.code == "plugin-failed"]
    assert "'hostile'" in problem.message and said in problem.message
    assert doc.layout == reference.layout
    assert [i.title for i in doc.items] == [i.title for i in reference.items]


# -- extraction ---------------------------------------------------------------------------


def quitting(registry: Registry, /) -> None:
    def quit_(item: referat.AgendaItem, ctx: referat.Context) -> None:
        raise SystemExit(0)

    registry.add_extractor("quitter", quit_)


def test_system_exit_in_an_extractor_costs_only_its_result() -> None:
    doc = referat.Parser(plugins=["decisions", quitting]).parse(TEXT)
    failures = [d for d in doc.diagnostics if d.code == "plugin-failed"]
    assert [d.item for d in failures] == [1, 2, 3, 4, 5]
    assert "SystemExit: 0" in failures[0].message
    assert_builtins_ran(doc)


def test_system_exit_in_an_extractor_does_not_end_the_cli(
    install: Installer, capsys: pytest.CaptureFixture[str]
) -> None:
    install(
        "quitter",
        "referat_quitter_extractor",
        """
        def plugin(registry, /):
            def quit_(item, ctx):
                raise SystemExit(0)
            registry.add_extractor("quitter", quit_)
        """,
    )
    assert main(["parse", str(SEED)]) == 0
    captured = capsys.readouterr()
    data = strict_json(captured.out)
    assert [i["number"] for i in data["items"]] == [1, 2, 3, 4, 5]
    assert captured.err.count("error plugin-failed: extractor 'quitter'") == 5


def test_keyboard_interrupt_is_not_contained() -> None:
    def interrupting(registry: Registry, /) -> None:
        def stop(item: referat.AgendaItem, ctx: referat.Context) -> None:
            raise KeyboardInterrupt

        registry.add_extractor("stop", stop)

    with pytest.raises(KeyboardInterrupt):
        referat.Parser(plugins=[interrupting]).parse(TEXT)


class Weird:
    """An object JSON cannot hold."""


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ({"count": 3}, "result is a dict, not Words"),
        (Weird(), "result is a Weird, not Words"),
        ({1, 2}, "result is a set, not Words"),
        (math.nan, "result is a float, not Words"),
        (Words(math.inf), "result.count is a float, not int"),  # type: ignore[arg-type]
        (Words(True), "result.count is a bool, not int"),
        (Words("3"), "result.count is a str, not int"),  # type: ignore[arg-type]
    ],
)
def test_a_result_that_is_not_what_was_declared_is_left_out(value: object, said: str) -> None:
    def plugin(registry: Registry, /) -> None:
        registry.add_extractor(WORDS, lambda item, ctx: value)

    parser = referat.Parser(plugins=["decisions", plugin])
    doc = parser.parse(TEXT)
    bad = [d for d in doc.diagnostics if d.code == "plugin-bad-result"]
    assert [d.item for d in bad] == [1, 2, 3, 4, 5]
    assert said in bad[0].message and "it was left out" in bad[0].message
    assert all(item.extract("words") is None for item in doc.items)
    assert_builtins_ran(doc)
    data = referat.dumps(doc, registry=parser.registry)
    strict_json(data)
    assert referat.loads(data, registry=parser.registry) == doc


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_float_result_must_be_finite(value: float) -> None:
    def plugin(registry: Registry, /) -> None:
        registry.add_extractor(ResultKey("ratio", float), lambda item, ctx: value)

    doc = referat.Parser(plugins=[plugin]).parse(TEXT)
    assert codes(doc) == ["plugin-bad-result"] * 5
    assert f"(result is {value!r}, which JSON cannot hold)" in doc.diagnostics[0].message


@pytest.mark.parametrize(
    "value",
    [math.nan, -math.inf, {"a": math.nan}, [1, {2}], Weird(), {1: "x"}, Decimal("NaN")],
)
def test_an_undeclared_result_must_be_json(value: object) -> None:
    def plugin(registry: Registry, /) -> None:
        registry.add_extractor("loose", lambda item, ctx: value)

    parser = referat.Parser(plugins=[plugin])
    doc = parser.parse(TEXT)
    assert codes(doc) == ["plugin-bad-result"] * 5
    strict_json(referat.dumps(doc, registry=parser.registry))


def test_a_declared_result_in_the_cli_never_writes_nan(
    install: Installer, capsys: pytest.CaptureFixture[str]
) -> None:
    install(
        "nan",
        "referat_nan",
        """
        def plugin(registry, /):
            registry.add_extractor("nan", lambda item, ctx: float("nan"), result=float)
        """,
    )
    assert main(["parse", str(SEED)]) == 0
    captured = capsys.readouterr()
    data = strict_json(captured.out)
    assert all(e["name"] != "nan" for item in data["items"] for e in item["extracts"])
    assert captured.err.count("error plugin-bad-result") == 5


def test_each_plugin_sees_the_others_results_read_only() -> None:
    def clearing(registry: Registry, /) -> None:
        def clear(item: referat.AgendaItem, ctx: referat.Context) -> None:
            ctx.results["decisions"] = None  # type: ignore[index]

        def replace(item: referat.AgendaItem, ctx: referat.Context) -> None:
            ctx.results = {}  # type: ignore[misc]

        registry.add_extractor("clear", clear, after="decisions")
        registry.add_extractor("replace", replace, after="decisions")

    doc = referat.Parser(plugins=["decisions", clearing]).parse(TEXT)
    failures = [d.message for d in doc.diagnostics if d.code == "plugin-failed"]
    assert len(failures) == 10
    assert sum("TypeError" in m for m in failures) == 5
    assert sum("AttributeError" in m for m in failures) == 5
    assert_builtins_ran(doc)


def reporting(*args: Any) -> Any:
    def plugin(registry: Registry, /) -> None:
        def report(item: referat.AgendaItem, ctx: referat.Context) -> None:
            ctx.report(*args)

        registry.add_extractor("reporter", report)

    return plugin


def test_a_report_with_a_bad_span_is_a_diagnostic_not_a_crash() -> None:
    plugin = reporting(referat.Severity.WARNING, "my-code", "hello", "x")
    doc = referat.Parser(plugins=[plugin]).parse(TEXT)
    assert codes(doc, "").count("plugin-bad-report") == 5
    mine = [d for d in doc.diagnostics if d.code == "my-code"]
    assert len(mine) == 5 and all(d.span is None and d.message == "hello" for d in mine)
    bad = next(d for d in doc.diagnostics if d.code == "plugin-bad-report")
    assert "span 'x' (not a referat.Span or None)" in bad.message


def test_a_bad_report_in_strict_mode_raises_the_syntax_error_not_attribute_error() -> None:
    plugin = reporting(referat.Severity.ERROR, "my-code", "hello", "x")
    with pytest.raises(referat.ReferatSyntaxError) as info:
        referat.Parser(plugins=[plugin]).parse(TEXT, strict=True)
    assert info.value.code == "my-code"


def test_a_report_with_wrong_types_everywhere_is_kept_as_it_can_be() -> None:
    span = referat.Span(1, 1, 1, 2, 10**9, 10**9 + 1)  # outside the document
    doc = referat.Parser(plugins=[reporting("error", 42, None, span)]).parse(TEXT)
    bad = next(d for d in doc.diagnostics if d.code == "plugin-bad-report")
    for part in ("severity 'error'", "code 42", "a message of type NoneType", "outside"):
        assert part in bad.message
    kept = next(d for d in doc.diagnostics if d.code == "plugin-report")
    assert (kept.severity, kept.message, kept.span) == (referat.Severity.WARNING, "None", None)


# -- the time budget ----------------------------------------------------------------------


def slow(registry: Registry, /) -> None:
    def wait(item: referat.AgendaItem, ctx: referat.Context) -> int:
        time.sleep(0.05)
        return 1

    registry.add_extractor("slow", wait, result=int)


def test_the_extractor_budget_stops_the_rest_of_the_document() -> None:
    doc = referat.Parser(plugins=["decisions", slow], extractor_budget=0.08).parse(TEXT)
    (spent,) = [d for d in doc.diagnostics if d.code == "plugin-budget"]
    assert "0.08 s" in spent.message
    done = [item.extract("slow") for item in doc.items]
    assert 1 <= done.count(1) < 5 and done[0] == 1
    assert len(doc.items) == 5  # the structure is whole
    unlimited = referat.Parser(plugins=[slow]).parse(TEXT)
    assert [item.extract("slow") for item in unlimited.items] == [1] * 5
    assert codes(unlimited) == []


def test_the_budget_must_be_a_number_of_seconds() -> None:
    with pytest.raises(ValueError, match="extractor_budget"):
        referat.Parser(plugins=[], extractor_budget=-1)
    with pytest.raises(ValueError, match="extractor_budget"):
        referat.Parser(plugins=[], extractor_budget=math.nan)


# -- summaries ----------------------------------------------------------------------------


def test_a_summary_that_raises_costs_only_its_own_line() -> None:
    def plugin(registry: Registry, /) -> None:
        def summary(value: Words) -> str:
            if value.count % 2:
                raise ValueError("odd")
            return f"{value.count} words"

        registry.add_extractor(WORDS, lambda item, ctx: Words(item.number or 0), summary=summary)

    parser = referat.Parser(plugins=[plugin])
    doc = parser.parse(TEXT)
    out = io.StringIO()
    problems = write_summary(doc, parser.registry, out)
    text = out.getvalue()
    assert [d.item for d in problems] == [1, 3, 5]
    assert all(d.code == "plugin-failed" and "ValueError: odd" in d.message for d in problems)
    assert "  words: 2 words" in text and "  words: 4 words" in text
    assert text.count("words: (no summary: the plugin's summary failed)") == 3
    assert text.count("\nPunkt ") == 5


def test_a_summary_that_returns_no_string_is_a_diagnostic() -> None:
    def plugin(registry: Registry, /) -> None:
        registry.add_extractor(WORDS, lambda item, ctx: Words(1), summary=lambda v: None)

    parser = referat.Parser(plugins=[plugin])
    problems = write_summary(parser.parse(TEXT), parser.registry, io.StringIO())
    assert len(problems) == 5 and "returned a NoneType, not a str" in problems[0].message
