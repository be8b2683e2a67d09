"""Ingest and query through a real `chroma run` server on 127.0.0.1 (--chroma-url)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from store_helpers import PYTHON, ROOT, cli_env, make_account_dir, make_store, vector_ids

pytestmark = pytest.mark.server

CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    server = subprocess.Popen([str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("chroma server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_cli_ingest_and_query_through_a_server(tmp_path: Path, chroma_url: str) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    cmd = [PYTHON, str(ROOT / "cli.py"), "ingest", str(folder), "--account", "fjord",
           "--embedder", "hash", "--chroma-url", chroma_url]
    run = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(tmp_path), timeout=120)
    assert run.returncode == 0, run.stderr
    assert "4 new" in run.stdout
    assert not (tmp_path / "store" / "chroma").exists()  # vectors went to the server
    store = make_store(tmp_path, chroma_url=chroma_url)
    hits = store.vector_search("fjord", "bank feed payee names", k=2)
    assert hits[0][0].source == "docs/2026-03-09-status.txt"
    assert sorted(vector_ids(store, "fjord")) == sorted(c.chunk_id for c in store.chunks("fjord"))
    again = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(tmp_path), timeout=120)
    assert "4 unchanged" in again.stdout


def test_parallel_ingests_and_queries_against_one_server(tmp_path: Path, chroma_url: str) -> None:
    """Separate stores (e.g. several users) sharing one server, each ingesting and querying."""
    def one(i: int) -> int:
        root = tmp_path / f"user{i}"
        folder = make_account_dir(root / "acct")
        store = make_store(root, chroma_url=chroma_url)
        from extractor.ingest import ingest_paths

        assert ingest_paths([folder], "shared-acct", store).new == 4
        found = 0
        for _ in range(20):
            found += store.vector_search("shared-acct", "payroll system", k=3)[0][0].source \
                == "docs/2026-03-12-re-bank-feed.eml"
        return found

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(one, range(6)))
    assert results == [20] * 6


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    run = subprocess.run([PYTHON, str(ROOT / "cli.py"), "ingest", str(tmp_path), "--account",
                          "x", "--embedder", "hash", "--chroma-url",
                          f"http://127.0.0.1:{_free_port()}"],
                         capture_output=True, text=True, env=cli_env(tmp_path), timeout=60)
    assert run.returncode == 3
    assert "cannot reach the Chroma server" in run.stderr


def test_prune_through_a_server(tmp_path: Path, chroma_url: str) -> None:
    """`--prune` removes a deleted file's vectors from the server too, nothing else."""
    from extractor.ingest import ingest_paths

    folder = make_account_dir(tmp_path / "fjord")
    store = make_store(tmp_path, chroma_url=chroma_url)
    ingest_paths([folder], "prune-acct", store)
    status = "docs/2026-03-09-status.txt"
    gone = {c.chunk_id for c in store.chunks("prune-acct") if c.source == status}
    assert gone
    (folder / status).unlink()
    report = ingest_paths([folder], "prune-acct", store, prune=True)
    assert report.pruned == [status] and report.ok
    left = set(vector_ids(store, "prune-acct"))
    assert not gone & left
    assert left == {c.chunk_id for c in store.chunks("prune-acct")}
