"""Items, recipients and lists of Chinese aid records (`extract/zh/aid.py`): our own short texts
for each case, and real reports of zh_reports (train split) for what the gold records."""

from __future__ import annotations

from collections.abc import Callable

from tests.extract.zh.conftest import chinese

from chinatracker.evaluation.gold import GoldDocument
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import AidDelivery, Extraction


def figures(aid: AidDelivery | tuple[AidDelivery, ...]) -> set[tuple[str, float | None]]:
    records = aid if isinstance(aid, tuple) else (aid,)
    return {(i.item, i.quantity) for a in records for i in a.items}


def test_each_figure_of_one_item_is_its_own_line(extract: Callable[..., Extraction]) -> None:
    found = extract(
        "中国国防部向老挝军队捐赠了70000枚一次性医用口罩、9000个外科口罩和300套防护服。"
    )
    assert figures(found.aid) == {("masks", 70000), ("masks", 9000), ("protective_suits", 300)}


def test_a_figure_with_a_space_before_its_unit(extract: Callable[..., Extraction]) -> None:
    found = extract("中国红十字会向缅甸捐赠了500 台呼吸机和20 万个口罩。")
    assert figures(found.aid) == {("ventilators", 500), ("masks", 200000)}


def test_a_list_pointing_back_joins_its_record_sentences_later(
    extract: Callable[..., Extraction],
) -> None:
    text = (
        "当地时间3月18日，福建省向意大利普拉托一家医院捐赠了一批医用物资。"
        "医院院长出席了捐赠仪式。侨团会长在仪式上致辞。他感谢各方的支持。"
        "这批医疗物资包括2000个口罩、800件防护服。"
    )
    (record,) = extract(text).aid
    assert figures(record) == {("masks", 2000), ("protective_suits", 800)}
    assert len(record.evidence) == 2


def test_a_gift_with_no_country_named_goes_to_the_headlines_country(
    extract: Callable[..., Extraction],
) -> None:
    found = extract(
        "专家组随行携带一批由福建省捐赠的医疗物资，包括呼吸机30台、防护服3000套。",
        title="第三批抗疫医疗专家组启程赴意大利",
    )
    (record,) = found.aid
    assert [r.country for r in record.recipients] == ["ITA"]
    assert record.donor.channel == "subnational"


def test_a_regional_body_receives_when_no_country_is_named(
    extract: Callable[..., Extraction],
) -> None:
    found = extract("4月20日，马云公益基金会宣布将向非盟捐赠460万个口罩和300台呼吸机。")
    (record,) = found.aid
    (recipient,) = record.recipients
    assert (recipient.country, recipient.region, recipient.name) == (
        None,
        "Africa",
        "African Union",
    )
    assert record.donor.channel == "private"


def test_goods_after_a_purchase_are_more_of_it(extract: Callable[..., Extraction]) -> None:
    text = (
        "印度尼西亚政府向中国科兴公司订购的第一批新冠疫苗抵达雅加达。"
        "印度尼西亚总统说，多达120万剂疫苗6日运抵该国。"
    )
    assert {a.mode for a in extract(text).aid} == {"sale"}


# Real reports -------------------------------------------------------------------------------------


def test_sri_lanka_list_gives_both_mask_lines(
    report: Callable[[str], GoldDocument], combined: Extractor
) -> None:
    gold = report("040-pla-sri-lanka-y20-2020-05")
    found = combined.extract(gold.document)
    lines = figures(tuple(a for a in found.aid if a.recipients[0].country == "LKA"))
    assert {("masks", 70000), ("masks", 9000), ("goggles", 6300)} <= lines


def test_prato_list_four_sentences_after_its_gift(
    report: Callable[[str], GoldDocument], combined: Extractor
) -> None:
    gold = report("016-prato-hospital-2020-03")
    found = combined.extract(gold.document)
    assert {("protective_suits", 790), ("protective_suits", 200), ("gloves", 38000)} <= figures(
        found.aid
    )


def test_fujian_team_supplies_go_to_italy_from_the_headline(
    report: Callable[[str], GoldDocument], combined: Extractor
) -> None:
    gold = report("017-fujian-italy-team3-2020-03")
    found = combined.extract(gold.document)
    fujian = [a for a in found.aid if a.donor.name == "Fujian Province"]
    assert fujian and {r.country for r in fujian[0].recipients} == {"ITA"}
    assert {("ventilators", 30), ("masks", 300000)} <= figures(fujian[0])


