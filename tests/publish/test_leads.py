"""Lead lines: datelines and Markdown removed, sentences split where a reader would."""

from __future__ import annotations

from chinatracker.publish.leads import clean, sentences


def test_datelines_are_removed() -> None:
    assert (
        clean("BEIJING, June 5 (Demo Wire) -- With the approval of the CMC, planes flew.")
        == "With the approval of the CMC, planes flew."
    )
    assert (
        clean("KUALA LUMPUR / SHENZHEN -- The Tencent Foundation delivered.")
        == "The Tencent Foundation delivered."
    )
    assert (
        clean("**Second consignment.** A further 1 million masks.")
        == "Second consignment. A further 1 million masks."
    )


def test_sentences_keep_abbreviated_dates_together() -> None:
    text = "Toyokawa had donated 4,500 masks on Feb. 4, when hospitals ran short. Its mayor asked for some back."
    assert sentences(text) == [
        "Toyokawa had donated 4,500 masks on Feb. 4, when hospitals ran short.",
        "Its mayor asked for some back.",
    ]


def test_an_event_told_in_chinese_leads_in_english_with_its_chinese_evidence() -> None:
    """The report is in English: the Chinese headline is not the lead, the English title built
    from the fields is, and the Chinese sentences stay as the body (our own text)."""
    import datetime as dt

    from chinatracker.publish.leads import lead_of
    from chinatracker.resolve.records import CanonicalEvent, DocumentInfo, Member

    source = DocumentInfo(
        id=7, path="zh.md", title="解放军向老挝军队援助防疫物资", published=dt.date(2020, 5, 15)
    )
    event = CanonicalEvent(
        id="e1",
        category="diplomacy.military_aid",
        title="Military aid and training: China, Laos (12 May 2020)",
        summary="中国人民解放军5月12日向老挝军队援助一批防疫物资。",
        members=(Member(fact_id=3, document_id=7),),
        sources=(source,),
        explanation="one report",
    )
    lead = lead_of(event, {7: 3})
    assert lead.lead == "Military aid and training: China, Laos (12 May 2020)."
    assert lead.body == "中国人民解放军5月12日向老挝军队援助一批防疫物资。"


def test_no_lead_line_is_printed_twice() -> None:
    """Two papers reuse one wire caption for two stories: the second leads with its own next
    sentence, and a story with nothing else leads with its title (our own sentences)."""
    from chinatracker.publish.leads import Lead, distinct_leads
    from chinatracker.resolve.records import CanonicalEvent, DocumentInfo, Member

    def event(id_: str, title: str) -> CanonicalEvent:
        return CanonicalEvent(
            id=id_,
            category="diplomacy.high_level",
            title=title,
            summary="",
            members=(Member(fact_id=1, document_id=1),),
            sources=(DocumentInfo(id=1, path="a.txt"),),
            explanation="x",
        )

    caption = "The two presidents shake hands in Beijing on Monday."
    events = [event("a", "Meeting: A"), event("b", "Meeting: B"), event("c", "Meeting: C")]
    leads = {
        "a": Lead(lead=caption, body="They agreed to expand defence ties."),
        "b": Lead(lead=caption, body="Trade officials met the next day. A deal was signed."),
        "c": Lead(lead=caption, body=""),
    }
    distinct = distinct_leads(events, leads)
    assert distinct["a"] == leads["a"]
    assert distinct["b"] == Lead(
        lead="Trade officials met the next day.", body="A deal was signed."
    )
    assert distinct["c"].lead == "Meeting: C."
    assert len({d.lead for d in distinct.values()}) == 3
    # Two stories whose only sentence and title are both the same line (a form's consent text
    # read as an event): the second is told apart by its record.
    same = [event("d", "Signed up"), event("e", "Signed up")]
    line = {"d": Lead(lead="Signed up.", body=""), "e": Lead(lead="Signed up.", body="")}
    assert [d.lead for d in distinct_leads(same, line).values()] == [
        "Signed up.",
        "Signed up (record e).",
    ]
