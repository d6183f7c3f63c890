"""`chinatracker train`: rebuild the event model from the annotated real text.

Training reads `tests/gold/real/train` (and `dev`, to pick the regularisation, the temperature,
the thresholds and the calibration), never `test`; with `--reviews`, also the analysts' decisions
kept in the store. It is deterministic: the same gold gives a byte-identical
model file, whose version (a hash of its content) every extracted fact records. The model card
beside it gives the data, the date and the figures on dev and on the frozen test split.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from chinatracker.cli.app import Context, app, context
from chinatracker.evaluation.gold import CorpusRoots, GoldDocument, load_gold, split_stories
from chinatracker.evaluation.intervals import merged, spreads
from chinatracker.evaluation.runner import evaluate, evaluate_documents, report_rows
from chinatracker.extract.gazetteer import Gazetteer, gazetteer
from chinatracker.extract.learned.aid_training import aid_review_examples, train_aid_model
from chinatracker.extract.learned.candidates import curve_subsets
from chinatracker.extract.learned.card import aid_card, model_card
from chinatracker.extract.learned.linear import LinearModel
from chinatracker.extract.learned.models import AID_MODEL, MODEL_FILES
from chinatracker.extract.learned.training import (
    LANGUAGES,
    fit_event_model,
    held_out_events,
    of_language,
    read,
    review_examples,
    train_event_model,
)
from chinatracker.extract.pipeline import Extractor

REPO = Path(__file__).resolve().parents[3]
GOLD = {"en": REPO / "tests" / "gold" / "real", "zh": REPO / "tests" / "gold" / "zh"}
# Gold folders of Chinese documents inside each split (train/zh_reports, ...).
CHINESE_CORPORA = ("zh_reports",)


def split_folders(split: Path, language: str) -> list[Path]:
    """The corpus folders of a split that hold one language's documents, so that each model's
    card is scored on its own language's test documents."""
    if not split.is_dir():
        return [split]
    folders = sorted(p for p in split.iterdir() if p.is_dir())
    if not folders:
        return [split]
    chosen = [p for p in folders if (p.name in CHINESE_CORPORA) == (language == "zh")]
    return chosen or [split]


def extractor_with(
    model: LinearModel, language: str, engine: str = "learned", aid: LinearModel | None = None
) -> Extractor:
    names = gazetteer()
    if language == "zh":
        return Extractor(names=names, engine=engine, zh_model=model)
    return Extractor(names=names, engine=engine, model=model, aid_model=aid)


def print_cross_validation(
    app_ctx: Context,
    train: list[GoldDocument],
    dev: list[GoldDocument],
    names: Gazetteer,
    language: str,
    stories: dict[str, str],
) -> None:
    """`train --cross-validate`: the event figures of train's documents, each found by heads
    fitted without its story, under the decision the shipped model would take."""
    from chinatracker.evaluation.metrics import Report, score_events

    train_read, dev_read = read(train, names), read(dev, names)
    model = fit_event_model(train, dev, train_read, dev_read, language=language, stories=stories)
    report = Report()
    for doc, found in held_out_events(model, train_read, stories):
        report.documents += 1
        score_events(report, doc.gold, found)
    table = Table("measure (train, out of fold)", "P", "R", "F1 or accuracy", "counts")
    for row in report_rows(report):
        if row[0].startswith("event."):
            table.add_row(*row)
    app_ctx.out.print(table)


