"""The category checks on Chinese events after any engine (`extract/zh/events.py`, `checked`)."""

from __future__ import annotations

from collections.abc import Callable

from chinatracker.evaluation.gold import GoldDocument
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Extraction


def test_aid_for_a_disaster_the_lead_names_is_relief(extract: Callable[..., Extraction]) -> None:
    text = "汤加火山喷发后，中国人民解放军向汤加捐赠了一批救灾物资，包括饮用水和食品。"
    categories = {e.category for e in extract(text).events}
    assert "projection.hadr" in categories
    assert not categories & {"aid.medical", "diplomacy.military_aid"}


def test_thanks_alone_is_no_statement(extract: Callable[..., Extraction]) -> None:
    text = "中国军队向柬埔寨军队援助了新冠疫苗。柬埔寨国防大臣表示，非常感谢中方的帮助。"
    assert "narrative.information" not in {e.category for e in extract(text).events}


def test_another_donors_gift_makes_no_aid_event(
    report: Callable[[str], GoldDocument], combined: Extractor
) -> None:
    gold = report("057-india-vaccine-srilanka-2021-01")
    for event in combined.extract(gold.document).events:
        assert "IND" not in event.countries or "CHN" in event.countries


def test_tonga_relief_shipments_are_hadr(
    report: Callable[[str], GoldDocument], combined: Extractor
) -> None:
    gold = report("088-pla-tonga-navy-2022-02")
    categories = {e.category for e in combined.extract(gold.document).events}
    assert categories == {"projection.hadr"}
