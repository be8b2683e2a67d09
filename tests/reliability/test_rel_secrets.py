"""A canary API key never shows in output, tracebacks, the store, caches or records.

tests/llm covers the engine in-process and `--debug eval` through CliRunner.
Here the real `handoff` runs as a child process, as users run it: against a
closed port, with the key inside the URL, and against a server that echoes the
key back in its errors; then every file the run left behind is searched too.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rel_corpus import write_account
from store_helpers import PYTHON, ROOT, cli_env

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "llm"))
from llm_fake_server import FakeOpenAI, error

CANARY = "sk-canary-REL-5e1f0c9b7a3d42e8"
CLOSED = "http://127.0.0.1:9/v1"  # port 9 (discard): nothing listens there


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one ingested account, shared by the runs below."""
    root = tmp_path_factory.mktemp("secrets")
    (root / "config.toml").write_text("[openai]\nmax_retries = 1\n")  # keep 5xx runs short
    folder = write_account(root / "acct")
    run = _handoff(root, ["ingest", str(folder), "--account", "acct"])
    assert run.returncode == 0, run.stderr
    return root


def _handoff(root: Path, args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    full = {**cli_env(root), "HANDOFF_EMBEDDER": "hash", "HANDOFF_CACHE": str(root / "cache"),
            "HANDOFF_CONFIG": str(root / "config.toml"), "OPENAI_API_KEY": CANARY, **env}
    full.pop("OPENAI_BASE_URL", None)
    return subprocess.run([PYTHON, str(ROOT / "cli.py"), *args], capture_output=True,
                          text=True, env=full, timeout=180)


def _leaks(*texts: str) -> list[str]:
    return [t[max(0, t.find("canary") - 60):t.find("canary") + 60] for t in texts
            if CANARY in t or "5e1f0c9b7a3d42e8" in t]


def _files_holding_the_key(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.is_file() and
            (CANARY.encode() in p.read_bytes() or b"5e1f0c9b7a3d42e8" in p.read_bytes())]


RUNS = {
    "extract": ["extract", "--account", "acct", "--engine", "openai", "--model", "m",
                "--base-url", CLOSED],
    "extract --debug": ["--debug", "extract", "--account", "acct", "--engine", "openai",
                        "--model", "m", "--base-url", CLOSED],
    "key in the URL": ["--debug", "extract", "--account", "acct", "--engine", "openai",
                       "--model", "m", "--base-url", f"http://user:{CANARY}@127.0.0.1:9/v1"],
    "ask --debug": ["--debug", "ask", "who is the sponsor?", "--account", "acct", "--engine",
                    "openai", "--model", "m", "--base-url", CLOSED],
}


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", list(RUNS))
def test_unreachable_endpoint_never_shows_the_key(workdir: Path, name: str) -> None:
    run = _handoff(workdir, RUNS[name])
    assert run.returncode != 0
    assert "cannot reach the endpoint" in run.stderr
    assert _leaks(run.stdout, run.stderr) == []
    if "--debug" not in RUNS[name]:
        errors = [ln for ln in run.stderr.splitlines() if ln.startswith("error:")]
        assert len(errors) == 1 and "Traceback" not in run.stderr, run.stderr


@pytest.fixture
def echoing_server() -> Iterator[FakeOpenAI]:
    """A server that puts the key it was sent into every error it returns."""
    fake = FakeOpenAI().start()
    fake.push(error(401, f"Incorrect API key provided: {CANARY}", "invalid_api_key"))
    fake.push(*[error(500, f"upstream failed for Authorization: Bearer {CANARY}")] * 30)
    try:
        yield fake
    finally:
        fake.stop()


@pytest.mark.timeout(300)
def test_key_echoed_by_the_server_is_not_repeated(workdir: Path, echoing_server: FakeOpenAI,
                                                  capsys: pytest.CaptureFixture) -> None:
    runs = []
    for debug in ([], ["--debug"], []):  # 401 (auth error), then 500s (retried, then failed)
        runs.append(_handoff(workdir, [*debug, "extract", "--account", "acct", "--engine",
                                       "openai", "--model", "m", "--base-url",
                                       echoing_server.url]))
    assert all(r.returncode != 0 for r in runs)
    assert "rejected the API key" in runs[0].stderr, runs[0].stderr
    assert "HTTP 500 after 2 attempts" in runs[2].stderr, runs[2].stderr
    sent = {k.lower(): v for k, v in echoing_server.headers[0].items()}
    assert sent["authorization"] == f"Bearer {CANARY}"  # the key was really sent
    assert _leaks(*(r.stdout + r.stderr for r in runs)) == []
    assert _files_holding_the_key(workdir) == []  # store, LLM cache, records, logs
    with capsys.disabled():
        print(f"\nsecrets: {len(RUNS) + len(runs)} CLI runs with a canary key, "
              "leaks in output/tracebacks/files 0")
