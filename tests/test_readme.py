"""The README's commands exist with the flags it shows (docs must not drift from the code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_invocations() -> list[tuple[str, list[str]]]:
    """(subcommand, flags) for each `handoff ...` line in the README's shell blocks."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            command = line.split("#", 1)[0]
            match = re.search(r"(?:^|\s)handoff (\w+)(.*)", command)
            if match:
                found.append((match.group(1), re.findall(r"(--[a-z][\w-]*)", match.group(2))))
    return found


def test_readme_shows_the_two_setup_commands_and_ci_calls_make_test() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    assert "make demo" in quickstart and "make test" in quickstart
    assert "make test" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize(("command", "flags"), readme_invocations())
def test_readme_command_and_flags_exist(command: str, flags: list[str]) -> None:
    result = CliRunner().invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0, f"handoff {command}: {result.output}"
    for flag in flags:
        assert flag in result.output, f"README shows handoff {command} {flag}, which does not exist"