def test_a_headline_about_aid_to_china_lends_no_receiver(
    report: Callable[[str], GoldDocument], combined: Extractor
) -> None:
    gold = report("003-nagasaki-to-china-2020-02")
    found = combined.extract(gold.document)
    assert not any(
        a.donor.country == "CHN" and any(r.country == "JPN" for r in a.recipients)
        for a in found.aid
    )


def test_praise_for_an_earlier_gift_is_no_delivery(extract: Callable[..., Extraction]) -> None:
    found = extract("他说，我们赞赏马云公益基金会向埃塞俄比亚捐赠50万个口罩的善举。")
    assert found.aid == ()


def test_a_sentence_pointing_back_to_the_batch_is_the_same_record(
    extract: Callable[..., Extraction],
) -> None:
    """An attaché handing over 这批物资, or the ambassador weighing 此批物资, tells the PLA's gift
    again: one military record, not a second, government one."""
    text = (
        "5月12日，中国人民解放军向老挝军队捐赠了一批防疫物资。"
        "中国驻老挝大使馆武官在机场将这批医疗物资正式移交给老挝国防部。"
        "中国驻老挝大使在交接仪式上表示，此批抗疫物资超过10吨。"
    )
    (record,) = extract(text).aid
    assert record.donor.channel == "military"
    assert len(record.evidence) == 3


def test_a_batch_of_several_named_givers_stays_one_record_per_giver(
    extract: Callable[..., Extraction],
) -> None:
    """这批物资由甲和乙援助: the gold counts one record per co-giver, so the sentence that names
    them is not folded into the record it points back to."""
    text = (
        "4月22日，老挝官方从中国驻老挝大使馆接收中国援老第二批抗疫物资。"
        "这批物资由中国国家国际发展合作署和中国商务部援助。"
    )
    assert len(extract(text).aid) == 2


def test_gifts_of_many_givers_one_after_another_are_no_delivery(
    extract: Callable[..., Extraction],
) -> None:
    """纷纷, 多次 and 各类…援助 sum up gifts (a negative in the gold), not one delivery."""
    found = extract(
        "5月12日，中国国防部向菲律宾军队捐赠了一批口罩。"
        "中国企业和个人也纷纷向菲律宾人民伸出援助之手，捐赠了大量抗疫物资。"
        "在菲的中资企业已多次为当地捐赠了抗疫物资。"
        "中方积极向东盟国家提供包括检测试剂、防护用品等各类物资援助。"
    )
    (record,) = found.aid
    assert record.donor.channel == "military"


def test_china_named_in_general_restates_the_body_that_gave(
    extract: Callable[..., Extraction],
) -> None:
    """中方捐助的医疗物资 after the consulate's gift is that gift, not a second, government one."""
    text = (
        "3月30日，中国驻俄罗斯符拉迪沃斯托克总领事馆向俄罗斯滨海边疆区政府捐助5万只口罩。"
        "领区内的侨胞表示支持。中方捐助的医疗物资将有助于保护当地居民的健康。"
    )
    (record,) = extract(text).aid
    assert len(record.evidence) == 2


def test_a_gift_on_another_day_is_another_delivery(extract: Callable[..., Extraction]) -> None:
    """The same giver and receiver on another day (the first batch on 3月7日, the third on
    20日) are two deliveries, whatever the figures."""
    text = (
        "4月20日，中国援助伊拉克的第三批防疫物资运抵巴格达。"
        "应伊拉克红新月会请求，中国红十字会派遣的医疗专家组3月7日抵达伊拉克，并带去了防疫物资。"
    )
    dates = sorted(a.date.start for a in extract(text).aid if a.date)
    assert len(dates) == 2


def test_a_body_named_as_chinas_stays_chinese_after_a_foreign_country(
    extract: Callable[..., Extraction],
) -> None:
    """抵达巴基斯坦的中国政府援巴医疗专家组 is China's team, not Pakistan's government: 中国政府
    after 巴基斯坦的 names China in its own name."""
    text = (
        "3月31日，北京某慈善基金会向巴基斯坦捐赠了一批口罩。"
        "4月1日，于上月28日抵达巴基斯坦的中国政府援巴医疗专家组在当地医院与巴方医务人员交流。"
    )
    channels = {a.donor.channel for a in extract(text).aid}
    assert channels == {"private", "government"}


