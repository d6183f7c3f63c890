"""Quantities: counted nouns, money, percentages, and the numbers that are not quantities.

Sentences here are our own; real text is read in place from ../shared/corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chinatracker.extract.quantities import find_quantities, normalise_unit
from chinatracker.records import Quantity


def only(text: str) -> Quantity:
    """The single quantity in `text`."""
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def pairs(text: str) -> list[tuple[float, str]]:
    return [(q.value, q.unit) for q in find_quantities(text)]


def assert_well_formed(text: str, found: list[Quantity]) -> None:
    """Offsets point at the quantity's text, in order, without overlaps."""
    previous_end = -1
    for q in found:
        assert q.text == text[q.start : q.end]
        assert q.start >= previous_end
        assert q.unit
        previous_end = q.end


# --- counted nouns -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "value", "unit", "text"),
    [
        ("The army received 62,000 masks last week.", 62000, "mask", "62,000 masks"),
        ("They also got 19,000 pieces of PPE.", 19000, "ppe", "19,000 pieces of PPE"),
        ("China kept 1,073 personnel there.", 1073, "personnel", "1,073 personnel"),
        ("Jets were scrambled 675 times that year.", 675, "time", "675 times"),
        ("By June, 94 such patrols had been held.", 94, "patrol", "94 such patrols"),
        ("Planes flew to 46 countries.", 46, "country", "46 countries"),
        ("In the clash 20 Indian soldiers died.", 20, "soldier", "20 Indian soldiers"),
        ("Officials called 12 different countries.", 12, "country", "12 different countries"),
        ("It served in 25 different UN missions.", 25, "mission", "25 different UN missions"),
        ("The court freed eight Taiwanese suspects.", 8, "suspect", "eight Taiwanese suspects"),
        ("The navy held five joint exercises.", 5, "exercise", "five joint exercises"),
        ("Beijing sent two planeloads of gloves.", 2, "planeload", "two planeloads"),
        ("They scheduled two rounds of talks.", 2, "round", "two rounds"),
        ("A lab shipped 150k test kits abroad.", 150000, "test kit", "150k test kits"),
        ("Four international organisations joined.", 4, "international organisation", None),
        ("It donated 100 sets of ventilators.", 100, "ventilator", "100 sets of ventilators"),
        ("Some 300 servicemen took part.", 300, "serviceman", "Some 300 servicemen"),
        ("The team counted 30 NGOs.", 30, "ngo", "30 NGOs"),
        ("A crowd of 2,500 people gathered.", 2500, "people", "2,500 people"),
        ("Twenty-five ships sailed past.", 25, "ship", "Twenty-five ships"),
        ("It built two Chinese-made S-26T submarines.", 2, "submarine", None),
        ("Two Chinese Coast Guard ships gave chase.", 2, "ship", None),
        ("They lost two aircraft carriers.", 2, "aircraft carrier", "two aircraft carriers"),
    ],
)
def test_counted_noun_is_singular_head_noun(
    sentence: str, value: float, unit: str, text: str | None
) -> None:
    q = only(sentence)
    assert (q.value, q.unit, q.currency) == (value, unit, None)
    if text is not None:
        assert q.text == text
    assert q.text == sentence[q.start : q.end]


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Factories made 1.5 million masks.", 1_500_000, "mask"),
        ("Factories made two million masks.", 2_000_000, "mask"),
        ("Factories made a million masks.", 1_000_000, "mask"),
        ("Factories made half a million gloves.", 500_000, "glove"),
        ("Factories made one million gowns.", 1_000_000, "gown"),
        ("The air force held a dozen drills.", 12, "drill"),
        ("The air force held two dozen drills.", 24, "drill"),
        ("It hired two hundred thousand workers.", 200_000, "worker"),
    ],
)
def test_scale_words_multiply_the_number(sentence: str, value: float, unit: str) -> None:
    assert pairs(sentence) == [(value, unit)]


def test_qualifier_keeps_value_and_is_part_of_text() -> None:
    text = "It sent more than 40,000 personnel, over a dozen drills and nearly 2,500 medics."
    found = find_quantities(text)
    assert [(q.value, q.unit, q.text) for q in found] == [
        (40000, "personnel", "more than 40,000 personnel"),
        (12, "drill", "over a dozen drills"),
        (2500, "medic", "nearly 2,500 medics"),
    ]


def test_around_keeps_value() -> None:
    assert only("Around 2,500 personnel stayed.").value == 2500


