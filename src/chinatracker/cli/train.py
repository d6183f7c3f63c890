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

from chinatracker.cli.app import app, context
from chinatracker.evaluation.gold import CorpusRoots, load_gold
from chinatracker.evaluation.runner import evaluate
from chinatracker.extract.gazetteer import gazetteer
from chinatracker.extract.learned.aid_training import train_aid_model
from chinatracker.extract.learned.candidates import curve_subsets
from chinatracker.extract.learned.card import aid_card, model_card
from chinatracker.extract.learned.models import AID_MODEL, EVENT_MODEL
from chinatracker.extract.learned.training import review_examples, train_event_model
from chinatracker.extract.pipeline import Extractor

REPO = Path(__file__).resolve().parents[3]


@app.command("train")
def train_command(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Option(help="Folder with train/, dev/ and test/ gold.")] = REPO
    / "tests"
    / "gold"
    / "real",
    shared: Annotated[
        Path | None,
        typer.Option(help="Folder holding the corpora (default: ../shared/corpus)."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Where to write the model file.")] = EVENT_MODEL,
    reviews: Annotated[
        bool,
        typer.Option(
            "--reviews",
            help="Also learn from the analysts' reviews in the store (--db): accepted, "
            "corrected and rejected event facts.",
        ),
    ] = False,
    learning_curve: Annotated[
        bool,
        typer.Option(
            "--learning-curve",
            help="Train on 25, 50 and 100%% of the training documents and print the test "
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
    score_test: Annotated[
        bool,
        typer.Option(help="Score the new model on the frozen test split for its model card."),
    ] = True,
) -> None:
    """Train the event model on the annotated real text and write it with its model card."""
    app_ctx = context(ctx)
    default_shared = Path(os.environ.get("CHINATRACKER_SHARED", REPO.parent / "shared")) / "corpus"
    roots = CorpusRoots(shared=shared or default_shared, demo=REPO / "demo" / "corpus")
    names = gazetteer()
    train = load_gold([gold / "train"], roots)
    dev = load_gold([gold / "dev"], roots)
    if candidates:
        from chinatracker.cli.candidates import print_candidates

        settings = app_ctx.settings.with_overrides(encoder_threads=encoder_threads)
        print_candidates(app_ctx, gold, roots, names, settings)
        return
    if learning_curve:
        table = Table("training documents", "event category P", "R", "F1", "status accuracy")
        for share, subset in curve_subsets(train):
            model = train_event_model(subset, dev, names)
            report = evaluate([gold / "test"], roots, Extractor(names=names, model=model))
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
    model = train_event_model(train, dev, names, reviewed)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json(), encoding="utf-8")
    aid = train_aid_model(train, dev, names)
    aid_out = out.with_name(AID_MODEL.name)
    aid_out.write_text(aid.to_json(), encoding="utf-8")
    reports = {}
    if score_test:
        for engine in ("rules", "learned", "combined"):
            extractor = Extractor(names=names, engine=engine, model=model, aid_model=aid)
            reports[engine] = evaluate([gold / "test"], roots, extractor)
    card = out.with_name("MODEL_CARD.md")
    card.write_text(model_card(model, reports, dt.date.today()), encoding="utf-8")
    aid_reports = {k: v for k, v in reports.items() if k in ("rules", "combined")}
    out.with_name("AID_MODEL_CARD.md").write_text(
        aid_card(aid, aid_reports, dt.date.today()), encoding="utf-8"
    )
    app_ctx.out.print(
        f"aid decision {aid.version} -> {aid_out} (threshold {aid.card['threshold']})"
    )
    app_ctx.out.print(
        f"model {model.version} -> {out} (threshold {model.card.get('threshold')}); card -> {card}"
    )
