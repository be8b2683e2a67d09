"""Build an ONNX graph of a BERT sentence encoder straight from its safetensors.

Why: the bundled all-MiniLM-L6-v2 weights ship as safetensors for PyTorch, and
torch is a 1.5 GB dependency we do not want. The encoder is small and regular
(embeddings, N post-LN transformer layers, mean pooling, L2 normalisation), so
we write its graph with the ``onnx`` helper API once and run it with
onnxruntime, which pads per batch instead of to a fixed 256 tokens.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any

import numpy as np

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "BF16": None}
_PREFIXES = ("", "bert.", "model.")


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read every tensor of a safetensors file into numpy arrays (no torch needed)."""
    with path.open("rb") as handle:
        (header_len,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(header_len))
        data = handle.read()
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"unsupported tensor dtype {info['dtype']} for {name}")
        start, end = info["data_offsets"]
        array = np.frombuffer(data, dtype=dtype, count=(end - start) // np.dtype(dtype).itemsize,
                              offset=start)
        tensors[name] = array.reshape(info["shape"]).astype(
            np.float32 if dtype == np.float16 else dtype
        )
    return tensors


def bert_weights(tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The tensors with any ``bert.``-style prefix removed, so both layouts work."""
    for prefix in _PREFIXES:
        key = prefix + "embeddings.word_embeddings.weight"
        if key in tensors:
            return {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}
    raise ValueError("not a BERT checkpoint: no embeddings.word_embeddings.weight tensor")


class _GraphBuilder:
    """Accumulates ONNX nodes and initializers with unique names."""

    def __init__(self) -> None:
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self._n = 0

    def const(self, name: str, array: np.ndarray) -> str:
        from onnx import numpy_helper

        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type: str, inputs: list[str], **attrs: Any) -> str:
        from onnx import helper

        self._n += 1
        out = f"{op_type.lower()}_{self._n}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], **attrs))
        return out

    def linear(self, x: str, w: np.ndarray, b: np.ndarray, name: str) -> str:
        """x @ w.T + b (torch Linear layout)."""
        mm = self.op("MatMul", [x, self.const(f"{name}.wT", w.T.astype(np.float32))])
        return self.op("Add", [mm, self.const(f"{name}.b", b)])

    def layer_norm(self, x: str, w: np.ndarray, b: np.ndarray, name: str, eps: float) -> str:
        return self.op(
            "LayerNormalization",
            [x, self.const(f"{name}.g", w), self.const(f"{name}.beta", b)],
            axis=-1,
            epsilon=eps,
        )


def build_bert_onnx(weights: dict[str, np.ndarray], config: dict[str, Any], pooling: str) -> bytes:
    """Serialise an ONNX model: (input_ids, attention_mask) -> L2-normalised sentence vectors.

    Args:
        weights: BERT tensors without prefix (see ``bert_weights``).
        config: the model's ``config.json`` (hidden size, heads, layers, eps).
        pooling: "mean" or "cls".
    """
    from onnx import TensorProto, helper

    g = _GraphBuilder()
    eps = float(config.get("layer_norm_eps", 1e-12))
    hidden = _embeddings(g, weights, eps)
    mask_f = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    bias = _attention_bias(g, mask_f)
    for i in range(int(config["num_hidden_layers"])):
        hidden = _layer(g, weights, f"encoder.layer.{i}", hidden, bias, config, eps)
    pooled = _pool(g, hidden, mask_f, pooling)
    norm = g.op("ReduceL2", [pooled], axes=[1], keepdims=1)
    norm = g.op("Max", [norm, g.const("eps_norm", np.array(1e-12, np.float32))])
    g.nodes.append(helper.make_node("Div", [pooled, norm], ["embedding"]))
    graph = helper.make_graph(
        g.nodes,
        "bert_sentence_encoder",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
        ],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", "dim"])],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model.SerializeToString()


def _embeddings(g: _GraphBuilder, w: dict[str, np.ndarray], eps: float) -> str:
    """Word + position + token-type-0 embeddings, then LayerNorm."""
    words = g.op("Gather", [g.const("word_emb", w["embeddings.word_embeddings.weight"]),
                            "input_ids"], axis=0)
    positions = w["embeddings.position_embeddings.weight"] + w[
        "embeddings.token_type_embeddings.weight"][0]
    seq_len = g.op("Gather", [g.op("Shape", ["input_ids"]), g.const("one_idx", np.array([1]))],
                   axis=0)
    pos = g.op("Slice", [g.const("pos_emb", positions.astype(np.float32)),
                         g.const("zero_idx", np.array([0])), seq_len,
                         g.const("axis0", np.array([0]))])
    summed = g.op("Add", [words, pos])
    return g.layer_norm(summed, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"],
                        "emb_ln", eps)


def _attention_bias(g: _GraphBuilder, mask_f: str) -> str:
    """(1 - mask) * -1e4 shaped [batch, 1, 1, seq], added to attention scores."""
    inv = g.op("Sub", [g.const("one_f", np.array(1.0, np.float32)), mask_f])
    scaled = g.op("Mul", [inv, g.const("neg_big", np.array(-10000.0, np.float32))])
    return g.op("Unsqueeze", [scaled, g.const("axes_12", np.array([1, 2]))])


def _layer(g: _GraphBuilder, w: dict[str, np.ndarray], p: str, x: str, bias: str,
           config: dict[str, Any], eps: float) -> str:
    """One post-LayerNorm transformer block (self-attention + GELU feed-forward)."""
    heads = int(config["num_attention_heads"])
    head_dim = int(config["hidden_size"]) // heads
    split = g.const(f"{p}.split", np.array([0, 0, heads, head_dim]))

    def project(kind: str, perm: list[int]) -> str:
        lin = g.linear(x, w[f"{p}.attention.self.{kind}.weight"],
                       w[f"{p}.attention.self.{kind}.bias"], f"{p}.{kind}")
        return g.op("Transpose", [g.op("Reshape", [lin, split])], perm=perm)

    q, k, v = project("query", [0, 2, 1, 3]), project("key", [0, 2, 3, 1]), project(
        "value", [0, 2, 1, 3])
    scores = g.op("Mul", [g.op("MatMul", [q, k]),
                          g.const(f"{p}.scale", np.array(1 / math.sqrt(head_dim), np.float32))])
    probs = g.op("Softmax", [g.op("Add", [scores, bias])], axis=-1)
    ctx = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
    ctx = g.op("Reshape", [ctx, g.const(f"{p}.merge", np.array([0, 0, heads * head_dim]))])
    attn = g.linear(ctx, w[f"{p}.attention.output.dense.weight"],
                    w[f"{p}.attention.output.dense.bias"], f"{p}.attn_out")
    x = g.layer_norm(g.op("Add", [attn, x]), w[f"{p}.attention.output.LayerNorm.weight"],
                     w[f"{p}.attention.output.LayerNorm.bias"], f"{p}.ln1", eps)
    inter = g.linear(x, w[f"{p}.intermediate.dense.weight"], w[f"{p}.intermediate.dense.bias"],
                     f"{p}.inter")
    act = _gelu(g, inter, p)
    out = g.linear(act, w[f"{p}.output.dense.weight"], w[f"{p}.output.dense.bias"], f"{p}.out")
    return g.layer_norm(g.op("Add", [out, x]), w[f"{p}.output.LayerNorm.weight"],
                        w[f"{p}.output.LayerNorm.bias"], f"{p}.ln2", eps)


def _gelu(g: _GraphBuilder, x: str, p: str) -> str:
    """Exact (erf) GELU, as BERT uses; onnxruntime fuses this pattern."""
    erf = g.op("Erf", [g.op("Div", [x, g.const(f"{p}.sqrt2", np.array(math.sqrt(2), np.float32))])])
    plus = g.op("Add", [erf, g.const(f"{p}.one", np.array(1.0, np.float32))])
    half = g.op("Mul", [x, g.const(f"{p}.half", np.array(0.5, np.float32))])
    return g.op("Mul", [half, plus])


def _pool(g: _GraphBuilder, hidden: str, mask_f: str, pooling: str) -> str:
    """Mean over real tokens (or the [CLS] vector)."""
    if pooling == "cls":
        first = g.op("Gather", [hidden, g.const("cls_idx", np.array(0))], axis=1)
        return first
    mask3 = g.op("Unsqueeze", [mask_f, g.const("axes_2", np.array([2]))])
    summed = g.op("ReduceSum", [g.op("Mul", [hidden, mask3]), g.const("axes_1", np.array([1]))],
                  keepdims=0)
    count = g.op("ReduceSum", [mask_f, g.const("axes_1b", np.array([1]))], keepdims=1)
    count = g.op("Max", [count, g.const("eps_count", np.array(1e-9, np.float32))])
    return g.op("Div", [summed, count])


def numpy_forward(weights: dict[str, np.ndarray], config: dict[str, Any],
                  input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
    """Reference forward pass in plain numpy (slow); used to verify the ONNX graph."""
    from scipy.special import erf

    def ln(x: np.ndarray, name: str) -> np.ndarray:
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        eps = float(config.get("layer_norm_eps", 1e-12))
        return (x - mu) / np.sqrt(var + eps) * weights[name + ".weight"] + weights[name + ".bias"]

    def lin(x: np.ndarray, name: str) -> np.ndarray:
        return x @ weights[name + ".weight"].T + weights[name + ".bias"]

    seq = input_ids.shape[1]
    x = (weights["embeddings.word_embeddings.weight"][input_ids]
         + weights["embeddings.position_embeddings.weight"][:seq]
         + weights["embeddings.token_type_embeddings.weight"][0])
    x = ln(x, "embeddings.LayerNorm")
    heads = int(config["num_attention_heads"])
    dim = x.shape[-1] // heads
    bias = (1.0 - attention_mask[:, None, None, :]) * -10000.0
    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}"

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(t.shape[0], t.shape[1], heads, dim).transpose(0, 2, 1, 3)

        q, k, v = (split(lin(x, f"{p}.attention.self.{n}")) for n in ("query", "key", "value"))
        s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(dim) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        ctx = (s / s.sum(-1, keepdims=True)) @ v
        ctx = ctx.transpose(0, 2, 1, 3).reshape(x.shape)
        x = ln(lin(ctx, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
        h = lin(x, f"{p}.intermediate.dense")
        h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
        x = ln(lin(h, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
    m = attention_mask[:, :, None].astype(np.float32)
    pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