@pytest.mark.parametrize(
    "sentence",
    [
        "Tens of thousands of people protested.",
        "Dozens of soldiers were hurt.",
        "Hundreds of ships sailed and thousands of masks arrived.",
        "Millions of doses were shipped.",
    ],
)
def test_vague_amounts_are_skipped(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_twice_counts_two_times_but_not_as_multiplier() -> None:
    assert pairs("The carrier sailed through twice in April.") == [(2, "time")]
    assert find_quantities("Exports were twice as high and three times as large.") == []


def test_hyphenated_measures() -> None:
    text = "A five-year campaign, a 330 meter-long pier and a 12-month period."
    assert pairs(text) == [(5, "year"), (330, "meter"), (12, "month")]


def test_five_star_and_two_thirds_have_no_unit() -> None:
    assert find_quantities("A 5-star hotel took two-thirds of the rooms.") == []


def test_measure_abbreviations() -> None:
    assert pairs("The line is 5 km long, runs at 300 MW and carried 156kg.") == [
        (5, "km"),
        (300, "MW"),
        (156, "kg"),
    ]


def test_pounds_without_scale_are_weight_with_scale_money() -> None:
    assert pairs("They shipped 500 pounds of rice.") == [(500, "pound")]
    assert only("It cost 20 million pounds.").currency == "GBP"


# --- money ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "value", "code"),
    [
        ("$50 million", 5e7, "USD"),
        ("US$1.2 billion", 1.2e9, "USD"),
        ("1.27 trillion CNY", 1.27e12, "CNY"),
        ("1.27 trillion yuan", 1.27e12, "CNY"),
        ("RMB 3 billion", 3e9, "CNY"),
        ("RMB3 billion", 3e9, "CNY"),
        ("¥3 billion", 3e9, "CNY"),
        ("¥3 billion yen", 3e9, "JPY"),
        ("€1.3 million", 1.3e6, "EUR"),
        ("1.3 million euros", 1.3e6, "EUR"),
        ("£20m", 2e7, "GBP"),
        ("RWF 53 million", 5.3e7, "RWF"),
        ("2 billion kips", 2e9, "LAK"),
        ("PHP 500 million", 5e8, "PHP"),
        ("P500 million", 5e8, "PHP"),
        ("₱500 million", 5e8, "PHP"),
        ("P6.352-trillion", 6.352e12, "PHP"),
        ("500 million pesos", 5e8, "PHP"),
        ("500 million Mexican pesos", 5e8, "MXN"),
        ("500 million Argentine pesos", 5e8, "ARS"),
        ("Rp 5 trillion", 5e12, "IDR"),
        ("5 trillion rupiah", 5e12, "IDR"),
        ("5 billion baht", 5e9, "THB"),
        ("S$3 million", 3e6, "SGD"),
        ("HK$4 billion", 4e9, "HKD"),
        ("NT$5 billion", 5e9, "TWD"),
        ("A$6 million", 6e6, "AUD"),
        ("C$7 million", 7e6, "CAD"),
        ("8 billion Hong Kong dollars", 8e9, "HKD"),
        ("5 billion rupees", 5e9, "INR"),
        ("5 billion Pakistani rupees", 5e9, "PKR"),
        ("5 billion Sri Lankan rupees", 5e9, "LKR"),
        ("Tk 500 crore", 5e9, "BDT"),
        ("4 billion taka", 4e9, "BDT"),
        ("5 trillion dong", 5e12, "VND"),
        ("3 billion ringgit", 3e9, "MYR"),
        ("RM3 billion", 3e9, "MYR"),
        ("9 billion kyat", 9e9, "MMK"),
        ("7 billion riel", 7e9, "KHR"),
        ("5 billion naira", 5e9, "NGN"),
        ("3 billion rand", 3e9, "ZAR"),
        ("4 billion shillings", 4e9, "KES"),
        ("4 billion Tanzanian shillings", 4e9, "TZS"),
        ("4 billion Ugandan shillings", 4e9, "UGX"),
        ("6 million cedis", 6e6, "GHS"),
        ("8 billion birr", 8e9, "ETB"),
        ("USD 50,000", 5e4, "USD"),
        ("$5bn", 5e9, "USD"),
    ],
)
def test_money_value_and_iso_code(phrase: str, value: float, code: str) -> None:
    sentence = f"The ministry said it had set aside {phrase} for the project."
    q = only(sentence)
    assert q.value == pytest.approx(value)
    assert (q.unit, q.currency, q.text) == (code, code, phrase)


def test_money_qualifier_is_part_of_text() -> None:
    q = only("Investment of at least $1.44 billion was promised.")
    assert (q.text, q.value, q.currency) == ("at least $1.44 billion", 1.44e9, "USD")


