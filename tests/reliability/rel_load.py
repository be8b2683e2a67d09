"""A real `chroma run` server on 127.0.0.1 and a bounded multi-process load against it.

Shared by the server test (small load, asserts no errors) and
``bench/bench_reliability.py`` (bigger load, reports the figures).
"""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WORKER = Path(__file__).with_name("rel_load_worker.py")
CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def chroma_server(data: Path) -> Iterator[str]:
    """Start `chroma run` bound to 127.0.0.1 only; yield its URL; stop it."""
    import httpx

    port = free_port()
    server = subprocess.Popen([str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("chroma server did not start")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def seed(url: str, store_dir: Path, accounts: list[str], folder: Path) -> None:
    """Ingest the ordinary account files into each account, so asks have something to find."""
    from extractor.embedding import HashEmbedder
    from extractor.ingest import ingest_paths
    from extractor.settings import Settings
    from extractor.store import AccountStore

    store = AccountStore(Settings.resolve(store=store_dir, chroma_url=url), HashEmbedder())
    for account in accounts:
        assert ingest_paths([folder], account, store).ok
    store.close()


def run_load(url: str, store_dir: Path, workers: int, requests: int, timeout: float
             ) -> dict[str, object]:
    """``workers`` processes x ``requests`` each, two workers per account; a summary."""
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, str(WORKER), url, str(store_dir),
                               f"acct{w % 2}", str(w), str(requests)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in range(workers)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"worker failed ({proc.returncode}): {err[-2000:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.perf_counter() - started
    summary: dict[str, object] = {"workers": workers, "requests": workers * requests,
                                  "errors": [e for r in results for e in r["errors"]],
                                  "wall_s": round(wall, 1)}
    for kind in ("ingest", "ask"):
        values = sorted(v for r in results for v in r["latencies"][kind])
        summary[kind] = {"n": len(values), "p50_ms": round(1000 * _pct(values, 50)),
                         "p95_ms": round(1000 * _pct(values, 95))}
    return summary


def _pct(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]
