"""The Chinese passes (`extract/zh/`) on short texts of our own, in both scripts.

Every sentence here was written for these tests (none is copied from a source); each names the
case it pins. The Chinese gold (tests/gold/zh) scores the same passes on real reports.
"""

from __future__ import annotations

import datetime as dt

import pytest

from chinatracker.extract.pipeline import Extractor
from chinatracker.extract.zh.dates import find_dates
from chinatracker.extract.zh.names import chinese_names
from chinatracker.extract.zh.quantities import chinese_number, find_quantities
from chinatracker.records import Document, Extraction
from chinatracker.reference.scripts import chinese_script, to_simplified
from chinatracker.sources.fingerprint import content_hash, raw_hash
from chinatracker.sources.language import detect_language, with_script

PUBLISHED = dt.date(2020, 5, 15)  # a Friday


def chinese(text: str, language: str = "zh", published: dt.date = PUBLISHED) -> Document:
    return Document(
        id=1,
        path="zh.md",
        format="md",
        text=text,
        language=with_script(language, text),
        published=published,
        content_hash=content_hash(text),
        raw_hash=raw_hash(text.encode()),
    )


@pytest.fixture(scope="module")
def rules() -> Extractor:
    return Extractor(engine="rules")


def extract(extractor: Extractor, text: str, **kwargs: object) -> Extraction:
    return extractor.extract(chinese(text, **kwargs))  # type: ignore[arg-type]


def names(text: str) -> list[tuple[str, str | None, str | None]]:
    found = chinese_names().mentions(text, to_simplified(text))
    return [(m.text, m.country, m.role) for m in found]


# Scripts and language ---------------------------------------------------------------------------


def test_traditional_text_converts_one_character_to_one() -> None:
    text = "中國人民解放軍向緬甸軍隊援助一批物資。"
    simplified = to_simplified(text)
    assert simplified == "中国人民解放军向缅甸军队援助一批物资。"
    assert len(simplified) == len(text)


def test_language_detection_tells_simplified_from_traditional() -> None:
    assert detect_language("中国向老挝捐赠了一批防疫物资，交接仪式在万象举行。") == "zh-Hans"
    assert detect_language("中國向老撾捐贈了一批防疫物資，交接儀式在萬象舉行。") == "zh-Hant"
    assert detect_language("China handed a batch of supplies to Laos in Vientiane today.") == "en"
    assert chinese_script("一二三") is None


def test_metadata_zh_gets_its_script() -> None:
    assert with_script("zh", "這是繁體字的報導。") == "zh-Hant"
    assert with_script("en", "這是繁體字的報導。") == "en"


# Names ------------------------------------------------------------------------------------------


def test_full_and_short_country_forms_and_pairs() -> None:
    found = names("巴基斯坦外长说，巴方感谢中方，中巴友谊牢不可破。")
    countries = [(text, country) for text, country, _ in found]
    assert ("巴基斯坦", "PAK") in countries
    assert ("巴", "PAK") in countries  # 巴方 and 中巴 name Pakistan
    assert ("中方", "CHN") in countries
    assert ("中", "CHN") in countries


def test_frames_that_mean_something_else_are_blocked() -> None:
    countries = [c for _, c, _ in names("中新社报道，中东和中亚局势引起中老年人关注。")]
    assert "SGP" not in countries
    assert "LAO" not in countries


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("西方国家对此表示关切。", "ESP"),  # the West, not the Spanish side
        ("其中新增确诊病例30例。", "SGP"),  # among them, newly added
        ("其中约有一半是口罩。", "JOR"),
        ("各缔约方应当遵守条约。", "JOR"),  # a contracting party
        ("他在讲话中赞扬两国合作。", "ZMB"),  # praised in the speech
        ("他在信中希望两国加强合作。", "GRC"),
        ("在抗疫中所取得的成就。", "SLB"),
        ("中沙群岛附近海域。", "SAU"),  # a Chinese island group
    ],
)
def test_a_frame_that_is_a_word_names_no_country(text: str, wrong: str) -> None:
    assert wrong not in [c for _, c, _ in names(text)]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("阿里巴巴向南韩捐赠口罩。", "KOR"),
        ("紐西蘭政府感謝中國。", "NZL"),
        ("寮國接收中國疫苗。", "LAO"),
        ("中國捐贈疫苗給肯亞。", "KEN"),
        ("中方向沙烏地阿拉伯提供物資。", "SAU"),
    ],
)
def test_hong_kong_and_taiwan_country_names(text: str, country: str) -> None:
    assert country in [c for _, c, _ in names(text)]


