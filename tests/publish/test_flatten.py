"""Flat rows for CSV and Parquet: columns from the contract, lists joined in step."""

from __future__ import annotations

import datetime as dt
import json

from chinatracker.publish.contract import (
    AidRecordOut,
    ConflictOut,
    ConflictValueOut,
    RecordDonorOut,
    RecordRecipientOut,
    SourceDocumentOut,
)
from chinatracker.publish.flatten import as_text, columns, flatten


def record() -> AidRecordOut:
    return AidRecordOut(
        id="r1",
        donor=RecordDonorOut(channel="military", country="CHN", names=["PLA", "MND"]),
        recipient=RecordRecipientOut(
            country="ZWE",
            label="Zimbabwe",
            names=[],
            institution_type="defense",
            un_region="Africa",
            developing=True,
            bri_member=True,
            income_group="lower_middle",
        ),
        items=["masks", "ppe"],
        quantities=[],
        value=None,
        date=None,
        reported=dt.date(2020, 6, 5),
        reference_date=dt.date(2020, 6, 5),
        mode="donation",
        status="delivered",
        batch_countries=1,
        corroboration=2,
        official=False,
        quality=0.8,
        confidence=0.9,
        reviewed=False,
        sources=[
            SourceDocumentOut(
                id=1,
                title="A",
                publisher=None,
                url=None,
                published=dt.date(2020, 6, 5),
                official=False,
            ),
            SourceDocumentOut(
                id=2, title="B", publisher="Wire", url="https://x", published=None, official=True
            ),
        ],
        fact_ids=[10, 11],
        explanation="two reports",
        conflicts=[
            ConflictOut(field="date", values=[ConflictValueOut(value="2020-06-05", fact_ids=[10])])
        ],
    )


def test_columns_follow_the_contract() -> None:
    names = [c.name for c in columns(AidRecordOut)]
    assert names[:4] == ["id", "donor.channel", "donor.country", "donor.names"]
    assert "sources.publisher" in names and "quantities.item" in names
    assert "conflicts" in names and "conflicts.field" not in names


def test_lists_join_in_step_and_empty_values_keep_their_place() -> None:
    row = as_text(flatten(record(), columns(AidRecordOut)))
    assert row["donor.names"] == "PLA; MND"
    assert row["items"] == "masks; ppe"
    assert row["sources.id"] == "1; 2"
    assert row["sources.publisher"] == "; Wire"
    assert row["sources.published"] == "2020-06-05; "
    assert row["sources.official"] == "false; true"
    assert row["value.amount"] == ""
    assert json.loads(row["conflicts"])[0]["field"] == "date"
