"""A scripted OpenAI-compatible server on 127.0.0.1, for recording cassettes and error tests.

Each test pushes the responses it wants, in order; a scripted response may be a
function of the request body (e.g. to delay only one batch). The server keeps
every request it saw so tests can assert on what was sent (e.g. redaction).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Scripted:
    """One canned HTTP response."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def completion(content: str, prompt_tokens: int = 1200, completion_tokens: int = 300) -> Scripted:
    """A chat.completion response whose message content is ``content``."""
    return Scripted(body={
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 1767225600,
        "model": "fake-model",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    })


def reply(**categories: list[dict[str, Any]]) -> Scripted:
    """A completion whose content is an extraction reply with the given categories."""
    content = {c: categories.get(c, []) for c in
               ("success_criteria", "stakeholders", "expansion_signals", "risks")}
    return completion(json.dumps(content))


def error(status: int, message: str, code: str | None = None, **headers: str) -> Scripted:
    """An OpenAI-style error response."""
    return Scripted(status=status, headers=headers,
                    body={"error": {"message": message, "type": "invalid_request_error",
                                    "code": code}})


Script = Scripted | Callable[[dict[str, Any]], Scripted]


class FakeOpenAI:
    """The server; ``url`` is its base URL (``http://127.0.0.1:PORT/v1``)."""

    def __init__(self) -> None:
        self.script: deque[Script] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def push(self, *responses: Script) -> None:
        self.script.extend(responses)

    @property
    def url(self) -> str:
        assert self._server is not None, "fake server not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> FakeOpenAI:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def next_response(self, body: dict[str, Any]) -> Scripted:
        with self._lock:
            if not self.script:
                return error(500, "fake server: script exhausted")
            item = self.script.popleft()
        return item(body) if callable(item) else item

    def enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            return

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._send(Scripted(body={"object": "list", "data": [
                    {"id": "fake-model", "object": "model", "owned_by": "test"}]}))
            else:
                self._send(error(404, "not found"))

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append(body)
            fake.headers.append(dict(self.headers))
            if not self.path.endswith("/chat/completions"):
                self._send(error(404, "not found"))
                return
            fake.enter()
            try:
                self._send(fake.next_response(body))
            finally:
                fake.leave()

        def _send(self, scripted: Scripted) -> None:
            if scripted.delay:
                time.sleep(scripted.delay)
            payload = json.dumps(scripted.body).encode()
            try:
                self.send_response(scripted.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for name, value in scripted.headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and went away

    return Handler
