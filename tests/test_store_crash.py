"""Crash safety and locking, with real processes.

A writer killed with SIGKILL (at a random moment, or exactly between writing
vectors and committing rows) must leave a store that a re-run completes with
exactly one copy of every chunk. Two writers on one store take turns.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
from store_helpers import PYTHON, ROOT, cli_env, make_store, vector_ids

from extractor.ingest import ingest_paths

CHILD = """
import os, signal, sys
sys.path.insert(0, {root!r})
from pathlib import Path
import extractor.ingest as ingest
from extractor.embedding import HashEmbedder
from extractor.settings import Settings
from extractor.store import AccountStore
from extractor.store.db import MetaDB

ingest.FLUSH_CHUNKS = 6
mode = {mode!r}
if mode == "between":
    original = MetaDB.commit_documents
    calls = []
    def commit_then_die(self, pairs):
        calls.append(1)
        if len(calls) == 3:  # vectors of this group are in Chroma, rows not yet committed
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, pairs)
    MetaDB.commit_documents = commit_then_die

class Slow(HashEmbedder):
    def embed(self, texts):
        import time; time.sleep(0.02 * len(texts)); return super().embed(texts)

store = AccountStore(Settings.resolve(store={store!r}), embedder=Slow())
def progress(event):
    print(event.kind, event.done, flush=True)
ingest.ingest_paths([Path({corpus!r})], "acct", store, on_progress=progress)
print("finished", flush=True)
"""


def _corpus(root: Path, n: int = 24) -> Path:
    root.mkdir()
    for i in range(n):
        paragraphs = [f"File {i} paragraph {p}: the cutover plan for site {i} needs the "
                      f"warehouse codes {i * 7 + p} mapped before go-live." * 4
                      for p in range(5)]
        (root / f"note-{i:02d}.md").write_text("\n\n".join(paragraphs))
    return root


def _child(tmp_path: Path, corpus: Path, mode: str) -> subprocess.Popen[str]:
    code = CHILD.format(root=str(ROOT), mode=mode, store=str(tmp_path / "store"),
                        corpus=str(corpus))
    return subprocess.Popen([PYTHON, "-c", code], stdout=subprocess.PIPE, text=True)


def _assert_complete_and_unique(tmp_path: Path, corpus: Path) -> None:
    store = make_store(tmp_path)
    report = ingest_paths([corpus], "acct", store)
    assert report.ok
    ids = vector_ids(store, "acct")
    chunks = store.chunks("acct")
    assert len(ids) == len(set(ids)) == len(chunks)
    assert set(ids) == {c.chunk_id for c in chunks}
    assert len(store.documents("acct")) == len(list(corpus.iterdir()))
    again = ingest_paths([corpus], "acct", store)
    assert again.unchanged == len(list(corpus.iterdir())) and again.chunks == 0


@pytest.mark.timeout(120)
def test_sigkill_mid_ingest_then_rerun_leaves_one_copy_of_each_chunk(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    child = _child(tmp_path, corpus, "random")
    seen = 0
    for line in child.stdout:  # type: ignore[union-attr]
        seen += line.startswith("file")
        if seen >= 5:
            child.send_signal(signal.SIGKILL)
            break
    assert child.wait(timeout=30) == -signal.SIGKILL
    _assert_complete_and_unique(tmp_path, corpus)


@pytest.mark.timeout(120)
def test_sigkill_between_vectors_and_commit(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    child = _child(tmp_path, corpus, "between")
    out, _ = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL and "finished" not in out
    partial = make_store(tmp_path)
    committed = {c.chunk_id for c in partial.chunks("acct")}
    assert set(vector_ids(partial, "acct")) > committed  # vectors without committed rows
    partial.close()
    _assert_complete_and_unique(tmp_path, corpus)


@pytest.mark.timeout(120)
def test_second_writer_waits_with_a_message_and_both_finish(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", n=4)
    release = tmp_path / "release"
    holder = subprocess.Popen(
        [PYTHON, "-c", (
            f"import sys, time, pathlib; sys.path.insert(0, {str(ROOT)!r})\n"
            "from extractor.settings import Settings\nfrom extractor.store import AccountStore\n"
            f"s = AccountStore(Settings.resolve(store={str(tmp_path / 'store')!r}))\n"
            "with s.writing():\n    print('locked', flush=True)\n"
            f"    while not pathlib.Path({str(release)!r}).exists(): time.sleep(0.05)\n")],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"  # type: ignore[union-attr]
    writer = subprocess.Popen([PYTHON, str(ROOT / "cli.py"), "ingest", str(corpus), "--account",
                               "acct", "--embedder", "hash"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=cli_env(tmp_path))
    waited = ""
    for line in writer.stderr:  # type: ignore[union-attr]
        waited += line
        if "another handoff process is writing" in line:
            break
    assert "another handoff process is writing" in waited
    time.sleep(0.5)
    assert writer.poll() is None  # still waiting while the lock is held
    release.touch()
    out, err = writer.communicate(timeout=90)
    assert holder.wait(timeout=30) == 0
    assert writer.returncode == 0, waited + err
    assert "4 new" in out
