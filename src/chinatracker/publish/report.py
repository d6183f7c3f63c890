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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chinatracker.publish.dates import long_date, period_words
from chinatracker.publish.digest import digest, event_anchor
from chinatracker.publish.figures import FigureBook
from chinatracker.publish.focus_channels import DEFAULT_CHANNELS, channel_focus
from chinatracker.publish.focus_events import event_focus, focus_codes
from chinatracker.publish.highlights import rank
from chinatracker.publish.issue import HighlightItem, Issue
from chinatracker.publish.leads import headline, lead_facts, lead_of
from chinatracker.publish.methodology import EvalFile, methodology
from chinatracker.publish.notes import Notes
from chinatracker.publish.render import Outcome, render_all
from chinatracker.publish.scope import Scope, select
from chinatracker.reference import Reference
from chinatracker.resolve.runner import ensure_resolved
from chinatracker.store import canonical as stored
from chinatracker.store.database import Store

CHANNELS = "channels"
FIGURES_FILE = "report-figures.json"


@dataclass(frozen=True)
class ReportOptions:
    """What `chinatracker report` was asked for."""

    scope: Scope
    focus: str = CHANNELS
    channels: tuple[str, ...] = DEFAULT_CHANNELS
    title: str | None = None
    highlights: int = 5
    eval_files: tuple[EvalFile, ...] = ()


@dataclass
class Built:
    issue: Issue
    warnings: list[str] = field(default_factory=list)


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
        documents = {d.id for e in selected.events for d in e.sources}
        lead_map = lead_facts(session, documents)
        leads = {e.id: lead_of(e, lead_map) for e in selected.events}
        stories = [e.id for e in selected.events if headline(e, lead_map)]
        notes, book = Notes(), FigureBook()
        ranked = rank(
            selected.events, events, scope.start, lead_stories=stories, limit=options.highlights
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
    return Built(issue, warnings)


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
