"""Portable linear classifiers: named features in, calibrated class probabilities out.

A model file (`extract/data/models/*.json`) holds one feature list shared by several heads (the
event model has a category head and a status head), each with one weight row per class and a
temperature fitted on the dev split so that its probabilities are calibrated. Reading it needs
numpy only, not the library that trained it, so the extractor stays light and a model trained
anywhere runs everywhere. Features the model does not know are ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from chinatracker.errors import TrackerError


class ModelError(TrackerError):
    """A model file is missing, malformed or of an unknown format."""


FORMAT = "chinatracker-linear-2"


@dataclass(frozen=True)
class Head:
    """Softmax over `classes`; `temperature` divides the scores before the softmax."""

    classes: tuple[str, ...]
    weights: np.ndarray  # (classes, features)
    bias: np.ndarray  # (classes,)
    temperature: float = 1.0

    def probabilities(self, inputs: sparse.csr_matrix) -> np.ndarray:
        scores = np.asarray(inputs @ self.by_feature) + self.bias
        return softmax(scores / self.temperature)

    @cached_property
    def by_feature(self) -> np.ndarray:
        """The weights as one contiguous (features, classes) array, made once: a transposed view
        would be copied by every sparse product, tens of megabytes per document."""
        return np.ascontiguousarray(self.weights.T)


@dataclass(frozen=True)
class LinearModel:
    version: str
    features: dict[str, int]
    heads: dict[str, Head]
    card: dict[str, Any] = field(default_factory=dict)

    def inputs(self, rows: list[dict[str, float]]) -> sparse.csr_matrix:
        """Sparse rows: a sentence has tens of features out of tens of thousands."""
        return feature_matrix(rows, self.features, ordered=False)

    def probabilities(self, head: str, rows: list[dict[str, float]]) -> np.ndarray:
        """One row of class probabilities per input row."""
        classes = self.heads[head].classes
        if not rows:
            return np.zeros((0, len(classes)))
        return self.heads[head].probabilities(self.inputs(rows))

    def to_json(self) -> str:
        ordered = sorted(self.features, key=self.features.__getitem__)
        payload = {
            "format": FORMAT,
            "version": self.version,
            "card": self.card,
            "features": ordered,
            "heads": {
                name: {
                    "classes": list(head.classes),
                    "temperature": round(head.temperature, 6),
                    "bias": [round(float(b), 6) for b in head.bias],
                    # One sparse row per class: {feature index: weight}, zeros left out.
                    "weights": [
                        {str(j): round(float(w), 5) for j, w in enumerate(row) if abs(w) >= 5e-6}
                        for row in head.weights
                    ],
                }
                for name, head in self.heads.items()
            },
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LinearModel:
        try:
            raw = json.loads(text)
            if raw.get("format") != FORMAT:
                raise ModelError(f"unknown model format {raw.get('format')!r}")
            features = {name: i for i, name in enumerate(raw["features"])}
            heads = {}
            for name, head in raw["heads"].items():
                weights = np.zeros((len(head["classes"]), len(features)))
                for row, sparse in enumerate(head["weights"]):
                    for column, value in sparse.items():
                        weights[row, int(column)] = value
                heads[name] = Head(
                    classes=tuple(head["classes"]),
                    weights=weights,
                    bias=np.asarray(head["bias"], dtype=np.float64),
                    temperature=float(head.get("temperature", 1.0)),
                )
            return cls(
                version=str(raw["version"]),
                features=features,
                heads=heads,
                card=raw.get("card") or {},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"not a model file ({exc})") from exc

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        if not path.is_file():
            raise ModelError(f"no model file at {path}; run `chinatracker train`")
        return cls.from_json(path.read_text(encoding="utf-8"))


def feature_matrix(
    rows: list[dict[str, float]], features: dict[str, int], *, ordered: bool = True
) -> sparse.csr_matrix:
    """`ordered` sorts each row by feature name, so that training sums in one fixed order and
    writes the same model bytes on every machine; prediction skips the sort (a last-bit
    difference in a probability changes nothing)."""
    data: list[float] = []
    columns: list[int] = []
    pointers = [0]
    lookup = features.get
    for row in rows:
        for name, value in sorted(row.items()) if ordered else row.items():
            column = lookup(name)
            if column is not None:
                columns.append(column)
                data.append(value)
        pointers.append(len(columns))
    return sparse.csr_matrix((data, columns, pointers), shape=(len(rows), len(features)))


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    result: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return result
