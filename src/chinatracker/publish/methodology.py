"""The methodology appendix: sources, versions, inclusion rule, scoring and accuracy.

Accuracy figures are read from the JSON that `chinatracker eval GOLD --json` writes, one file
per gold set (`--eval demo=out/eval-demo.json`); the appendix prints precision, recall and F1
for each measure and says which gold set and how many documents they rest on.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chinatracker import __version__
from chinatracker.publish.highlights import score_settings
from chinatracker.publish.issue import Accuracy, Methodology, Table
from chinatracker.publish.notes import Notes
from chinatracker.publish.scope import Scope
from chinatracker.publish.text import Paragraph, cell, fill
from chinatracker.publish.worldmap import ATTRIBUTION
from chinatracker.store import canonical as stored
from chinatracker.store.models import DocumentRow, ExtractionRunRow, FactRow

# Measures the appendix prints, in this order, with the words it uses for them.
MEASURES = {
    "aid.record": "Aid deliveries (donor, recipient, items)",
    "aid.recipient_country": "Aid recipient countries",
    "aid.items_with_quantities": "Aid items with quantities",
    "event.detection": "Security events found",
    "event.category": "Event category (each happening counted once)",
    "event.countries": "Countries of an event",
    "entity.countries": "Country mentions",
    "quantity": "Quantities",
    "quote": "Quotes",
    "claim": "Claims",
}
ACCURACIES = {
    "aid.donor_channel": "Aid donor channel",
    "aid.donor_channel_by_document": "Aid donor channels, whole document right",
    "aid.negative_rejected": "Sales, aid to China and totals kept out of Chinese deliveries",
    "aid.donor_country": "Aid donor country",
    "aid.mode": "Aid terms (donation, sale...)",
    "aid.date": "Aid date",
    "event.date": "Event date",
    "event.date_or_rightly_empty": "Event date, or rightly none",
    "event.status": "Event status (current, background, not an event)",
    "quote.speaker": "Quote speaker",
}


@dataclass(frozen=True)
class EvalFile:
    label: str
    path: Path


def parse_eval_option(value: str) -> EvalFile:
    """ "demo=out/eval-demo.json", or a bare path labelled by its name ("eval-demo" → demo)."""
    label, sep, path = value.partition("=")
    if sep:
        return EvalFile(label.strip(), Path(path.strip()))
    file = Path(value)
    return EvalFile(file.stem.removeprefix("eval-").replace("-", " "), file)


def read_accuracy(file: EvalFile) -> Accuracy:
    """Scores of one `chinatracker eval --json` file; ValueError when it cannot be read."""
    try:
        data = json.loads(file.path.read_text(encoding="utf-8"))
        scores = data["scores"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{file.path}: not an evaluation file ({exc})") from exc
    rows = []
    for key, words in MEASURES.items():
        if key in scores:
            s = scores[key]
            counts = f"{s.get('tp', 0)} right, {s.get('fp', 0)} wrong, {s.get('fn', 0)} missed"
            rows.append((words, s.get("precision"), s.get("recall"), s.get("f1"), counts))
    for key, a in (data.get("accuracies") or {}).items():
        counts = f"{a.get('correct', 0)} of {a.get('total', 0)} correct"
        words = ACCURACIES.get(key, key)
        rows.append((f"{words} (accuracy)", None, None, a.get("accuracy"), counts))
    return Accuracy(
        label=file.label,
        documents=int(data.get("documents", 0)),
        extractor_version=str(data.get("extractor_version", "unknown")),
        rows=tuple(rows),
    )


def versions(session: Session) -> tuple[tuple[str, str], ...]:
    """The software and runs behind the issue's records."""
    extractors = sorted(
        session.scalars(select(FactRow.extractor_version).where(FactRow.current).distinct())
    )
    last_extraction = session.scalar(select(func.max(ExtractionRunRow.finished_at)))
    run = stored.latest_run(session)
    rows = [
        ("chinatracker", __version__),
        ("Extractor", ", ".join(extractors) or "no facts extracted"),
    ]
    if last_extraction is not None:
        rows.append(("Last extraction run", f"{last_extraction:%Y-%m-%d %H:%M} UTC"))
    if run is not None:
        rows.append(("Resolver", run.resolver_version))
        if run.finished_at is not None:
            rows.append(("Records resolved", f"{run.finished_at:%Y-%m-%d %H:%M} UTC"))
    return tuple(rows)


