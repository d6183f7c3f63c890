"""What `chinatracker train --candidates` prints: the event model families side by side."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table

from chinatracker.cli.app import Context
from chinatracker.config import Settings
from chinatracker.evaluation.gold import CorpusRoots
from chinatracker.evaluation.runner import confusion_rows
from chinatracker.extract.gazetteer import Gazetteer
from chinatracker.extract.learned.candidates import Candidate, Speed, compare
from chinatracker.extract.learned.encoder import SentenceEncoder


def print_candidates(
    app_ctx: Context, gold: Path, roots: CorpusRoots, names: Gazetteer, settings: Settings
) -> None:
    encoder = SentenceEncoder(cache=Path(settings.encoder_cache), threads=settings.encoder_threads)
    found, spacy = compare(gold, roots, names, encoder, progress=app_ctx.err.print)
    out = app_ctx.out
    summary = Table(
        "candidate (learned engine)",
        "dev F1",
        "test P",
        "R",
        "F1",
        "status acc.",
        "ECE",
        "sentences/s",
        "documents/s",
        "× spaCy",
        title="Event model families on the frozen test split (trained on all of train)",
    )
    for candidate in found:
        summary.add_row(candidate.name, f"{candidate.dev_f1:.3f}", *_test_cells(candidate, spacy))
    out.print(summary)
    if spacy is None:
        out.print("spaCy en_core_web_sm is not installed (the `bench` extra): no ratio.")
    else:
        out.print(
            f"spaCy en_core_web_sm on the same {spacy.documents} texts: "
            f"{spacy.sentences_per_second:.1f} sentences/s, "
            f"{spacy.documents_per_second:.2f} documents/s"
        )
    curve = Table(
        "candidate",
        "training documents",
        "P",
        "R",
        "F1",
        "status acc.",
        "ECE",
        title="Learning curve (test split)",
    )
    for candidate in found:
        for share, documents, report in candidate.curve:
            s, a = report.score("event.category"), report.accuracy("event.status")
            curve.add_row(
                candidate.name,
                f"{share:.0%} ({documents})",
                *(_fmt(v) for v in (s.precision, s.recall, s.f1, a.value)),
                _fmt(report.expected_calibration_error()),
            )
    out.print(curve)
    for candidate in found:
        header, cells = confusion_rows(candidate.report)
        matrix = Table(*header, title=f"{candidate.name}: gold category (rows) by predicted")
        for line in cells:
            matrix.add_row(*line)
        out.print(matrix)
        if candidate.card:
            out.print(f"{candidate.name}, tuned on dev: {candidate.card}", soft_wrap=True)


def _test_cells(candidate: Candidate, spacy: Speed | None) -> list[str]:
    report = candidate.report
    s, a = report.score("event.category"), report.accuracy("event.status")
    speed = candidate.speed
    cells = [*(_fmt(v) for v in (s.precision, s.recall, s.f1, a.value))]
    cells.append(_fmt(report.expected_calibration_error()))
    if speed is None:
        return [*cells, "-", "-", "-"]
    encoded = f" ({speed.encoded} encoded)" if speed.encoded else ""
    ratio = (
        "-" if spacy is None else f"{speed.documents_per_second / spacy.documents_per_second:.2f}"
    )
    return [
        *cells,
        f"{speed.sentences_per_second:.0f}{encoded}",
        f"{speed.documents_per_second:.2f}",
        ratio,
    ]


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
