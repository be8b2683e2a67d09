"""Failures users meet: bad key, unknown model, dead endpoint, timeouts, missing config.

These talk real HTTP to the scripted server on 127.0.0.1 (timeouts and refused
connections cannot be replayed from a cassette). Every message is checked for
the canary key, and so are logs and the ``--debug`` traceback.
"""

from __future__ import annotations

import logging
import socket
import traceback
from pathlib import Path

import pytest
from llm_common import CANARY_KEY
from llm_docs import CONTEXT, buyer, kickoff, make_doc, status, tobias
from llm_fake_server import Scripted, completion, error, reply

from extractor.engines import get_engine
from extractor.errors import (
    EngineAuthError,
    EngineConfigError,
    EngineUnreachableError,
    HandoffError,
    UnknownModelError,
)


def _engine(url: str, options: dict, **extra):
    return get_engine("openai", base_url=url, api_key=CANARY_KEY, **{**options, **extra})


def _assert_no_key(*texts: str) -> None:
    for text in texts:
        assert CANARY_KEY not in text and "7f3a9c2e1d5b4a6f8e0c" not in text, text


def _debug_output(err: BaseException) -> str:
    """What ``handoff --debug`` prints: the full traceback, chained causes included."""
    return "".join(traceback.format_exception(type(err), err, err.__traceback__))


def test_bad_key_is_an_auth_error_without_the_key(live_fake, engine_options, caplog):
    caplog.set_level(logging.DEBUG)
    live_fake.push(error(401, f"Incorrect API key provided: {CANARY_KEY[:8]}****{CANARY_KEY[-4:]}"
                              f" ({CANARY_KEY})", "invalid_api_key"))
    with pytest.raises(EngineAuthError) as caught:
        _engine(live_fake.url, engine_options).extract([kickoff()], CONTEXT)
    message = str(caught.value)
    assert "rejected the API key" in message and "\n" not in message
    _assert_no_key(message, _debug_output(caught.value), caplog.text, repr(caught.value))
    sent = {k.lower(): v for k, v in live_fake.headers[0].items()}
    assert sent["authorization"] == f"Bearer {CANARY_KEY}", "the key was sent, only on the wire"


def test_unknown_model(live_fake, engine_options):
    live_fake.push(error(404, "The model `nope` does not exist", "model_not_found"))
    with pytest.raises(UnknownModelError, match="'fake-model' is not served"):
        _engine(live_fake.url, engine_options).extract([kickoff()], CONTEXT)


def test_unreachable_endpoint(engine_options, caplog):
    caplog.set_level(logging.DEBUG)
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(EngineUnreachableError, match="cannot reach the endpoint") as caught:
        _engine(f"http://127.0.0.1:{port}/v1", engine_options).extract([kickoff()], CONTEXT)
    _assert_no_key(str(caught.value), _debug_output(caught.value), caplog.text)


def test_error_classes_have_distinct_exit_codes():
    codes = {cls.exit_code for cls in (EngineAuthError, UnknownModelError,
                                       EngineUnreachableError, EngineConfigError)}
    assert len(codes) == 4 and HandoffError.exit_code not in codes