def store_counts(session: Session) -> dict[str, int]:
    documents = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
    publishers = session.scalar(select(func.count(func.distinct(DocumentRow.publisher)))) or 0
    return {"documents": documents, "publishers": publishers}


def publishers_table(notes: Notes) -> Table:
    counts = Counter(n.publisher or "Publisher not recorded" for n in notes)
    ordered = sorted(
        counts.items(), key=lambda kv: (kv[0] == "Publisher not recorded", -kv[1], kv[0])
    )
    return Table(
        caption="Sources cited in this issue",
        columns=("Publisher", "Documents"),
        rows=tuple((cell(name), cell(f"{n:,}")) for name, n in ordered),
        numeric=(False, True),
    )


def methodology(
    session: Session,
    scope: Scope,
    notes: Notes,
    stats: dict[str, int],
    eval_files: Sequence[EvalFile],
) -> tuple[Methodology, list[str]]:
    """The appendix, and a warning line for each evaluation file that could not be read."""
    counts = store_counts(session)
    accuracy, missing, warnings = [], [], []
    for file in eval_files:
        try:
            accuracy.append(read_accuracy(file))
        except ValueError as exc:
            missing.append(file.label)
            warnings.append(f"evaluation figures '{file.label}' left out: {exc}")
    weights = score_settings()["weights"]
    paragraphs: tuple[Paragraph, ...] = (
        fill(
            "This issue was generated from the tracker's database of {documents} documents "
            "from {publishers} named publishers. Documents are ingested as published, facts "
            "are extracted from them by rules, each tied to the exact words of its source, and "
            "reports of the same delivery or event are merged into one canonical record that "
            "lists every source (see docs/resolve.md). It cites {cited} of those documents.",
            documents=f"{counts['documents']:,}",
            publishers=f"{counts['publishers']:,}",
            cited=f"{len(notes):,}",
        ),
        (
            "Aid figures count Chinese donations shipped or delivered to a foreign country: not "
            "pledges, not sales, not aid to China. An aid record is one delivery to one "
            "recipient country, so a country is counted once however many sources report the "
            "delivery. A quantity given for a multi-country shipment is not divided among its "
            "recipients, so sums of quantities are lower bounds. Belt and Road membership and "
            "income groups are taken at the date of each delivery. Records are dated by the "
            "event or delivery, else by their first report.",
        ),
    )
    inclusion: tuple[Paragraph, ...] = (
        fill(
            "Included: {rule}. In the period, {events} events and {aid} aid records were "
            "printed; {events_out} events and {aid_out} aid records were left out by this rule.",
            rule=scope.rule,
            events=f"{stats.get('events', 0):,}",
            aid=f"{stats.get('aid', 0):,}",
            events_out=f"{stats.get('events_left_out', 0):,}",
            aid_out=f"{stats.get('aid_left_out', 0):,}",
        ),
    )
    magnitude = score_settings()["magnitude"]
    score: tuple[Paragraph, ...] = (
        fill(
            "Highlights are the events of the period with the highest score = "
            "{c} × corroboration + {m} × magnitude + {n} × novelty, each term between 0 and 1. "
            "Corroboration is the number of independent stories (distinct publishers; a wire "
            "story carried by ten sites is one story with ten copies), full at three. "
            "Magnitude is {mc} × the weight of the event's category (armed clashes and "
            "deployments weigh most, routine aid least; publish/data/highlights.yaml) + {mb} × "
            "the number of foreign countries involved, on a log scale + {mp} × prominence "
            "(the event is the lead story of one of its sources). Novelty is the share of the "
            "event's (category, country) pairs that no record before the period reported. At "
            "most one highlight comes from each category, so that they cover the period.",
            c=f"{weights['corroboration']:.2f}",
            m=f"{weights['magnitude']:.2f}",
            n=f"{weights['novelty']:.2f}",
            mc=f"{magnitude['category']:.1f}",
            mb=f"{magnitude['breadth']:.1f}",
            mp=f"{magnitude['prominence']:.1f}",
        ),
    )
    return (
        Methodology(
            paragraphs=paragraphs,
            inclusion=inclusion,
            score=score,
            versions=versions(session),
            publishers=publishers_table(notes),
            accuracy=tuple(accuracy),
            accuracy_missing=tuple(missing),
            attribution=ATTRIBUTION,
        ),
        warnings,
    )