def test_list_punctuation_gives_one_country_each_in_both_scripts() -> None:
    simplified = [c for _, c, _ in names("向缅甸、老挝、柬埔寨提供疫苗")]
    traditional = [c for _, c, _ in names("向緬甸、老撾、柬埔寨提供疫苗")]
    assert simplified == traditional == ["MMR", "LAO", "KHM"]


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("中国人民解放军", "channel:military"),
        ("中央军委", "channel:military"),
        ("国防部", "channel:military"),
        ("外交部", "channel:government"),
        ("国家国际发展合作署", "channel:government"),
        ("中国红十字会", "channel:government"),
        ("浙江省", "channel:subnational"),
        ("广州市", "channel:subnational"),
        ("旅意华侨华人", "channel:diaspora"),
        ("杭州某某医疗器械有限公司", "channel:private"),
        ("北京某某慈善基金会", "channel:private"),
    ],
)
def test_chinese_actors_carry_their_channel(text: str, channel: str) -> None:
    roles = [role for _, _, role in names(f"据悉，{text}向泰国捐赠了物资。")]
    assert channel in roles


def test_a_chinese_actor_word_after_a_foreign_country_is_that_country_s_body() -> None:
    found = names("巴基斯坦军队和意大利红十字会")
    assert ("军队", "PAK", "institution:defense") in found
    assert ("红十字会", "ITA", "institution:civil_society") in found


def test_an_embassy_phrase_is_one_chinese_embassy() -> None:
    found = names("中国驻斯里兰卡大使馆向斯方移交物资")
    assert found[0] == ("中国驻斯里兰卡大使馆", "CHN", "channel:government")


def test_a_country_name_inside_a_transliterated_personal_name_is_no_country() -> None:
    assert [c for _, c, _ in names("特别助理费萨尔·苏丹出席")] == []


# Quantities and dates ---------------------------------------------------------------------------


def test_chinese_numerals() -> None:
    assert chinese_number("两千五百") == 2500
    assert chinese_number("十二") == 12
    assert chinese_number("1,200") == 1200


@pytest.mark.parametrize(
    ("text", "item", "quantity"),
    [
        ("捐赠6.2万只口罩", "masks", 62000),
        ("提供50万剂疫苗", "vaccines", 500000),
        ("包括防护服4500套", "protective_suits", 4500),
        ("援助一批呼吸机", "ventilators", None),
        ("医疗专家组一行12人抵达", "medical_teams", 12),
    ],
)
def test_items_with_chinese_numbers_and_measure_words(
    text: str, item: str, quantity: float | None
) -> None:
    _, items = find_quantities(text, text, 0, len(text))
    assert (item, quantity) in [(i.item, i.quantity) for i in items]


def test_money_units_and_counts_that_are_not_goods() -> None:
    text = "提供1.5亿元资金，空军出动两架次运输机，向12国军队提供物资"
    quantities, items = find_quantities(text, text, 0, len(text))
    found = {(q.value, q.unit, q.currency) for q in quantities}
    assert (150_000_000, "CNY", "CNY") in found
    assert (2, "flights", None) in found
    assert (12, "countries", None) in found
    assert ("funds", None) in [(i.item, i.quantity) for i in items]