def test_a_sentence_with_no_giver_goes_on_from_the_sentence_before(rules: Extractor) -> None:
    """The overseas Chinese who raised the money are the ones who sent the masks; a news site
    named 中国侨网 is no government giver, and a local association (当地居民协会) no Chinese one."""
    text = (
        "3月30日，居住在奥伦塞的华侨华人筹集了2万欧元，用于购买防护物资。"
        "目前，已向当地的医护人员送去了一批口罩和手套。"
        "当地居民协会主席表示，他们想确保这些物资能够送达给医疗工作者。"
    )
    document = chinese(text, "西班牙华侨华人为当地捐防疫物资")
    found = rules.extract(document.model_copy(update={"publisher": "中国侨网"}))
    assert {a.donor.channel for a in found.aid} == {"diaspora"}


def test_two_figures_joined_before_one_item_both_count_it(
    extract: Callable[..., Extraction],
) -> None:
    found = extract(
        "中国驻俄罗斯总领事馆分别向俄罗斯两地政府捐助5万只和3万只医用防护口罩。"
        "当地的华人教会还向意大利铁路警察赠予200只、边防警察250只口罩。"
    )
    assert {("respirators", 50000), ("respirators", 30000), ("masks", 200)} <= figures(found.aid)


def test_a_weight_is_no_count_of_the_goods(extract: Callable[..., Extraction]) -> None:
    """此批物资超35吨 weighs the batch: its goods get no figure (the unit stays tonnes)."""
    found = extract("中国政府援助埃及的第三批抗疫物资16日运抵开罗，此批抗疫物资超35吨。")
    assert all(i.quantity is None for a in found.aid for i in a.items)


def test_a_team_counts_its_people_not_its_teams_nor_its_trainees(
    extract: Callable[..., Extraction],
) -> None:
    teams = extract("中国人民解放军派出三支军队抗疫专家组分别赴巴基斯坦、缅甸、老挝三国。")
    assert ("medical_teams", 3) not in figures(teams.aid)
    trained = extract(
        "中方向伊拉克派出一个由7人组成的中国医疗专家组，已在伊拉克培训1000余名医务人员。"
    )
    assert ("medical_teams", 7) in figures(trained.aid)
    assert ("medical_teams", 1000) not in figures(trained.aid)


def test_a_batch_of_doses_is_vaccines(extract: Callable[..., Extraction]) -> None:
    """新一批30万剂 counts vaccines with no item word; 增至130万剂 is a total, not a batch."""
    found = extract("中方同意将援助从100万剂增至130万剂，新一批30万剂将于3月31日运抵柬埔寨。")
    assert figures(found.aid) == {("vaccines", 300000)}


def test_shoe_covers_pumps_and_thermometers_are_items(extract: Callable[..., Extraction]) -> None:
    found = extract(
        "中国国防部向斯里兰卡军队捐赠的物资包括9000个一次性医用靴套、30个输液泵、"
        "70个红外温度计和2个红外测温头盔。"
    )
    assert figures(found.aid) == {
        ("other", 9000),
        ("medical_equipment", 30),
        ("thermometers", 70),
        ("thermometers", 2),
    }


def test_co_givers_of_other_channels_are_a_record_each(
    extract: Callable[..., Extraction],
) -> None:
    """A chamber of commerce and a state firm listed as the givers of one gift: a diaspora and
    an SOE record (docs/annotation.md, joint donors)."""
    found = extract("老挝中国商会、中国电建4月14日向老挝琅勃拉邦省政府捐赠了一批口罩。")
    assert {a.donor.channel for a in found.aid} == {"diaspora", "soe"}


def test_a_provincial_federation_with_diaspora_associations(
    extract: Callable[..., Extraction],
) -> None:
    """福建省侨联 is the province's body (subnational); 携同 lists the associations with it, and
    the giver named last before the comma does not hide the first."""
    found = extract(
        "3月18日，福建省侨联携同旅意福建华侨华人同乡总会、旅意华企文化交流协会，"
        "将一批医用物资捐赠给意大利普拉托一家医院。"
    )
    assert {a.donor.channel for a in found.aid} == {"subnational", "diaspora"}
