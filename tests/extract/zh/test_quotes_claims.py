"""Quotations and claims in Chinese text (`extract/zh/quotes.py`, `extract/zh/claims.py`)."""

from __future__ import annotations

from collections.abc import Callable

from chinatracker.evaluation.gold import GoldDocument
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Extraction


def test_quote_holding_its_own_full_stops(extract: Callable[..., Extraction]) -> None:
    found = extract("外交部发言人表示：“中方将继续向非洲提供支持。这是我们的一贯立场。”")
    (quote,) = found.quotes
    assert quote.text == "中方将继续向非洲提供支持。这是我们的一贯立场。"
    # The spokesperson speaks for the ministry the subject names.
    assert quote.speaker == "Ministry of Foreign Affairs of the People's Republic of China"


def test_quote_framed_by_a_verb_after_it(extract: Callable[..., Extraction]) -> None:
    found = extract("“在最困难的时候，朋友们给了我们真诚的帮助，我们不会忘记，”他表示。")
    (quote,) = found.quotes
    assert quote.text.startswith("在最困难的时候")
    assert quote.speaker is None  # 他 names no one


def test_quote_in_corner_brackets_of_traditional_text(extract: Callable[..., Extraction]) -> None:
    found = extract("國防部長魏鳳和告訴對方「中國軍隊將堅決維護國家主權安全和領土完整」。")
    (quote,) = found.quotes
    assert quote.speaker == "国防部长魏凤和"


def test_slogans_and_names_in_quotation_marks_are_not_quotes(
    extract: Callable[..., Extraction],
) -> None:
    found = extract("包装箱上写着“中国加油”的字样，演习代号为“海上联合-2022”。他说这很好。")
    assert found.quotes == ()


def test_speaker_is_the_actor_the_subject_names(extract: Callable[..., Extraction]) -> None:
    found = extract(
        "中国驻斯里兰卡大使馆在一份声明中说：“中国人民解放军与斯里兰卡武装部队分享着相同的经历。”"
    )
    assert [q.speaker for q in found.quotes] == ["Embassy of China in Sri Lanka"]


def test_quality_complaint_names_the_complaining_country(
    extract: Callable[..., Extraction],
) -> None:
    found = extract(
        "荷兰向中国购买了130万个口罩，发现其中60万个口罩出现质量问题，当局已经召回这批口罩。"
    )
    (claim,) = found.claims
    assert claim.kind == "quality_complaint"
    assert claim.countries == ("NLD",)


def test_a_denied_condition_is_no_claim(extract: Callable[..., Extraction]) -> None:
    found = extract("中方向巴基斯坦提供援助，不附加任何政治条件。")
    assert found.claims == ()


def test_disinformation_accusation(extract: Callable[..., Extraction]) -> None:
    found = extract("中国外交部发言人批评美方散布虚假信息，抹黑中国的抗疫援助。")
    assert [c.kind for c in found.claims] == ["disinformation"]


# Real reports -------------------------------------------------------------------------------------


def test_shaheen_quotes_of_the_air_chief_and_the_ambassador(
    report: Callable[[str], GoldDocument], combined: Extractor
) -> None:
    gold = report("055-shaheen-ix-2020-12")
    found = combined.extract(gold.document)
    for span in (g.span for g in gold.quotes):
        assert any(
            q.evidence[0].start < span[1] and span[0] < q.evidence[0].end for q in found.quotes
        )
    assert "穆贾希德·安瓦尔·汗" in {q.speaker for q in found.quotes}


def test_netherlands_masks_recall_is_a_quality_complaint(
    report: Callable[[str], GoldDocument], combined: Extractor
) -> None:
    gold = report("022-netherlands-masks-2020-03")
    found = combined.extract(gold.document)
    assert any(c.kind == "quality_complaint" and "NLD" in c.countries for c in found.claims)