def test_years_ordinals_and_model_names_are_not_quantities() -> None:
    text = "2020年5月，第35批护航编队的N95口罩和运-20飞机"
    quantities, items = find_quantities(text, text, 0, len(text))
    assert quantities == []
    assert all(i.quantity is None for i in items)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("5月12日和13日", dt.date(2020, 5, 12), dt.date(2020, 5, 13), "day"),
        ("5月12日至14日", dt.date(2020, 5, 12), dt.date(2020, 5, 14), "day"),
        ("上周五", dt.date(2020, 5, 8), None, "day"),
        ("周三", dt.date(2020, 5, 13), None, "day"),
        ("昨天", dt.date(2020, 5, 14), None, "day"),
        ("13日凌晨", dt.date(2020, 5, 13), None, "day"),
        ("日前", dt.date(2020, 5, 1), None, "month"),
        ("上月", dt.date(2020, 4, 1), None, "month"),
        ("2019年12月30日", dt.date(2019, 12, 30), None, "day"),
        ("12月30日", dt.date(2019, 12, 30), None, "day"),  # months ahead: the year before
        ("演习计划于明年举行", dt.date(2021, 1, 1), None, "year"),
        ("去年", dt.date(2019, 1, 1), None, "year"),
        ("今年5月", dt.date(2020, 5, 1), None, "month"),
        ("下个月", dt.date(2020, 6, 1), None, "month"),
        ("5 月 12 日", dt.date(2020, 5, 12), None, "day"),  # scraped copy spaces the figures
        ("2019 年 12 月 30 日", dt.date(2019, 12, 30), None, "day"),
    ],
)
def test_dates_resolved_against_publication(
    text: str, start: dt.date, end: dt.date | None, precision: str
) -> None:
    found = find_dates(text, PUBLISHED, 0, len(text))
    assert found, text
    span = found[0].span
    assert (span.start, span.end, span.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # The dateline is the day of the report; the event's own day follows it.
        (
            "新华社北京5月15日电 当地时间5月13日，第35批护航编队完成护航任务，护送商船抵达亚丁湾。\n",
            dt.date(2020, 5, 13),
        ),
        (
            "新華社開羅5月15日電 中國援助巴基斯坦1000台呼吸機移交儀式13日在伊斯蘭堡舉行。\n",
            dt.date(2020, 5, 13),
        ),
        (
            "中新网5月15日电 据国防部网站15日消息，中国军队于5月17日向汤加运送救灾物资。\n",
            dt.date(2020, 5, 17),
        ),
    ],
    ids=["local time", "traditional", "source"],
)
def test_an_events_date_is_never_its_datelines(rules: Extractor, text: str, day: dt.date) -> None:
    (event,) = extract(rules, text).events
    assert event.date is not None
    assert event.date.start == day


def test_an_event_dated_only_by_its_dateline_has_no_date(rules: Extractor) -> None:
    found = extract(rules, "新华社北京5月15日电 中国人民解放军向老挝军队援助了一批防疫物资。\n")
    (event,) = found.events
    assert event.date is None


def test_a_timeline_heading_dates_the_entry_under_it(rules: Extractor) -> None:
    """A line that is only "3月19日" heads what happened that day; an entry without a heading
    keeps no date."""
    text = (
        "疫情发生以来，中国军队向外国军队提供防疫援助。\n\n"
        "3月19日\n\n"
        "中国军队向伊朗武装力量提供的检测试剂盒运抵伊朗。\n\n"
        "4月24日\n\n"
        "中国人民解放军向缅甸军队援助了一批防护服。\n"
    )
    found = extract(rules, text)
    dated = {a.recipients[0].country: a.date.start if a.date else None for a in found.aid}
    assert dated == {"IRN": dt.date(2020, 3, 19), "MMR": dt.date(2020, 4, 24)}
    assert {e.date.start for e in found.events if e.date} >= {
        dt.date(2020, 3, 19),
        dt.date(2020, 4, 24),
    }


def test_a_date_line_alone_heads_the_line_under_it(rules: Extractor) -> None:
    """A story set one phrase per line opens with "当地时间5月13日" alone: the line under it
    is what happened that day."""
    text = "当地时间5月13日\n\n中国人民解放军向缅甸军队援助了一批防护服。\n"
    found = extract(rules, text)
    assert [a.date.start if a.date else None for a in found.aid] == [dt.date(2020, 5, 13)]


def test_a_vague_word_gives_way_to_the_day_written_later_in_the_event() -> None:
    """近日 is coded as its month only for want of a day (decision 10); when the event's next
    sentence gives "5月12日晚", that is its date. A day in another month does not replace it."""
    from chinatracker.extract.zh.analysis import analyse
    from chinatracker.extract.zh.events import _event_date

    def dated(text: str) -> dt.date | None:
        views = analyse(chinese(text)).sentences
        date = _event_date(views)
        return date.start if date else None

    told = "近日，一家中国企业表示将向泰国捐赠口罩。当地时间{}晚，该企业向泰国三家医院交付了5万枚口罩。\n"
    assert dated(told.format("5月12日")) == dt.date(2020, 5, 12)
    assert dated(told.format("4月28日")) == dt.date(2020, 5, 1)


def test_that_same_day_points_back_to_the_last_day_written(rules: Extractor) -> None:
    """当天 in a later sentence is the day of the sentence before (here one the source names,
    which is no date of its own): the aid record it adds to is dated by it."""
    text = (
        "据老挝国防部12日发布的消息，中国向老挝军队捐赠了一批医疗物资。"
        "这些物资由中国空军运输机于当天早晨运抵万象。\n"
    )
    (record,) = extract(rules, text).aid
    assert record.date is not None
    assert record.date.start == dt.date(2020, 5, 12)


