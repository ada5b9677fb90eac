"""The shipped layouts' TOML kept read as JSON (``referat/layouts/data/shipped.json``).

After editing a shipped layout, write the file again:

    python -c "from referat.layouts.load import write_cache; write_cache()"
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any

import pytest

from referat.layouts import load
from referat.layouts.spec import Layout

NAMES = sorted(path.stem for path in load._DATA.glob("*.toml"))


def _from_toml(name: str) -> Layout:
    path = load._DATA / f"{name}.toml"
    return load.load_layout(path, origin=f"referat/layouts/data/{name}.toml")


def _same(one: Layout, other: Layout) -> None:
    assert one == other
    for name in ("section_names", "header_labels", "access_markers"):  # eq=False fields
        assert getattr(one, name) == getattr(other, name), name
    assert one.render == other.render
    if one.render is not None and other.render is not None:
        assert one.render.headings == other.render.headings
        assert one.render.attendance == other.render.attendance


def test_the_cache_holds_every_shipped_layout_as_its_toml_reads() -> None:
    message = "a shipped layout changed: python -c 'from referat.layouts.load import write_cache; write_cache()'"
    assert load.CACHE.read_text(encoding="utf-8") == load.cache_text(), message
    cached = load._cached()
    assert sorted(cached) == NAMES
    for name in NAMES:
        text = (load._DATA / f"{name}.toml").read_text(encoding="utf-8")
        assert cached[name]["sha256"] == hashlib.sha256(text.encode()).hexdigest()
        assert cached[name]["data"] == tomllib.loads(text)


@pytest.mark.parametrize("name", NAMES)
def test_a_layout_read_from_the_cache_is_the_layout_its_toml_makes(name: str) -> None:
    _same(load.shipped.__wrapped__(name), _from_toml(name))


def _patch_entry(monkeypatch: pytest.MonkeyPatch, name: str, **entry: Any) -> None:
    entries = dict(load._cached())
    entries[name] = {**entries[name], **entry}
    monkeypatch.setattr(load, "_cached", lambda: entries)


def test_an_entry_of_another_text_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = {**load._cached()["sbsys"]["data"], "description": "from a stale entry"}
    _patch_entry(monkeypatch, "sbsys", sha256="0" * 64, data=changed)
    assert load.shipped.__wrapped__("sbsys").description != "from a stale entry"
    _same(load.shipped.__wrapped__("sbsys"), _from_toml("sbsys"))


def test_an_entry_of_this_text_is_what_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = {**load._cached()["sbsys"]["data"], "description": "from the cache"}
    _patch_entry(monkeypatch, "sbsys", data=changed)
    assert load.shipped.__wrapped__("sbsys").description == "from the cache"


@pytest.mark.parametrize("content", ["", "{not json", '{"format": 0, "layouts": {}}', "[1]"])
def test_a_missing_or_unreadable_cache_leaves_the_toml_to_be_parsed(
    content: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "shipped.json"
    if content:
        cache.write_text(content, encoding="utf-8")
    monkeypatch.setattr(load, "CACHE", cache)
    monkeypatch.setattr(load, "_cached", load._cached.__wrapped__)
    assert load._cached() == {}
    _same(load.shipped.__wrapped__("danish"), _from_toml("danish"))
