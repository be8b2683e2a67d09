"""The embedders: the ONNX MiniLM against a numpy forward pass, semantic sanity, the fake."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from extractor.embedding import HashEmbedder, bundled_model_dir, load_embedder
from extractor.errors import InputError

SENTENCES = [
    "The data migration left duplicate customer records in the CRM.",
    "Reduce month-end close from nine days to four by the end of Q3.",
    "Short.",
    "The finance director is leaving the company in June and has not named a successor "
    "for the budget sign-off, which worries the project team. " * 3,
]


@pytest.fixture(scope="module")
def minilm(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return load_embedder(None, tmp_path_factory.mktemp("cache"))


def test_hash_embedder_is_deterministic_and_normalised() -> None:
    a, b = HashEmbedder().embed(SENTENCES), HashEmbedder().embed(SENTENCES)
    assert a.dtype == np.float32 and a.shape == (4, 64)
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_onnx_graph_matches_a_numpy_forward_pass(minilm) -> None:  # type: ignore[no-untyped-def]
    from extractor.bert_onnx import bert_weights, numpy_forward, read_safetensors

    model_dir = bundled_model_dir()
    weights = bert_weights(read_safetensors(model_dir / "model.safetensors"))
    config = json.loads((model_dir / "config.json").read_text())
    got = minilm.embed(SENTENCES)
    for i, sentence in enumerate(SENTENCES):  # one at a time: no padding in the reference
        ids = np.array([minilm._load()[1].encode(sentence).ids], dtype=np.int64)
        want = numpy_forward(weights, config, ids, np.ones_like(ids))[0]
        assert float(got[i] @ want) > 0.999, sentence
    assert got.shape == (4, 384) and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)


@pytest.mark.slow
def test_batching_and_padding_do_not_change_vectors(minilm) -> None:  # type: ignore[no-untyped-def]
    together = minilm.embed(SENTENCES * 3)
    alone = np.stack([minilm.embed([s])[0] for s in SENTENCES])
    assert np.allclose(together[:4], alone, atol=1e-4)
    assert np.allclose(together[4:8], alone, atol=1e-4)


@pytest.mark.slow
def test_similar_sentences_are_closer_than_unrelated_ones(minilm) -> None:  # type: ignore[no-untyped-def]
    a, b, c = minilm.embed([
        "The CFO will sponsor the rollout to the finance team.",
        "Our finance chief is sponsoring the deployment for accounting.",
        "The warehouse forklift needs a new battery."])
    assert a @ b > a @ c + 0.2
    assert minilm.name.startswith("all-MiniLM-L6-v2@") and minilm.dim == 384


def test_embedder_dir_that_is_not_a_model_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(InputError, match=r"missing tokenizer\.json, model\.safetensors"):
        load_embedder(str(tmp_path), tmp_path / "cache")


@pytest.mark.slow
def test_another_local_model_dir_works(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "my-model"
    shutil.copytree(bundled_model_dir(), copy)
    other = load_embedder(str(copy), tmp_path / "cache")
    assert other.name.startswith("my-model@") and other.dim == 384
    assert other.embed(["hello"]).shape == (1, 384)