# Aid frames ----------------------------------------------------------------------------------


def test_toward_frame_with_a_list_of_recipients_and_military_channel(rules: Extractor) -> None:
    found = extract(
        rules,
        "经中央军委批准，中国人民解放军于5月12日和13日向缅甸、老挝、柬埔寨三国军队提供"
        "3万只口罩和2000套防护服。\n",
    )
    assert len(found.aid) == 1
    delivery = found.aid[0]
    assert delivery.donor.channel == "military"
    assert [r.country for r in delivery.recipients] == ["MMR", "LAO", "KHM"]
    assert {(i.item, i.quantity) for i in delivery.items} == {
        ("masks", 30000),
        ("protective_suits", 2000),
    }
    assert delivery.date is not None
    assert (delivery.date.start, delivery.date.end) == (dt.date(2020, 5, 12), dt.date(2020, 5, 13))
    assert found.events[0].category == "diplomacy.military_aid"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("中国向伊斯兰堡运送一批呼吸机。\n", "PAK"),
        ("中国政府援助的一批抗疫物资抵达明斯克。\n", "BLR"),
        ("中国向格林纳达提供一批医疗物资。\n", "GRD"),
    ],
)
def test_a_capital_or_a_newly_listed_state_receives(
    rules: Extractor, text: str, country: str
) -> None:
    assert [r.country for a in extract(rules, text).aid for r in a.recipients] == [country]


def test_a_foreign_giver_named_as_such_stays_the_giver_when_its_receiver_receives(
    rules: Extractor,
) -> None:
    text = "11日，日本某市捐赠的口罩5000只抵达我市，这是我市第二次接收来自国外的捐赠物资。\n"
    found = extract(rules, text)
    assert [(a.donor.country, [r.country for r in a.recipients]) for a in found.aid] == [
        ("JPN", ["CHN"])
    ]
    assert not {e.category for e in found.events} & {"aid.medical", "diplomacy.military_aid"}


def test_a_list_naming_its_own_giver_is_that_giver_s_record(rules: Extractor) -> None:
    text = (
        "中国政府向伊朗派出一支抗疫医疗专家团队。"
        "专家组携带一批由福建省捐赠、当地急需的物资，包括呼吸机30台、口罩2万个。\n"
    )
    found = extract(rules, text).aid
    assert [(a.donor.channel, [r.country for r in a.recipients]) for a in found] == [
        ("government", ["IRN"]),  # 医疗专家团队: a team, counted as given
        ("subnational", ["IRN"]),
    ]
    assert ("ventilators", 30) in {(i.item, i.quantity) for i in found[1].items}


def test_traditional_text_gives_the_same_record_with_offsets_on_the_stored_text(
    rules: Extractor,
) -> None:
    text = "中國駐老撾大使館5月10日向老撾衛生部捐贈了5萬劑疫苗。\n"
    delivery = extract(rules, text).aid[0]
    assert delivery.donor.channel == "government"
    assert [r.country for r in delivery.recipients] == ["LAO"]
    assert delivery.recipients[0].institution_type == "health"
    evidence = delivery.evidence[0]
    assert text[evidence.start : evidence.end] == evidence.quote
    assert "捐贈" in evidence.quote


def test_on_request_names_the_recipient(rules: Extractor) -> None:
    found = extract(rules, "应汤加政府请求，中国政府派飞机运送一批救灾物资，物资已运抵。\n")
    assert [r.country for r in found.aid[0].recipients] == ["TON"]


def test_handover_ceremony_and_arrival(rules: Extractor) -> None:
    found = extract(
        rules,
        "中国援助斐济的医疗物资交接仪式5月14日在苏瓦举行，这批呼吸机昨天运抵。\n",
    )
    delivery = found.aid[0]
    assert delivery.donor.country == "CHN"
    assert delivery.status == "delivered"
    assert [r.country for r in delivery.recipients] == ["FJI"]


def test_a_purchase_is_a_sale_and_a_pledge_is_a_pledge(rules: Extractor) -> None:
    sale = extract(rules, "菲律宾政府采购的100万剂中国疫苗运抵马尼拉。\n").aid
    assert sale and all(a.mode == "sale" for a in sale)
    pledge = extract(rules, "中方将向尼泊尔提供10万剂疫苗。\n").aid
    assert pledge[0].mode == "pledge" and pledge[0].status == "pledged"


