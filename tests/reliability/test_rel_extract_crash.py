"""SIGKILL during `handoff extract`: the saved draft and the --out file are the old or the new.

Records live in SQLite (one transaction per save) and ``--out`` files are
written to a temporary file and renamed over the target. These tests kill the
real CLI at the two worst moments (half a record inserted; new file written but
not renamed) and at spread-out moments of a normal run, then check what a user
would read next.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
from store_helpers import PYTHON, cli_env, make_account_dir, make_store

from extractor.atomic_io import write_text_atomic
from extractor.models import HandoffRecord

CHILD = Path(__file__).with_name("rel_cli_child.py")


def _cmd(tmp_path: Path, out: Path) -> list[str]:
    return [PYTHON, str(CHILD), "extract", "--account", "fjord", "--out", str(out)]


def _items(record: HandoffRecord) -> str:
    """The record without its run-specific fields (two runs of the local engine agree on it)."""
    keep = ("success_criteria", "stakeholders", "expansion_signals", "risks")
    return record.model_dump_json(include=set(keep))


@pytest.fixture
def extracted(tmp_path: Path) -> tuple[Path, str, float]:
    """An ingested account extracted once: (--out file, its items, seconds the run took)."""
    folder = make_account_dir(tmp_path / "fjord")
    run = subprocess.run([PYTHON, str(CHILD), "ingest", str(folder), "--account", "fjord",
                          "--embedder", "hash"], capture_output=True, text=True,
                         env=cli_env(tmp_path), timeout=120)
    assert run.returncode == 0, run.stderr
    out = tmp_path / "record.json"
    started = time.perf_counter()
    run = subprocess.run(_cmd(tmp_path, out), capture_output=True, text=True,
                         env=cli_env(tmp_path), timeout=120)
    assert run.returncode == 0, run.stderr
    items = _items(HandoffRecord.model_validate_json(out.read_text()))
    return out, items, time.perf_counter() - started


def _assert_old_or_new(tmp_path: Path, out: Path, items: str) -> None:
    """The --out file and the stored draft are complete, valid records with the same items."""
    assert _items(HandoffRecord.model_validate_json(out.read_text())) == items
    store = make_store(tmp_path)
    draft = store.load_record("fjord")
    store.close()
    assert draft is not None and _items(draft) == items


@pytest.mark.timeout(300)
@pytest.mark.parametrize("moment", ["record-row", "record-file"])
def test_sigkill_at_the_worst_moment_of_a_record_write(tmp_path: Path, extracted, moment: str
                                                       ) -> None:
    out, items, _ = extracted
    before = out.read_bytes()
    run = subprocess.run(_cmd(tmp_path, out), capture_output=True, text=True, timeout=120,
                         env={**cli_env(tmp_path), "REL_KILL_AT": moment})
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert out.read_bytes() == before  # the old file, untouched
    _assert_old_or_new(tmp_path, out, items)
    rerun = subprocess.run(_cmd(tmp_path, out), capture_output=True, text=True, timeout=120,
                           env=cli_env(tmp_path))
    assert rerun.returncode == 0, rerun.stderr
    _assert_old_or_new(tmp_path, out, items)


@pytest.mark.timeout(300)
def test_sigkill_at_spread_out_moments_of_extract(tmp_path: Path, extracted,
                                                  capsys: pytest.CaptureFixture) -> None:
    out, items, seconds = extracted
    killed = 0
    fractions = (0.5, 0.75, 0.9, 1.0)
    for fraction in fractions:
        child = subprocess.Popen(_cmd(tmp_path, out), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, env=cli_env(tmp_path))
        time.sleep(seconds * fraction)
        child.send_signal(signal.SIGKILL)
        killed += child.wait(timeout=60) == -signal.SIGKILL
        _assert_old_or_new(tmp_path, out, items)
    with capsys.disabled():
        print(f"\nextract crash safety: {len(fractions) + 2} SIGKILLs ({killed} of "
              f"{len(fractions)} timed kills landed before exit, 2 at the record write), "
              "half-written records 0")


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "record.json"
    target.write_text('{"old": true}\n')
    target.chmod(0o640)

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("extractor.atomic_io.os.fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        write_text_atomic(target, '{"new": true}\n' * 1000)
    assert target.read_text() == '{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["record.json"]  # no temp file left behind
    monkeypatch.undo()
    write_text_atomic(target, '{"new": true}\n')
    assert target.read_text() == '{"new": true}\n'
    assert target.stat().st_mode & 0o777 == 0o640  # permissions kept