def test_currency_code_glued_to_digits_is_a_name() -> None:
    assert find_quantities("Delegates met at COP29 and PHP 8 was released.") == []


# --- percentages ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("6.6 percent", 6.6),
        ("6.6 per cent", 6.6),
        ("6.6%", 6.6),
        ("11.8percent", 11.8),
        ("up 5.8 percent", 5.8),
    ],
)
def test_percent_spellings(phrase: str, value: float) -> None:
    q = only(f"Spending rose {phrase} this year.")
    assert (q.value, q.unit, q.currency) == (value, "percent", None)


def test_percentage_points_are_their_own_unit() -> None:
    assert pairs("The rate fell 0.5 percentage points.") == [(0.5, "percentage point")]


# --- not quantities ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "The plan dates from 2020.",
        "The plan dates from 2020 and talks began on June 15.",
        "They met on 15 June and again on Oct. 5 in Beijing.",
        "The 34th and 35th escort task forces sailed.",
        "The Type 055 destroyer and the Type 075 ship were launched.",
        "The Long March 3B rocket failed.",
        "The PCL-181 howitzer and HJ-12E missiles were shown.",
        "KJ-500 aircraft, S-26T submarines and VT-4 tanks.",
        "The COVID-19 and Covid-19 outbreak.",
        "The G20 summit discussed 5G networks and F-16 jets.",
        "Article 5 of the treaty and No. 7 of the tracker.",
        "It was tied to the 78020 unit of the PLA.",
        "Since 1990 China has deployed troops.",
        "He said 3 and left.",
        "Call +66 2 123 4567 at 01:59 for version 2.5.1.",
        "PUBLISHED : 24 Oct 2024 at 01:59",
        "The Haiyang Dizhi 8 survey ship returned.",
        "The talks were held on February 9-10 and in 2019-20.",
        "One of the ships left one day later.",
        "The move cut spending by one third.",
    ],
)
def test_years_dates_names_and_bare_numbers_are_not_quantities(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_spelled_number_after_a_name_still_counts() -> None:
    assert pairs("US ships sailed through the Taiwan Strait seven times.") == [(7, "time")]


# --- ranges --------------------------------------------------------------------------------------
def test_between_range_gives_two_quantities_sharing_the_unit() -> None:
    found = find_quantities("It deployed between 2,000 and 3,000 troops.")
    assert [(q.value, q.unit, q.text) for q in found] == [
        (2000, "troop", "2,000"),
        (3000, "troop", "3,000 troops"),
    ]


def test_and_without_between_is_not_a_range() -> None:
    assert pairs("It lost 20 and then 30 tanks.") == [(30, "tank")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It sent 2,000-3,000 troops.", [(2000, "troop"), (3000, "troop")]),
        ("It sent 2,000 to 3,000 troops.", [(2000, "troop"), (3000, "troop")]),
        ("It costs $1-2 billion.", [(1e9, "USD"), (2e9, "USD")]),
        ("Growth of 5-10 percent.", [(5, "percent"), (10, "percent")]),
        ("Two or three ships.", [(2, "ship"), (3, "ship")]),
        ("Between 2 and 3 million masks.", [(2e6, "mask"), (3e6, "mask")]),
    ],
)
def test_range_forms_share_unit_and_scale(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert pairs(sentence) == expected


# --- offsets and windows -------------------------------------------------------------------------
def test_window_returns_absolute_offsets_inside_it() -> None:
    text = "First 10 ships. Then 20 planes and 30 tanks."
    start = text.index("Then")
    end = text.index(" and")
    found = find_quantities(text, start, end)
    assert [(q.value, q.unit, q.start, q.end) for q in found] == [
        (20, "plane", text.index("20"), text.index("20") + len("20 planes"))
    ]


def test_unit_never_comes_from_the_next_line() -> None:
    assert find_quantities("Share\n1\nComments are welcome") == []


def test_offsets_are_exact_on_invented_sentences() -> None:
    text = (
        "Over 40,000 personnel\u00a0served; 30\u00a0years on, it pledged US$ 1.2 billion, "
        "about 2,500 people and 6.6 % growth, plus 19,000 pieces of PPE."
    )
    found = find_quantities(text)
    assert len(found) == 6
    assert_well_formed(text, found)


# --- normalise_unit ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("noun", "unit"),
    [
        ("masks", "mask"),
        ("Masks", "mask"),
        ("countries", "country"),
        ("pieces of PPE", "ppe"),
        ("sets of ventilators", "ventilator"),
        ("PPE", "ppe"),
        ("personal protective equipment", "ppe"),
        ("personnel", "personnel"),
        ("people", "people"),
        ("times", "time"),
        ("patches", "patch"),
        ("boxes", "box"),
        ("servicemen", "serviceman"),
        ("women", "woman"),
        ("crises", "crisis"),
        ("testing kits", "test kit"),
        ("test kits", "test kit"),
        ("Indian soldiers", "soldier"),
        ("joint exercises", "exercise"),
        ("international_organisation", "international organisation"),
        ("geographical features", "geographical feature"),
        ("CNY", "CNY"),
        ("percent", "percent"),
        ("", ""),
    ],
)
def test_normalise_unit(noun: str, unit: str) -> None:
    assert normalise_unit(noun) == unit


