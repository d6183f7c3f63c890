"""Quotes with their speakers, and claims of disinformation, quality problems and conditions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from chinatracker.records import Extraction


def test_quote_after_its_speaker(extract: Callable[..., Extraction]) -> None:
    [quote] = extract(
        'President Aleksandar Vucic said: "European solidarity does not exist, China is our only hope."'
    ).quotes
    assert quote.speaker == "Aleksandar Vucic"
    assert quote.text.startswith("European solidarity")


def test_quote_before_its_speaker(extract: Callable[..., Extraction]) -> None:
    [quote] = extract(
        '"We will keep sending supplies to our partners," Wang Yi told reporters in Beijing.'
    ).quotes
    assert quote.speaker == "Wang Yi"


def test_pull_quotes_without_a_speaker_are_layout(extract: Callable[..., Extraction]) -> None:
    assert not extract(
        "\n“Donating the equipment lets Beijing reframe its role in the crisis.”\n\nThe article goes on."
    ).quotes


def test_scare_quotes_are_not_quotes(extract: Callable[..., Extraction]) -> None:
    assert not extract('Analysts call it "mask diplomacy", Wang Yi said on Monday.').quotes


def test_seed_quote_of_the_eu_foreign_policy_chief(
    shared_corpus: Path, extract: Callable[..., Extraction]
) -> None:
    text = (shared_corpus / "seeds" / "000_253d5383114d3200.txt").read_text(encoding="utf-8")
    quotes = extract(text, published=dt.date(2020, 4, 1)).quotes
    [borrell] = [q for q in quotes if q.speaker == "Josep Borrell"]
    evidence = borrell.evidence[0]
    assert text[evidence.start : evidence.end].startswith(
        "China is aggressively pushing the message"
    )


def test_quality_complaints_and_conditions(extract: Callable[..., Extraction]) -> None:
    claims = extract(
        "Spain returned thousands of faulty test kits bought from a Chinese company. "
        "Critics say Chinese aid to the Czech Republic came with strings attached."
    ).claims
    kinds = {c.kind: c.countries for c in claims}
    assert "ESP" in kinds["quality_complaint"]
    assert "CZE" in kinds["conditionality"]


def test_disinformation_claim(extract: Callable[..., Extraction]) -> None:
    [claim] = extract(
        "Chinese diplomats spread disinformation about the origin of the virus, the report said."
    ).claims
    assert claim.kind == "disinformation"
