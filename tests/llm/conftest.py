"""Fixtures for the LLM engine tests: cassettes, the scripted fake server, test documents.

Cassette tests replay ``tests/cassettes/<module>/<test>.yaml`` with record mode
``none`` (no server, no network). ``HANDOFF_RECORD=1`` (``make record-cassettes``)
starts the fake server on 127.0.0.1 and records against it. Requests match on
method, path and a canonicalised JSON body, so any change to the prompt, the
documents or the schema is a cassette miss that names the differing message,
never a wrong replay. Credentials are filtered before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from llm_common import CASSETTES, FILTERED_HEADERS, json_body_matcher
from llm_fake_server import FakeOpenAI


def pytest_recording_configure(config: Any, vcr: Any) -> None:
    vcr.register_matcher("json_body", json_body_matcher)


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in FILTERED_HEADERS:
            headers.pop(name)
    return response


@pytest.fixture(scope="session")
def record_mode(request: pytest.FixtureRequest) -> str:
    """``--record-mode`` if given, ``once`` under HANDOFF_RECORD=1, else replay only."""
    option = request.config.getoption("--record-mode")
    if option:
        return option
    return "once" if os.environ.get("HANDOFF_RECORD") == "1" else "none"


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(CASSETTES / Path(str(request.node.fspath)).stem)


@pytest.fixture
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": FILTERED_HEADERS,
        "match_on": ["method", "path", "json_body"],
        "decode_compressed_response": True,
        "before_record_response": _scrub_response,
        "allow_playback_repeats": False,
        "allowed_hosts": ["127.0.0.1"],  # --block-network still lets the fake server in
    }


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user config, key or endpoint leaks into a test."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "HANDOFF_MODEL", "OPENAI_ORG_ID",
                 "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HANDOFF_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("HANDOFF_STORE", str(tmp_path / "store"))


@pytest.fixture
def fake(record_mode: str):
    """The scripted server, started only when recording (replay needs no server)."""
    server = FakeOpenAI()
    if record_mode != "none":
        server.start()
    yield server
    server.stop()


@pytest.fixture
def live_fake():
    """A started fake server, for tests that exercise real HTTP failures (127.0.0.1 only)."""
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def base_url(fake: FakeOpenAI, record_mode: str) -> str:
    """The fake server's URL when recording; any URL when replaying (never contacted)."""
    return fake.url if record_mode != "none" else "http://127.0.0.1:9/v1"


@pytest.fixture
def engine_options(tmp_path: Path) -> dict[str, Any]:
    """Fast, deterministic engine settings for tests (tiny backoff, own cache dir)."""
    return {"model": "fake-model", "max_retries": 2, "base_delay": 0.0, "max_delay": 0.05,
            "timeout": 5.0, "concurrency": 2, "cache_dir": tmp_path / "llm-cache"}