# --- real text, read in place --------------------------------------------------------------------
SEED_003 = "003_b5431f1753da667a.txt"


def read_seed(corpus: Path, name: str) -> str:
    path = corpus / "seeds" / name
    if not path.is_file():
        pytest.skip(f"seed {name} not found")
    return path.read_text(encoding="utf-8")


def test_seed_003_known_quantities(shared_corpus: Path) -> None:
    found = pairs(read_seed(shared_corpus, SEED_003))
    for expected in [
        (62000, "mask"),
        (19000, "ppe"),
        (1.27e12, "CNY"),
        (6.6, "percent"),
        (11.8, "percent"),
        (1073, "personnel"),
        (94, "patrol"),
        (675, "time"),
        (46, "country"),
        (40000, "personnel"),
        (5.8, "percent"),
    ]:
        assert expected in found


def test_seed_003_no_quantity_from_designations_or_dates(shared_corpus: Path) -> None:
    text = read_seed(shared_corpus, SEED_003)
    found = find_quantities(text)
    for name in ["Type 055", "Type 075", "Type 094", "PCL-181", "Long March 3B", "June 15", "2049"]:
        for at in [i for i in range(len(text)) if text.startswith(name, i)]:
            assert not any(q.start < at + len(name) and at < q.end for q in found), name
    assert all(q.value not in (2020, 2019, 1990) for q in found)


def test_all_seeds_offsets_are_exact(shared_corpus: Path) -> None:
    seeds = sorted((shared_corpus / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("no seed articles")
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        assert_well_formed(text, find_quantities(text))


def test_china_media_offsets_are_exact(shared_corpus: Path) -> None:
    path = shared_corpus / "china_media" / "articles.jsonl"
    if not path.is_file():
        pytest.skip("china_media corpus not found")
    with path.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for _, line in zip(range(150), lines, strict=False)]
    for text in texts:
        found = find_quantities(text)
        assert_well_formed(text, found)
        assert all(q.value > 0 or q.unit == "percent" for q in found)
        assert all(q.currency in (None, q.unit) for q in found)


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("The ministry handed over 200 000 masks.", 200000, "mask"),  # space grouping
        ("The ministry handed over 200\u202f000 masks.", 200000, "mask"),  # narrow no-break space
        ("The embassy gave 1,00,000 doses.", 100000, "dose"),  # Indian grouping
        ("The embassy gave 10,00,000 doses.", 1000000, "dose"),
        ("Beijing sent 1.5m doses last week.", 1500000, "dose"),
        ("Beijing sent 2m masks last week.", 2000000, "mask"),
    ],
)
def test_number_formats_of_real_text(sentence: str, value: float, unit: str) -> None:
    assert pairs(sentence) == [(value, unit)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The towers are 20m high.",  # metres, not millions
        "Engineers built 20m high towers.",
        "A 20m wall was built.",
    ],
)
def test_attached_m_without_a_counted_noun_is_not_a_million(sentence: str) -> None:
    assert pairs(sentence) == []


def test_space_grouping_does_not_join_a_year_or_a_code() -> None:
    assert pairs("In 2021 500 masks arrived.") == [(500, "mask")]


def test_items_named_by_the_annotators_other_kinds() -> None:
    from chinatracker.extract.items import find_items

    found = find_items(
        "2,000 KN90 face masks, 300 packs of tissue, 20 bottles of hand sanitiser, "
        "1 000 quick-test kits and 500 hospital shoe covers"
    )
    assert [i.item for i in found] == ["respirators", "other", "other", "test_kits", "other"]


def test_a_year_right_before_an_item_is_no_count() -> None:
    from chinatracker.extract.items import ItemMention, quantity_for

    text = "In 2020 medical supplies arrived; they counted 400 protective equipment."
    supplies = ItemMention("other", text.index("medical"), text.index(" arrived"), "")
    ppe = text.index("protective")
    assert quantity_for(supplies, [], text) is None
    assert quantity_for(ItemMention("ppe", ppe, len(text) - 1, ""), [], text) == 400
