"""The JSON Schema (`referat schema`) describes the real output: every seed's full JSON
(all plugins) validates, and so do generated documents; the schema rejects broken output."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given

import referat
from conftest import SEEDS, parsed
from referat.api import default_parser
from referat.schema import schema
from test_invariants import DOCUMENTS

SCHEMA = schema(default_parser().registry)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("stem", SEEDS)
def test_every_seed_validates_with_all_plugins(stem: str) -> None:
    data = json.loads(referat.dumps(parsed(stem, plugins=True)))
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors[:5]] == []
    names = {e["name"] for item in data["items"] for e in item["extracts"]}
    assert names <= {"tables", "decisions", "economics"}
    assert "decisions" in names


@given(DOCUMENTS)
def test_generated_documents_validate(text: str) -> None:
    VALIDATOR.validate(json.loads(referat.dumps(referat.parse(text))))


def test_the_schema_rejects_broken_output() -> None:
    data = json.loads(referat.dumps(parsed(SEEDS[4], plugins=True)))
    data["items"][0]["sections"][0]["kind"] = "NOT_A_KIND"
    assert not VALIDATOR.is_valid(data)
    data = json.loads(referat.dumps(parsed(SEEDS[4], plugins=True)))
    del data["items"][0]["number"]
    assert not VALIDATOR.is_valid(data)
    data = json.loads(referat.dumps(parsed(SEEDS[4], plugins=True)))
    decision = next(e for e in data["items"][0]["extracts"] if e["name"] == "decisions")
    decision["value"]["outcomes"][0]["kind"] = 42
    assert not VALIDATOR.is_valid(data)


def test_cli_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from referat.cli import main

    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["$defs"]["Referat"]["type"] == "object"
