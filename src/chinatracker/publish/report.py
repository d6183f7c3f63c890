"""Building a tracker issue from the store, and writing it in every format.

`build_issue` reads canonical records (resolving first when facts changed), keeps those of
the period that the scope trusts, ranks the highlights, lays out the digest, builds the focus
topic and its annex, and writes the methodology: the result is an `Issue`, plain data.
`write_issue` hands it to each renderer (`publish/render/`) and writes the figures sidecar,
`report-figures.json`, which maps every number of the focus to its canonical record ids.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chinatracker.errors import TrackerError
from chinatracker.publish.dates import long_date, period_words
from chinatracker.publish.digest import digest, event_anchor
from chinatracker.publish.figures import FigureBook
from chinatracker.publish.focus_channels import DEFAULT_CHANNELS, channel_focus
from chinatracker.publish.focus_events import event_focus, focus_codes
from chinatracker.publish.highlights import rank
from chinatracker.publish.issue import HighlightItem, Issue
from chinatracker.publish.leads import Lead, distinct_leads, headline, lead_facts, lead_of
from chinatracker.publish.methodology import EvalFile, methodology
from chinatracker.publish.notes import Notes
from chinatracker.publish.render import Outcome, render_all
from chinatracker.publish.scope import Scope, select
from chinatracker.reference import Reference
from chinatracker.resolve.records import CanonicalAid, CanonicalEvent
from chinatracker.resolve.runner import ensure_resolved
from chinatracker.sources.titles import is_furniture_title
from chinatracker.store import canonical as stored
from chinatracker.store.database import Store

CHANNELS = "channels"
FIGURES_FILE = "report-figures.json"
DEFAULT_MIN_RECORDS = 10
# A highlight's lead must be a sentence, not a label: at least this many words.
MIN_LEAD_WORDS = 4


class ThinEvidence(TrackerError):
    """The focus topic rests on fewer records than the minimum; the message says what has more."""


@dataclass(frozen=True)
class ReportOptions:
    """What `chinatracker report` was asked for."""

    scope: Scope
    focus: str = CHANNELS
    channels: tuple[str, ...] = DEFAULT_CHANNELS
    title: str | None = None
    highlights: int = 5
    eval_files: tuple[EvalFile, ...] = ()
    # The least number of records a focus topic may rest on (Settings.focus_min_records).
    min_records: int = DEFAULT_MIN_RECORDS
    # Print a focus topic below the minimum anyway (with a warning, exit code 3).
    allow_thin: bool = False


@dataclass
class Built:
    issue: Issue
    warnings: list[str] = field(default_factory=list)
    # The focus rests on fewer records than the minimum (printed only with allow_thin).
    thin: bool = False


def build_issue(store: Store, options: ReportOptions, reference: Reference | None = None) -> Built:
    """Everything an issue prints, decided once (see the module docstring)."""
    reference = reference or Reference.load()
    scope = options.scope
    if options.focus != CHANNELS:
        focus_codes(options.focus, reference)  # a bad focus fails before any work
    ensure_resolved(store)
    with store.reading() as session:
        events = stored.load_canonical_events(session)
        aid = stored.load_canonical_aid(session)
        selected = select(scope, events, aid, scope.aid_selection())
        resting = focus_records(options, selected.events, selected.aid, reference)
        thin = resting < options.min_records
        if thin and not options.allow_thin:
            raise ThinEvidence(
                thin_message(options, resting, selected.events, selected.aid, reference)
            )
        documents = {d.id for e in selected.events for d in e.sources}
        lead_map = lead_facts(session, documents)
        leads = distinct_leads(
            selected.events, {e.id: lead_of(e, lead_map) for e in selected.events}
        )
        stories = [e.id for e in selected.events if headline(e, lead_map)]
        notes, book = Notes(), FigureBook()
        newsworthy = [e for e in selected.events if worth_highlighting(e, leads[e.id])]
        ranked = rank(
            newsworthy, events, scope.start, lead_stories=stories, limit=options.highlights
        )
        highlights = tuple(
            HighlightItem(
                highlight=h,
                lead=leads[h.event.id].lead,
                anchor=event_anchor(h.event),
                date=_date(h.event.reference_date),
                section=_section_label(h.event.category, reference),
                sources=len(h.event.sources),
            )
            for h in ranked
        )
        sections = digest(selected.events, leads, notes, reference)
        if options.focus == CHANNELS:
            focus = channel_focus(selected.aid, scope, notes, book, reference, options.channels)
        else:
            focus = event_focus(
                selected.events,
                options.focus,
                scope,
                notes,
                book,
                reference,
                {k: v.lead for k, v in leads.items()},
            )
        stats = {
            "events": len(selected.events),
            "aid": len(selected.aid),
            "events_left_out": selected.events_left_out,
            "aid_left_out": selected.aid_left_out,
        }
        appendix, warnings = methodology(session, scope, notes, stats, options.eval_files)
    issue = Issue(
        title=options.title or focus.title,
        subtitle=f"Focus topic: {focus.title}" if options.title else "",
        period=period_words(scope.start, scope.end),
        scope=scope,
        generated=dt.date.today(),
        highlights=highlights,
        focus=focus,
        digest=sections,
        methodology=appendix,
        notes=notes,
        figures=book,
        stats=stats,
    )
    if thin:
        warnings.insert(
            0,
            f"the focus rests on {resting} records, under the minimum of {options.min_records} "
            "(printed because of --allow-thin)",
        )
    return Built(issue, warnings, thin=thin)


def focus_records(
    options: ReportOptions,
    events: Sequence[CanonicalEvent],
    aid: Sequence[CanonicalAid],
    reference: Reference,
) -> int:
    """How many records the focus topic rests on."""
    if options.focus == CHANNELS:
        return sum(1 for r in aid if r.donor_channel in options.channels)
    _, codes = focus_codes(options.focus, reference)
    return sum(1 for e in events if e.category in codes)


def thin_message(
    options: ReportOptions,
    resting: int,
    events: Sequence[CanonicalEvent],
    aid: Sequence[CanonicalAid],
    reference: Reference,
) -> str:
    """One line: the counts, the focus sections that have enough records, what to do."""
    what = "aid records" if options.focus == CHANNELS else "events"
    counts = Counter(
        reference.taxonomy.section_of(e.category).code
        for e in events
        if reference.taxonomy.is_code(e.category)
    )
    enough = [f"{code} ({n})" for code, n in counts.most_common() if n >= options.min_records]
    compared = sum(1 for r in aid if r.donor_channel in options.channels)
    if options.focus != CHANNELS and compared >= options.min_records:
        enough.insert(0, f"channels ({compared})")
    suggestion = (
        f"sections with enough records: {', '.join(enough)}"
        if enough
        else "no focus topic has enough records in this period"
    )
    return (
        f"the focus '{options.focus}' rests on {resting} {what} in the period, under the minimum "
        f"of {options.min_records}; {suggestion}; use --focus to pick one, or --allow-thin to "
        "print it anyway"
    )


def worth_highlighting(event: CanonicalEvent, lead: Lead) -> bool:
    """A highlight is current news with a date and a lead that is a sentence, not a label
    ("Beijing.", "World."): background events never reach the report (store/canonical.py)."""
    if event.reference_date is None:
        return False
    words = lead.lead.rstrip(".").split()
    return len(words) >= MIN_LEAD_WORDS and not is_furniture_title(lead.lead.rstrip("."))


def _date(day: dt.date | None) -> str:
    return long_date(day) if day else "undated"


def _section_label(category: str, reference: Reference) -> str:
    taxonomy = reference.taxonomy
    return taxonomy.section_of(category).label if taxonomy.is_code(category) else category


def figures_sidecar(issue: Issue, db: str) -> dict[str, Any]:
    """The JSON that traces every focus number to canonical record ids in the database."""
    return {
        "title": issue.title,
        "period": {"start": issue.scope.start.isoformat(), "end": issue.scope.end.isoformat()},
        "generated": issue.generated.isoformat(),
        "database": db,
        "inclusion": issue.scope.rule,
        "focus": issue.focus.kind,
        "figures": issue.figures.as_dict(),
        "highlights": [
            {
                "event_id": h.highlight.event.id,
                "lead": h.lead,
                "score": h.highlight.score,
                "corroboration": h.highlight.corroboration,
                "magnitude": h.highlight.magnitude,
                "novelty": h.highlight.novelty,
                "lead_story": h.highlight.prominent,
            }
            for h in issue.highlights
        ],
        "annex_records": [r.record_id for r in issue.focus.records],
        "digest_events": [
            item.anchor.removeprefix("ev-")
            for section in issue.digest
            for category in section.categories
            for item in category.items
        ],
    }


def write_issue(
    issue: Issue,
    out: Path,
    *,
    formats: Sequence[str],
    name: str = "report",
    db: str = "",
    chromium: str | None = None,
) -> list[Outcome]:
    """Write the issue in each format, and the figures sidecar, into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    outcomes = render_all(issue, out, name=name, formats=formats, chromium=chromium)
    sidecar = out / (FIGURES_FILE if name == "report" else f"{name}-figures.json")
    sidecar.write_text(
        json.dumps(figures_sidecar(issue, db), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    outcomes.append(Outcome("figures", sidecar, None))
    return outcomes
