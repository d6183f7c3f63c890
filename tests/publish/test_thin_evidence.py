"""A report refuses a focus topic on thin evidence, counts each section, and prints no
percentage over a handful of records (publish/report.py, publish/figures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli.conftest import run

from chinatracker.publish.figures import format_share
from chinatracker.publish.leads import Lead
from chinatracker.publish.report import ReportOptions, ThinEvidence, build_issue, worth_highlighting
from chinatracker.store import canonical as stored
from chinatracker.store.database import Store

from .conftest import PERIOD, Written


def test_a_focus_under_the_minimum_stops_with_the_counts_and_what_has_enough(
    demo_store: Store,
) -> None:
    with pytest.raises(ThinEvidence) as stopped:
        build_issue(demo_store, ReportOptions(scope=PERIOD, focus="projection"))
    message = str(stopped.value)
    assert "\n" not in message
    assert "rests on" in message and "under the minimum of 10" in message
    assert "channels (" in message  # the demo's aid records are enough for the channels focus
    assert "--focus" in message and "--allow-thin" in message


def test_the_minimum_is_configurable(demo_store: Store) -> None:
    with pytest.raises(ThinEvidence):
        build_issue(demo_store, ReportOptions(scope=PERIOD, min_records=10_000))
    assert not build_issue(demo_store, ReportOptions(scope=PERIOD)).thin


def test_report_cli_stops_on_thin_evidence_and_allow_thin_exits_3(
    demo_store: Store, tmp_path: Path
) -> None:
    db = str(demo_store.engine.url.database)
    common = ("--db", db, "report", "--from", "2020-03-01", "--to", "2020-06-30")
    stopped = run(*common, "--focus", "projection", "--out", str(tmp_path / "a"), cwd=tmp_path)
    assert stopped.returncode == 1
    assert len(stopped.stderr.strip().splitlines()) == 1, stopped.stderr
    assert "use --focus" in stopped.stderr and not (tmp_path / "a").exists()
    printed = run(
        *common, "--focus", "projection", "--allow-thin", "--format", "md",
        "--out", str(tmp_path / "b"), cwd=tmp_path,
    )  # fmt: skip
    assert printed.returncode == 3, printed.stderr
    assert "warning: the focus rests on" in printed.stderr
    assert (tmp_path / "b" / "report.md").is_file()


def test_a_share_of_fewer_than_five_is_printed_as_counts() -> None:
    assert format_share(0.5, 1, 2) == "1 of 2"
    assert format_share(0.5, 5, 10) == "50%"
    assert format_share(None, 0, 0) == "–"


def test_each_digest_section_says_how_many_records_it_rests_on(report: Written) -> None:
    markdown = report.markdown.read_text(encoding="utf-8")
    assert "*This section rests on " in markdown
    html = report.html.read_text(encoding="utf-8")
    assert 'class="rests-on"' in html


def test_highlights_are_dated_events_with_a_sentence(demo_store: Store) -> None:
    built = build_issue(demo_store, ReportOptions(scope=PERIOD))
    assert built.issue.highlights
    for item in built.issue.highlights:
        assert item.highlight.event.reference_date is not None
        assert len(item.lead.split()) >= 4
    with demo_store.reading() as session:
        event = next(e for e in stored.load_canonical_events(session) if e.reference_date)
    assert worth_highlighting(event, Lead("Ministers met in Beijing to sign a pact.", ""))
    assert not worth_highlighting(event, Lead("Beijing.", ""))
    assert not worth_highlighting(event, Lead("Advertisement.", ""))
    undated = event.model_copy(update={"date": None})
    if undated.reference_date is None:
        assert not worth_highlighting(undated, Lead("Ministers met in Beijing to sign a pact.", ""))
