"""Actor registry: lookups, hierarchy, channels and recipient institution types."""

import pytest

from chinatracker.reference.actors import actor_index, ancestors, institution_type_for, lookup_actor


def test_pla_navy_rolls_up_to_the_cmc() -> None:
    assert ancestors("plan") == ("pla", "cmc")
    assert ancestors("ccg") == ("pap", "cmc")
    assert ancestors("wuhan") == ("hubei",)
    assert ancestors("cmc") == ()


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("PLA Navy", "plan"),
        ("PLAN", "plan"),
        ("People's Liberation Army", "pla"),
        ("PLAAF", "plaaf"),
        ("PLARF", "plarf"),
        ("PLASSF", "plassf"),
        ("Central Military Commission", "cmc"),
        ("CMC", "cmc"),
        ("MND", "mnd"),
        ("PAP", "pap"),
        ("China Coast Guard", "ccg"),
        ("National Health Commission", "nhc"),
        ("CIDCA", "cidca"),
        ("MFA", "mfa"),
        ("NDRC", "ndrc"),
        ("SASAC", "sasac"),
        ("CCDI", "ccdi"),
        ("NPCSC", "npcsc"),
        ("NPC", "npc"),
        ("CNSA", "cnsa"),
        ("NORINCO", "norinco"),
        ("AVIC", "avic"),
        ("CSIC", "csic"),
        ("CSSC", "cssc"),
        ("CETC", "cetc"),
        ("COSCO", "cosco"),
        ("Sinopharm", "sinopharm"),
        ("Sinovac", "sinovac"),
        ("CanSino", "cansino"),
        ("BGI", "bgi"),
        ("Huawei", "huawei"),
        ("ZTE", "zte"),
        ("Alibaba Foundation", "alibaba-foundation"),
        ("Jack Ma Foundation", "jack-ma-foundation"),
        ("Tencent", "tencent"),
        ("Mindray", "mindray"),
        ("BYD", "byd"),
        ("Xiaomi", "xiaomi"),
        ("China Red Cross", "rcsc"),
        ("Red Cross Society of China", "rcsc"),
        ("Hubei", "hubei"),
        ("Hubei provincial government", "hubei"),
        ("Wuhan", "wuhan"),
        ("Shenzhen", "shenzhen"),
        ("Xinjiang", "xinjiang"),
        ("Beijing", "prc-government"),
        ("Beijing municipal government", "beijing"),
        ("WHO", "who"),
        ("UNMISS", "unmiss"),
        ("African Union", "au"),
        ("Africa CDC", "africa-cdc"),
        ("Pentagon", "us-dod"),
        ("JASDF", "jasdf"),
        ("Indian Army", "indian-army"),
        ("Check Point", "check-point"),
        ("Equifax", "equifax"),
        ("Zimbabwe Defence Forces", "zdf"),
        ("COVAX", "covax"),
        ("a donation by the Jack Ma Foundation", "jack-ma-foundation"),
    ],
)
def test_lookup_actor(text: str, actor_id: str) -> None:
    actor = lookup_actor(text)
    assert actor is not None, text
    assert actor.id == actor_id


def test_generic_words_are_not_actors() -> None:
    assert lookup_actor("who") is None
    assert lookup_actor("a plan to help") is None
    assert lookup_actor("Japan's MFA") is None  # "MFA" alone is only the Chinese one


@pytest.mark.parametrize(
    ("text", "actor_id", "host_iso3"),
    [
        ("the Chinese Embassy in Zimbabwe handed over masks on Tuesday", "chinese-embassy", "ZWE"),
        ("the Chinese embassy in the Philippines", "chinese-embassy", "PHL"),
        ("the Chinese embassy in Harare", "chinese-embassy", "ZWE"),
        ("Chinese Ambassador to Serbia Chen Bo", "chinese-embassy", "SRB"),
        ("Embassy of the People's Republic of China in Cambodia", "chinese-embassy", "KHM"),
        ("overseas Chinese in Milan", "overseas-chinese", "ITA"),
        ("the Italian Chinese community", "overseas-chinese", "ITA"),
    ],
)
def test_generic_actors_capture_the_host_country(text: str, actor_id: str, host_iso3: str) -> None:
    match = actor_index().match_actor(text)
    assert match is not None
    assert (match.actor.id, match.host_iso3) == (actor_id, host_iso3)


def test_channels() -> None:
    index = actor_index()
    assert index.channel_of("plan") == "military"
    assert index.channel_of("pap") == "military"
    assert index.channel_of("nhc") == "government"
    assert index.channel_of("guangdong") == "subnational"
    assert index.channel_of("sinopharm") == "soe"
    assert index.channel_of("jack-ma-foundation") == "private"
    assert index.channel_of("overseas-chinese") == "diaspora"
    assert index.channel_of("who") is None
    hong_kong = lookup_actor("Hong Kong SAR government")
    assert hong_kong is not None
    assert (hong_kong.channel, hong_kong.country) == ("subnational", "HKG")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Zimbabwe Defence Forces", "defense"),
        ("Serbia's health ministry", "health"),
        ("the Ministry of Health and Child Care", "health"),
        ("Pakistan Army", "defense"),
        ("Cambodian Ministry of National Defence", "defense"),
        ("military hospital in Belgrade", "defense"),
        ("Belgrade city hall", "government"),
        ("Red Crescent of Iran", "civil_society"),
        ("University of Nairobi", "civil_society"),
        ("WHO", "international_org"),
        ("Africa CDC", "health"),
        ("Philippine Coast Guard", "defense"),
        ("Kenyatta National Hospital", "health"),
    ],
)
def test_institution_type_for(text: str, kind: str) -> None:
    assert institution_type_for(text) == kind


def test_unknown_recipient_has_no_type() -> None:
    assert institution_type_for("Mr Smith") is None
