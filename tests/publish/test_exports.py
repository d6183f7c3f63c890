"""Open data: every dataset in every format validates against the generated JSON Schema."""

from __future__ import annotations

import csv
import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from chinatracker.publish.codebook import codebook, missing_descriptions, schemas
from chinatracker.publish.datasets import DATASETS
from chinatracker.publish.flatten import columns
from chinatracker.store.database import Store

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((DOCS / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(v: Draft202012Validator, instance: Any) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in v.iter_errors(instance)][:5]


@pytest.mark.parametrize("name", list(DATASETS))
def test_json_and_jsonl_validate_against_the_schema(release: Path, name: str) -> None:
    v = validator(name)
    lines = (release / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    array = json.loads((release / f"{name}.json").read_text(encoding="utf-8"))
    assert lines and len(array) == len(lines)
    for line in lines:
        assert not errors(v, json.loads(line))
    assert array[0] == json.loads(lines[0])


@pytest.mark.parametrize("name", list(DATASETS))
def test_csv_and_parquet_have_the_codebook_columns(release: Path, name: str) -> None:
    expected = [c.name for c in columns(DATASETS[name].model)]
    with (release / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
        assert reader.fieldnames == expected
    parquet = importlib.import_module("pyarrow.parquet")
    table = parquet.read_table(release / f"{name}.parquet")
    assert table.column_names == expected
    assert table.num_rows == len(rows)


def test_csv_joins_lists_in_step(release: Path) -> None:
    with (release / "aid-records.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        ids = row["sources.id"].split("; ")
        assert len(row["sources.publisher"].split("; ")) == len(ids)
        assert len(row["sources.published"].split("; ")) == len(ids)


@pytest.mark.parametrize("name", ["aid-records", "event-records"])
def test_geojson_validates_and_counts_countries(release: Path, name: str) -> None:
    collection = json.loads((release / f"{name}.geojson").read_text(encoding="utf-8"))
    assert not errors(validator("countries"), collection)
    features = {f["id"]: f for f in collection["features"]}
    assert features["ZWE"]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    if name == "aid-records":
        assert features["ZWE"]["properties"]["by"]["military"] >= 1
        ring = features["ZWE"]["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1] and 25 < ring[0][0] < 34
    else:
        assert "CHN" not in features  # events count the foreign countries involved


def test_release_manifest_is_stamped(release: Path, demo_store: Store) -> None:
    manifest = json.loads((release / "release.json").read_text(encoding="utf-8"))
    assert not errors(validator("release"), manifest)
    assert manifest["extractor_versions"] and manifest["resolver_version"]
    assert (release / "codebook.md").read_text(encoding="utf-8").count(
        manifest["extractor_versions"][0]
    ) >= 1
    for dataset in manifest["datasets"]:
        for file in dataset["files"]:
            assert (release / file["path"]).stat().st_size == file["bytes"]


def test_committed_codebook_and_schemas_are_current() -> None:
    assert (DOCS / "codebook.md").read_text(encoding="utf-8") == codebook(), (
        "docs/codebook.md is stale: run `chinatracker export codebook --out docs`"
    )
    for name, schema in schemas().items():
        committed = json.loads(
            (DOCS / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
        )
        assert committed == schema, f"docs/schema/{name}.schema.json is stale"


def test_every_field_is_described() -> None:
    assert missing_descriptions() == []


def test_an_undated_delivery_keeps_its_report_date(release: Path) -> None:
    """Analysts place an undated delivery by when it was reported; the export keeps that date
    beside the (empty) delivery date rather than dropping the record from any timeline."""
    facts = [json.loads(line) for line in (release / "aid.jsonl").read_text().splitlines()]
    assert facts and all(f["reported"] == f["document"]["published"] for f in facts)
    undated = [f for f in facts if f["date"] is None]
    assert undated and all(f["reported"] for f in undated)
    records = [
        json.loads(line) for line in (release / "aid-records.jsonl").read_text().splitlines()
    ]
    for r in records:
        published = [s["published"] for s in r["sources"] if s["published"]]
        assert r["reported"] == (min(published) if published else None)
