"""`chinatracker eval GOLD...`: precision, recall and F1 against gold annotations."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from chinatracker.cli.app import app, context
from chinatracker.evaluation.gold import CorpusRoots
from chinatracker.evaluation.intervals import Spread, merged, spreads
from chinatracker.evaluation.metrics import Report
from chinatracker.evaluation.runner import (
    confusion_rows,
    evaluate_documents,
    report_rows,
    split_rows,
)
from chinatracker.extract.learned.models import configured_event_model
from chinatracker.extract.pipeline import DEFAULT_ENGINE, ENGINES, Extractor

REPO = Path(__file__).resolve().parents[3]


@app.command("eval")
def eval_command(
    ctx: typer.Context,
    gold: Annotated[
        list[Path],
        typer.Argument(metavar="GOLD...", help="Gold files or folders (tests/gold/...)."),
    ],
    shared: Annotated[
        Path | None,
        typer.Option(
            help="Folder holding seeds/ and china_media/ "
            "(default: ../shared/corpus, or CHINATRACKER_SHARED/corpus).",
        ),
    ] = None,
    demo: Annotated[Path, typer.Option(help="The demo corpus folder.")] = REPO / "demo" / "corpus",
    errors: Annotated[
        bool, typer.Option("--errors", help="List every miss and false alarm.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    engine: Annotated[
        str,
        typer.Option(
            help="Extractor engine: learned, rules or combined; 'all' prints them side by side."
        ),
    ] = DEFAULT_ENGINE,
    confusion: Annotated[
        bool, typer.Option("--confusion", help="Print the confusion matrix of event categories.")
    ] = False,
    reliability: Annotated[
        Path | None,
        typer.Option(help="Write a reliability plot of event confidence (PNG) to this file."),
    ] = None,
    splits: Annotated[
        bool,
        typer.Option(
            "--splits",
            help="Score each subfolder of GOLD (train, dev, test) on its own, side by side.",
        ),
    ] = False,
    intervals: Annotated[
        bool,
        typer.Option(
            "--intervals",
            help="Add each F1's and accuracy's 95% interval, from resampling the documents "
            "(2,000 seeded draws): how much a small split's figure can move by chance.",
        ),
    ] = False,
) -> None:
    """Score the current extractor against gold annotations, per fact type and per field."""
    app_ctx = context(ctx)
    default_shared = Path(os.environ.get("CHINATRACKER_SHARED", REPO.parent / "shared")) / "corpus"
    roots = CorpusRoots(shared=shared or default_shared, demo=demo)
    model = configured_event_model(app_ctx.settings.event_model)
    if engine == "all":
        if splits or as_json:
            raise typer.BadParameter(
                "--engine all prints one table; use it without --splits/--json"
            )
        extractors = {name: Extractor(engine=name, model=model) for name in ENGINES}
        reports, spread = summed(
            {
                f"{name} ({extractor.version})": evaluate_documents(gold, roots, extractor)
                for name, extractor in extractors.items()
            },
            intervals,
        )
        title = f"F1 or accuracy per engine on {', '.join(map(str, gold))}"
        app_ctx.out.print(
            side_by_side(reports, title + (INTERVALS_TITLE if intervals else ""), spread)
        )
        return
    if engine not in ENGINES:
        raise typer.BadParameter(f"engine must be one of {', '.join(ENGINES)} or all")
    extractor = Extractor(engine=engine, model=model)
    if splits:
        reports, spread = summed(
            {
                folder.name: evaluate_documents([folder], roots, extractor)
                for folder in split_folders(gold)
            },
            intervals,
        )
        if as_json:
            payload = {
                name: _payload(r, extractor, None if spread is None else spread[name])
                for name, r in reports.items()
            }
            typer.echo(json.dumps(payload, indent=1))
            return
        label = {name: f"{name} ({r.documents} docs)" for name, r in reports.items()}
        title = f"F1 or accuracy per split (counts in brackets), extractor {extractor.version}"
        app_ctx.out.print(
            side_by_side(
                {label[name]: r for name, r in reports.items()},
                title + (INTERVALS_TITLE if intervals else ""),
                None if spread is None else {label[name]: s for name, s in spread.items()},
            )
        )
        return
    documents = evaluate_documents(gold, roots, extractor)
    report = merged(documents)
    one_spread = spreads(documents) if intervals else None
    if reliability is not None:
        from chinatracker.evaluation.plots import reliability_plot

        reliability_plot(report, reliability, f"{extractor.version} on {', '.join(map(str, gold))}")
    if as_json:
        typer.echo(json.dumps(_payload(report, extractor, one_spread), indent=1))
        return
    table = Table(
        "measure",
        "precision",
        "recall",
        "F1 / accuracy",
        *(["95% interval"] if one_spread is not None else []),
        "counts",
        title=f"{report.documents} gold documents, extractor {extractor.version}",
    )
    for row in report_rows(report, one_spread):
        table.add_row(*row)
    app_ctx.out.print(table)
    if confusion:
        header, cells = confusion_rows(report)
        matrix = Table(*header, title="current events: gold category (rows) by predicted (columns)")
        for line in cells:
            matrix.add_row(*line)
        app_ctx.out.print(matrix)
    if errors:
        for message in report.errors.lines:
            app_ctx.out.print(message, highlight=False, markup=False, soft_wrap=True)


SPLIT_ORDER = ("train", "dev", "test")
INTERVALS_TITLE = "; 95% intervals over resampled documents in square brackets"


def summed(
    per_document: dict[str, list[Report]], intervals: bool
) -> tuple[dict[str, Report], dict[str, dict[str, Spread]] | None]:
    """Each column's report (a split's or an engine's) summed from its documents' reports,
    and, with `intervals`, each column's spreads over resampled documents."""
    reports = {name: merged(documents) for name, documents in per_document.items()}
    if not intervals:
        return reports, None
    return reports, {name: spreads(documents) for name, documents in per_document.items()}


