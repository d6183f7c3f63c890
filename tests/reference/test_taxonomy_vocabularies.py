"""Taxonomy and vocabularies load into typed records."""

import pytest

from chinatracker.reference.taxonomy import category, section_of, sections, taxonomy
from chinatracker.reference.vocabularies import vocabularies, vocabulary


def test_sections_keep_print_order() -> None:
    codes = [s.code for s in sections()]
    assert codes == ["domestic", "diplomacy", "projection", "architecture", "aid", "narrative"]
    assert [s.order for s in sections()] == list(range(6))


def test_categories() -> None:
    medical = category("aid.medical")
    assert medical.label == "Health Silk Road"
    assert medical.section == "aid"
    assert section_of("diplomacy.military_aid").label == "Security diplomacy"
    assert [c.code for c in taxonomy().categories_in("aid")] == ["aid.medical", "aid.digital"]
    with pytest.raises(KeyError):
        category("aid.nonexistent")


def test_vocabularies() -> None:
    assert "military" in vocabulary("donor_channel")
    assert vocabulary("institution_type") >= {"defense", "health", "civil_society"}
    assert vocabularies().is_valid("item", "masks")
    assert not vocabularies().is_valid("mode", "gift")
    assert "day" in vocabularies().terms("date_precision")