@app.command("train")
def train_command(
    ctx: typer.Context,
    gold: Annotated[
        Path | None,
        typer.Option(
            help="Folder with train/, dev/ and test/ gold (default: tests/gold/real for en, "
            "tests/gold/zh for zh)."
        ),
    ] = None,
    shared: Annotated[
        Path | None,
        typer.Option(help="Folder holding the corpora (default: ../shared/corpus)."),
    ] = None,
    language: Annotated[
        str,
        typer.Option(help="Which model: en (English documents) or zh (Chinese documents)."),
    ] = "en",
    out: Annotated[
        Path | None,
        typer.Option(help="Where to write the model file (default: the shipped one)."),
    ] = None,
    reviews: Annotated[
        bool,
        typer.Option(
            "--reviews",
            help="Also learn from the analysts' reviews in the store (--db): accepted, "
            "corrected and rejected event and aid facts.",
        ),
    ] = False,
    learning_curve: Annotated[
        bool,
        typer.Option(
            "--learning-curve",
            help="Train on 25, 50 and 100% of the training documents and print the test "
            "figures of each; writes no model.",
        ),
    ] = False,
    candidates: Annotated[
        bool,
        typer.Option(
            "--candidates",
            help="Compare the model families (linear; MiniLM encoder with ONNX Runtime, needs "
            "the `encoder` extra) on the frozen test split: scores, learning curve, confusion "
            "matrix and speed; writes no model.",
        ),
    ] = False,
    encoder_threads: Annotated[
        int | None,
        typer.Option(help="ONNX Runtime threads for the encoder (--candidates; default 1)."),
    ] = None,
    cross_validate: Annotated[
        bool,
        typer.Option(
            "--cross-validate",
            help="Print the event figures of the training documents, each scored by heads "
            "fitted without its story (five folds), for error analysis that spares dev; "
            "writes no model.",
        ),
    ] = False,
    score_test: Annotated[
        bool,
        typer.Option(help="Score the new model on the frozen test split for its model card."),
    ] = True,
) -> None:
    """Train the event model on the annotated real text and write it with its model card."""
    app_ctx = context(ctx)
    if language not in LANGUAGES:
        raise typer.BadParameter(f"choose from {', '.join(LANGUAGES)}", param_hint="--language")
    out = out or MODEL_FILES[language]
    gold = gold or GOLD[language]
    default_shared = Path(os.environ.get("CHINATRACKER_SHARED", REPO.parent / "shared")) / "corpus"
    roots = CorpusRoots(shared=shared or default_shared, demo=REPO / "demo" / "corpus")
    names = gazetteer()
    train = of_language(load_gold([gold / "train"], roots), language)
    dev = of_language(load_gold([gold / "dev"], roots), language)
    if candidates:
        if language != "en":
            raise typer.BadParameter(
                "the encoder candidate is English only", param_hint="--language"
            )
        from chinatracker.cli.candidates import print_candidates

        settings = app_ctx.settings.with_overrides(encoder_threads=encoder_threads)
        print_candidates(app_ctx, gold, roots, names, settings)
        return
    stories = split_stories(gold / "SPLITS.tsv")
    if cross_validate:
        print_cross_validation(app_ctx, train, dev, names, language, stories)
        return
    if learning_curve:
        table = Table("training documents", "event category P", "R", "F1", "status accuracy")
        for share, subset in curve_subsets(train):
            model = train_event_model(subset, dev, names, language=language, stories=stories)
            report = evaluate(
                split_folders(gold / "test", language), roots, extractor_with(model, language)
            )
            s, a = report.score("event.category"), report.accuracy("event.status")
            table.add_row(
                f"{share:.0%} ({len(subset)})",
                *(f"{v:.3f}" if v is not None else "-" for v in (s.precision, s.recall, s.f1)),
                f"{a.value:.3f}" if a.value is not None else "-",
            )
        app_ctx.out.print(table)
        return
    reviewed = review_examples(app_ctx.store, names) if reviews else []
    app_ctx.err.print(
        f"training on {len(train)} documents and {len(reviewed)} reviewed sentences, "
        f"tuning on {len(dev)} documents …"
    )
    model = train_event_model(train, dev, names, reviewed, language=language, stories=stories)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json(), encoding="utf-8")
    aid = None
    if language == "en":  # the aid decision reads the English frame's proposals
        aid_reviews = aid_review_examples(app_ctx.store, names) if reviews else []
        aid = train_aid_model(train, dev, names, aid_reviews)
        out.with_name(AID_MODEL.name).write_text(aid.to_json(), encoding="utf-8")
    reports, spread = {}, {}
    if score_test:
        for engine in ("rules", "learned", "combined"):
            extractor = extractor_with(model, language, engine, aid)
            documents = evaluate_documents(split_folders(gold / "test", language), roots, extractor)
            reports[engine], spread[engine] = merged(documents), spreads(documents)
    card = out.with_name("MODEL_CARD.md" if language == "en" else f"MODEL_CARD-{language}.md")
    card.write_text(model_card(model, reports, dt.date.today(), spread), encoding="utf-8")
    if aid is not None:
        aid_reports = {k: v for k, v in reports.items() if k in ("rules", "combined")}
        out.with_name("AID_MODEL_CARD.md").write_text(
            aid_card(aid, aid_reports, dt.date.today(), spread), encoding="utf-8"
        )
        threshold = aid.card["threshold"]
        app_ctx.out.print(f"aid decision {aid.version} -> {AID_MODEL.name} (threshold {threshold})")
    app_ctx.out.print(
        f"model {model.version} -> {out} (threshold {model.card.get('threshold')}); card -> {card}"
    )