def test_aid_to_china_is_the_foreign_donor_s(rules: Extractor) -> None:
    found = extract(rules, "日本某县向武汉捐赠了2万只口罩。\n")
    assert found.aid[0].donor.country == "JPN"
    assert [r.country for r in found.aid[0].recipients] == ["CHN"]
    assert found.events == ()  # aid to China is no event (annotation decision 1)


def test_running_totals_are_not_deliveries(rules: Extractor) -> None:
    found = extract(rules, "截至目前，中国已向120多个国家提供了防疫物资。\n")
    assert found.aid == ()


def test_a_dateline_neither_gives_nor_dates(rules: Extractor) -> None:
    found = extract(
        rules, "新华社科伦坡5月14日电 中国人民解放军12日向斯里兰卡军队援助一批防疫物资。\n"
    )
    delivery = found.aid[0]
    assert delivery.donor.channel == "military"
    assert delivery.date is not None and delivery.date.start == dt.date(2020, 5, 12)


def test_an_item_list_in_the_next_sentence_joins_the_record(rules: Extractor) -> None:
    found = extract(rules, "中国红十字会向黎巴嫩捐赠一批物资。物资包括口罩1万只、护目镜500副。\n")
    assert len(found.aid) == 1
    assert ("goggles", 500) in {(i.item, i.quantity) for i in found.aid[0].items}


# Events ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "中国海军第40批护航编队5月12日从湛江起航，赴亚丁湾执行护航任务。",
            "projection.counter_piracy",
        ),
        ("中俄两军5月10日在日本海举行联合演习。", "diplomacy.exercises_port_calls"),
        ("国防部长5月13日同新加坡国防部长通电话。", "diplomacy.high_level"),
        ("中国第8批赴南苏丹维和步兵营5月9日获授联合国和平荣誉勋章。", "projection.peacekeeping"),
        ("5月11日，中印两军在边境地区发生对峙。", "projection.deployments"),
    ],
)
def test_event_cues(rules: Extractor, text: str, category: str) -> None:
    assert category in [e.category for e in extract(rules, text + "\n").events]


def test_events_months_before_publication_are_background(rules: Extractor) -> None:
    found = extract(rules, "2019年10月，中俄两军在日本海举行联合演习。\n")
    assert [e.status for e in found.events] == ["background"]


def test_the_learned_engine_reads_chinese_with_the_chinese_model() -> None:
    extractor = Extractor(engine="learned")
    if extractor.zh_model is None:
        pytest.skip("no Chinese model trained")
    found = extractor.extract(
        chinese("中国人民解放军5月12日向缅甸军队援助一批防疫物资，交接仪式在内比都举行。\n")
    )
    assert extractor.zh_model.version in found.extractor_version
    assert found.aid and found.aid[0].donor.channel == "military"
    assert all(0.0 <= e.confidence <= 1.0 for e in found.events)


def test_quotes_in_chinese_marks(rules: Extractor) -> None:
    found = extract(rules, "外交部发言人表示：“中方愿同各国一道加强合作，共同应对疫情。”\n")
    assert [q.text for q in found.quotes] == ["中方愿同各国一道加强合作，共同应对疫情。"]
    assert found.quotes[0].speaker is not None


def test_english_documents_never_reach_the_chinese_passes(rules: Extractor) -> None:
    document = chinese("China's PLA donated 10,000 masks to Myanmar's army on 12 May.\n", "en")
    found = rules.extract(document)
    assert found.aid and found.aid[0].donor.channel == "military"


def test_a_restating_aid_sentence_dates_the_undated_event_it_joins() -> None:
    """A lead that says China gives more vaccines, then 首批60万剂疫苗于2月7日运抵: one event,
    dated by the sentence that gives the day."""
    from chinatracker.extract.events import merge_restatements
    from chinatracker.records import DateSpan, Event, Evidence

    day = DateSpan(start=dt.date(2021, 2, 7), end=None, precision="day", text="2月7日")

    def event(start: int, date: DateSpan | None) -> Event:
        return Event(
            category="aid.medical",
            title="t",
            summary="s",
            date=date,
            countries=("KHM",),
            evidence=(Evidence(start=start, end=start + 10, quote="q"),),
            confidence=0.8,
        )

    (merged,) = merge_restatements(
        [event(0, None), event(20, day)], lambda a, b: True, nearest=True, fill_date=True
    )
    assert merged.date == day
    assert len(merged.evidence) == 2
    (english,) = merge_restatements([event(0, None), event(20, day)], lambda a, b: True)
    assert english.date is None  # other languages keep their rule: no borrowed dates