def test_missing_model_and_missing_key_are_config_errors(monkeypatch):
    with pytest.raises(EngineConfigError, match="--model"):
        get_engine("openai", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(EngineConfigError, match="OPENAI_API_KEY"):
        get_engine("openai", model="gpt-4o-mini")
    monkeypatch.setenv("OPENAI_API_KEY", CANARY_KEY)
    monkeypatch.setenv("HANDOFF_MODEL", "gpt-4o-mini")
    engine = get_engine("openai")
    assert engine.needs_key and not engine.offline
    _assert_no_key(repr(engine), repr(engine.settings), str(engine.settings))


def test_keyless_local_server_needs_no_key(live_fake, engine_options):
    live_fake.push(reply(stakeholders=[buyer(kickoff())]))
    engine = get_engine("openai", base_url=live_fake.url, **engine_options)
    assert engine.needs_key is False
    record = engine.extract([kickoff()], CONTEXT)
    assert [s.name for s in record.stakeholders] == ["Maren Ostrowski"]


def test_config_file_supplies_model_and_base_url(live_fake, engine_options, tmp_path,
                                                  monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text(f'[openai]\nmodel = "from-config"\nbase_url = "{live_fake.url}"\n'
                      "concurrency = 3\n", encoding="utf-8")
    monkeypatch.setenv("HANDOFF_CONFIG", str(config))
    engine = get_engine("openai")
    assert engine.settings.model == "from-config" and engine.settings.concurrency == 3
    monkeypatch.setenv("HANDOFF_MODEL", "from-env")
    assert get_engine("openai").settings.model == "from-env"
    assert get_engine("openai", model="explicit").settings.model == "explicit"


def _slow_for(doc_id: str, slow_times: list[int], good: Scripted):
    """A script step: delay past the client timeout for requests carrying ``doc_id``."""
    def step(body):
        if doc_id in body["messages"][-1]["content"] and slow_times[0] > 0:
            slow_times[0] -= 1
            return Scripted(delay=1.5, body={})
        return good
    return step


def test_timeout_then_success(live_fake, engine_options):
    kick = kickoff()
    step = _slow_for(kick.doc_id, [1], reply(stakeholders=[buyer(kick)]))
    live_fake.push(step, step)
    record = _engine(live_fake.url, engine_options, timeout=0.5).extract([kick], CONTEXT)
    assert [s.name for s in record.stakeholders] == ["Maren Ostrowski"]
    assert record.stats.failed_batches == []


def test_batch_that_keeps_timing_out_is_reported_and_the_rest_kept(live_fake, engine_options):
    kick, stat = kickoff(), status()
    good = reply(stakeholders=[tobias(stat, "Subject: Re: status")])
    step = _slow_for(kick.doc_id, [99], good)
    live_fake.push(*[step] * 4)
    record = _engine(live_fake.url, engine_options, timeout=0.5, max_retries=1,
                     token_budget=200).extract([kick, stat], CONTEXT)
    assert record.extra["batches"] == 2
    assert len(record.stats.failed_batches) == 1
    assert "kickoff" in record.stats.failed_batches[0]
    assert "timeout after 2 attempts" in record.stats.failed_batches[0]
    assert [s.name for s in record.stakeholders] == ["Tobias Kell"]


def test_endpoint_without_structured_output_falls_back_to_json_mode(live_fake, engine_options):
    kick = kickoff()
    live_fake.push(error(400, "response_format json_schema is not supported by this server"),
                   reply(stakeholders=[buyer(kick)]))
    record = _engine(live_fake.url, engine_options).extract([kick], CONTEXT)
    assert record.extra["output_mode"] == "json_object"
    assert [s.name for s in record.stakeholders] == ["Maren Ostrowski"]
    second = live_fake.requests[1]
    assert second["response_format"] == {"type": "json_object"}
    assert '"additionalProperties"' in second["messages"][0]["content"], "schema in the prompt"


def test_retry_after_is_respected_and_capped(live_fake, engine_options, caplog):
    caplog.set_level(logging.WARNING)
    kick = kickoff()
    live_fake.push(error(429, "slow down", retry_after="30"), reply(stakeholders=[buyer(kick)]))
    record = _engine(live_fake.url, engine_options, max_delay=0.01).extract([kick], CONTEXT)
    assert record.stakeholders and "HTTP 429" in caplog.text and "0.01s" in caplog.text
    _assert_no_key(caplog.text)


def test_truncated_reply_splits_the_batch(live_fake, engine_options):
    kick, stat = kickoff(), status()

    def step(body):
        user = body["messages"][-1]["content"]
        if kick.doc_id in user and stat.doc_id in user:  # both documents: "too long"
            cut = completion('{"stakeholders": [{"name": "Maren', completion_tokens=4096)
            cut.body["choices"][0]["finish_reason"] = "length"
            return cut
        if kick.doc_id in user:
            return reply(stakeholders=[buyer(kick)])
        return reply(stakeholders=[tobias(stat, "Subject: Re: status")])

    live_fake.push(step, step, step)
    record = _engine(live_fake.url, engine_options, concurrency=1).extract([kick, stat], CONTEXT)
    assert sorted(s.name for s in record.stakeholders) == ["Maren Ostrowski", "Tobias Kell"]
    assert record.stats.failed_batches == [] and len(live_fake.requests) == 3
    assert record.stats.completion_tokens == 4096 + 300 + 300


def test_concurrency_limit_holds(live_fake, engine_options):
    docs = [kickoff(), status(), *[
        make_doc(f"docs/2026-05-0{i}-note.md", f"2026-05-0{i}", f"Note {i}. " + "filler " * 120)
        for i in range(1, 5)]]

    def slow(body):
        return Scripted(delay=0.3, body=reply().body)

    live_fake.push(*[slow] * 12)
    record = _engine(live_fake.url, engine_options, concurrency=2,
                     token_budget=200).extract(docs, CONTEXT)
    assert record.extra["batches"] >= 4
    assert live_fake.max_in_flight == 2


def test_cli_debug_output_never_shows_the_key(live_fake, monkeypatch, tmp_path):
    """The real CLI with --debug, a rejected key and an eval run: the key appears nowhere."""
    from typer.testing import CliRunner

    from cli import app

    live_fake.push(*[error(401, f"Incorrect API key provided: {CANARY_KEY}")] * 5)
    monkeypatch.setenv("OPENAI_BASE_URL", live_fake.url)
    monkeypatch.setenv("OPENAI_API_KEY", CANARY_KEY)
    monkeypatch.setenv("HANDOFF_CACHE", str(tmp_path / "cache"))
    examples = Path(__file__).resolve().parents[2] / "examples"
    report = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["--debug", "eval", str(examples), "--engine", "openai",
                                      "--model", "fake-model", "--no-qa", "--json", str(report)])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    output += "".join(traceback.format_exception(result.exception)) if result.exception else ""
    assert "rejected the API key" in output or "rejected the API key" in report.read_text()
    _assert_no_key(output, report.read_text() if report.exists() else "")
