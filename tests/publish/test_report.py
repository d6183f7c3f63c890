"""The tracker issue as an analyst reads it: structure, inclusion rule, numbers traced to records."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chinatracker.publish.figures import measure
from chinatracker.publish.report import ReportOptions, build_issue
from chinatracker.publish.scope import Scope
from chinatracker.reference.taxonomy import taxonomy
from chinatracker.store import canonical as stored
from chinatracker.store.database import Store

from .conftest import PERIOD, Written

SECTIONS = [s.label for s in taxonomy().sections]


def positions(text: str, headings: list[str]) -> list[int]:
    found = [text.find(h) for h in headings]
    assert all(p >= 0 for p in found), [h for h, p in zip(headings, found, strict=True) if p < 0]
    return found


def test_html_has_the_seed_structure_in_order(report: Written) -> None:
    html = report.html.read_text(encoding="utf-8")
    body = html[html.index("<body>") :]
    body = body[body.index('id="highlights"') :]
    order = positions(
        body,
        [
            "Highlights",
            "Focus topic",
            *[f"<h2>{s}</h2>" for s in SECTIONS],
            "<h2>Methodology</h2>",
            "<h2>Sources</h2>",
        ],
    )
    assert order == sorted(order)
    assert "Domestic developments" in SECTIONS[0] and SECTIONS[:4] == [
        "Domestic developments",
        "Security diplomacy",
        "Force projection",
        "Global security architecture",
    ]


def test_html_is_self_contained(report: Written) -> None:
    html = report.html.read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(
        r"""(?:src|href)=["']https?://""", html.replace('href="https://demo.', "")
    ), "no remote assets"
    assert re.search(r"<link[^>]+stylesheet", html) is None
    assert html.count("<svg") >= 2  # the map and the chart, inline


def test_markdown_has_the_same_sections(report: Written) -> None:
    text = report.markdown.read_text(encoding="utf-8")
    order = positions(
        text,
        [
            "## Highlights",
            "## Focus topic",
            *[f"## {s}" for s in SECTIONS],
            "## Methodology",
            "## Sources",
        ],
    )
    assert order == sorted(order)
    assert "[^1]:" in text  # sources as footnotes


def test_report_says_which_records_it_prints(
    report: Written, demo_store: Store, tmp_path: Path
) -> None:
    html = report.html.read_text(encoding="utf-8")
    assert "events with a calibrated confidence of at least 0.50" in html
    assert "aid records with an extraction confidence of at least 0.50" in html
    everything = build_issue(
        demo_store, ReportOptions(scope=Scope(PERIOD.start, PERIOD.end, include_unreviewed=True))
    )
    assert "--include-unreviewed" in everything.issue.scope.rule
    strict_scope = Scope(PERIOD.start, PERIOD.end, min_confidence=0.9, min_event_confidence=0.9)
    strict = build_issue(demo_store, ReportOptions(scope=strict_scope))
    assert strict.issue.stats["events"] < everything.issue.stats["events"]
    assert strict.issue.stats["events_left_out"] > 0


def test_digest_items_have_a_lead_a_summary_and_linked_sources(report: Written) -> None:
    html = report.html.read_text(encoding="utf-8")
    items = re.findall(r'<li class="item" id="ev-[0-9a-f]+">(.*?)</li>', html, re.S)
    assert len(items) > 40
    for item in items:
        assert '<span class="lead">' in item
        assert re.search(r'<sup class="refs"><a href="#note-\d+"', item), item[:200]
    notes = re.findall(r'<li id="note-(\d+)">', html)
    assert notes == [str(n) for n in range(1, len(notes) + 1)]
    # A lead in the source's own words; the PLA's handover rests on the aid frame, so it holds
    # whatever the event model (the Galwan clash was a borderline guess of a wrong category).
    assert "PLA delivers protective supplies to militaries of 12 countries" in html


class FocusNumbers(HTMLParser):
    """Text of the focus narrative paragraphs, with figure links marked."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.in_focus = False
        self.in_p = False
        self.in_fig = False
        self.loose: list[str] = []
        self.linked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section" and values.get("id") == "focus":
            self.in_focus = True
        if self.in_focus and tag == "p" and not values.get("class"):
            self.in_p = True
        if self.in_p and tag == "a" and values.get("class") == "fig":
            self.in_fig = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.in_focus = False
        if tag == "p":
            self.in_p = False
        if tag == "a":
            self.in_fig = False

    def handle_data(self, data: str) -> None:
        if self.in_p:
            (self.linked if self.in_fig else self.loose).append(data)


def test_every_number_in_the_focus_narrative_is_a_linked_figure(report: Written) -> None:
    parser = FocusNumbers()
    parser.feed(report.html.read_text(encoding="utf-8"))
    assert len(parser.linked) >= 10
    loose = " ".join(parser.loose)
    # Dates of the period are words, not figures; every other digit must sit in a figure link.
    loose = re.sub(
        r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December)( \d{4})?",
        "",
        loose,
    )
    assert not re.search(r"\d", loose), loose


def test_every_figure_traces_to_canonical_records(report: Written, demo_store: Store) -> None:
    sidecar = json.loads(report.figures.read_text(encoding="utf-8"))
    figures = sidecar["figures"]
    assert len(figures) >= 20
    with demo_store.reading() as session:
        aid = {r.id: r for r in stored.load_canonical_aid(session)}
        events = {r.id: r for r in stored.load_canonical_events(session)}
    html = report.html.read_text(encoding="utf-8")
    for figure in figures.values():
        pool = aid if figure["kind"] == "aid" else events
        records = [pool[i] for i in figure["record_ids"]]  # KeyError: not in the database
        if figure["measure"].startswith("share_"):
            whole = [pool[i] for i in figure["denominator_ids"]]
            of = figure["measure"].removeprefix("share_")
            part_value, whole_value = measure(of, records), measure(of, whole)
            expected = part_value / whole_value if whole_value else None
        else:
            expected = measure(figure["measure"], records)
        assert figure["value"] == pytest.approx(expected), figure["id"]
        assert f'id="{figure["anchor"]}"' in html  # the number links somewhere real
    for record_id in sidecar["annex_records"]:
        assert f'id="rec-{record_id}"' in html


def test_highlights_link_to_digest_items(report: Written) -> None:
    sidecar = json.loads(report.figures.read_text(encoding="utf-8"))
    html = report.html.read_text(encoding="utf-8")
    assert 1 <= len(sidecar["highlights"]) <= 5
    for h in sidecar["highlights"]:
        assert f'href="#ev-{h["event_id"]}"' in html
        assert f'id="ev-{h["event_id"]}"' in html
        assert 0 <= h["score"] <= 1


def test_category_focus(demo_store: Store) -> None:
    # The demo's military aid (a few records, more or fewer as the extractor changes) is held to
    # a minimum it cannot reach, so the issue prints only because allow_thin says so, and is
    # marked thin. Every record is printed: by default the calibrated threshold leaves out the
    # rule events the combined engine adds (the model card), the 20-country airlift among them,
    # and this test is about the focus, not the threshold.
    scope = Scope(PERIOD.start, PERIOD.end, include_unreviewed=True)
    options = ReportOptions(
        scope=scope, focus="diplomacy.military_aid", allow_thin=True, min_records=1000
    )
    built = build_issue(demo_store, options)
    assert built.thin and "under the minimum of 1000" in built.warnings[0]
    focus = built.issue.focus
    assert focus.kind == "category" and focus.title == "Military aid and training"
    countries = built.issue.figures.get("countries")
    assert countries.value and countries.value >= 20
    assert "has-records" in focus.world_map.svg