def side_by_side(
    reports: dict[str, Report],
    title: str,
    spread: dict[str, dict[str, Spread]] | None = None,
) -> Table:
    """One column per report (a split or an engine), one row per measure."""
    table = Table("measure", *reports, title=title)
    for row in split_rows(reports, spread):
        table.add_row(*row)
    return table


def split_folders(gold: list[Path]) -> list[Path]:
    """The split subfolders of each GOLD folder, train, dev and test first."""
    folders = []
    for root in gold:
        if not root.is_dir():
            raise typer.BadParameter(f"{root} is not a folder of splits")
        children = [c for c in root.iterdir() if c.is_dir()]
        children.sort(
            key=lambda c: (SPLIT_ORDER.index(c.name) if c.name in SPLIT_ORDER else 9, c.name)
        )
        folders += children
    if not folders:
        raise typer.BadParameter(
            "no split subfolders (train, dev, test) under " + ", ".join(map(str, gold))
        )
    return folders


def _payload(
    report: Report, extractor: Extractor, spread: dict[str, Spread] | None = None
) -> dict[str, Any]:
    def interval(name: str, field: str) -> dict[str, list[float] | None]:
        s = spread.get(name) if spread is not None else None
        i = getattr(s, field) if s is not None else None
        return {f"{field}_interval": None if i is None else [round(i.low, 4), round(i.high, 4)]}

    def score_intervals(name: str) -> dict[str, list[float] | None]:
        if spread is None:
            return {}
        return {
            **interval(name, "precision"),
            **interval(name, "recall"),
            **interval(name, "f1"),
        }

    return {
        "extractor_version": extractor.version,
        "documents": report.documents,
        "scores": {
            n: {
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
                **score_intervals(n),
            }
            for n, s in report.scores.items()
        },
        "accuracies": {
            n: {
                "accuracy": a.value,
                "correct": a.correct,
                "total": a.total,
                **(interval(n, "value") if spread is not None else {}),
            }
            for n, a in report.accuracies.items()
        },
    }


@app.command("eval-crosslang")
def eval_crosslang_command(
    ctx: typer.Context,
    pairs: Annotated[
        Path,
        typer.Argument(help="Pairs of documents reporting one batch in Chinese and English."),
    ] = REPO / "tests" / "gold" / "crosslang" / "pairs.yaml",
    shared: Annotated[
        Path | None,
        typer.Option(help="Folder holding the corpora (default: ../shared/corpus)."),
    ] = None,
    engine: Annotated[str, typer.Option(help="Extractor engine.")] = DEFAULT_ENGINE,
) -> None:
    """Score cross-language merging: the share of batches reported in both languages that
    resolve to one canonical record with both sources."""
    from chinatracker.evaluation.crosslang import load_pairs, score_pairs

    app_ctx = context(ctx)
    if engine not in ENGINES:
        raise typer.BadParameter(f"choose from {', '.join(ENGINES)}", param_hint="--engine")
    corpus = (
        shared or Path(os.environ.get("CHINATRACKER_SHARED", REPO.parent / "shared")) / "corpus"
    )
    extractor = Extractor(engine=engine)
    results = score_pairs(load_pairs(pairs), corpus, extractor)
    table = Table("Chinese", "English", "country", "same batch", "one record", "why")
    for result in results:
        table.add_row(
            Path(result.pair.zh).stem,
            Path(result.pair.en).stem,
            result.pair.country,
            "yes" if result.pair.same else "no",
            "yes" if result.merged else "no",
            result.why,
        )
    app_ctx.out.print(table)
    same = [r for r in results if r.pair.same]
    apart = [r for r in results if not r.pair.same]
    merged = sum(r.merged for r in same)
    kept = sum(not r.merged for r in apart)
    share = merged / len(same) if same else 0.0
    app_ctx.out.print(
        f"cross-language merging ({extractor.version}): {merged}/{len(same)} batches reported "
        f"in both languages are one record ({share:.0%}); {kept}/{len(apart)} different "
        "batches kept apart",
        highlight=False,
    )
