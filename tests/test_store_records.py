"""Records are written atomically: a writer killed at any moment leaves a whole record."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from store_helpers import PYTHON, ROOT, make_store


def test_sigkill_while_saving_records_leaves_a_valid_record(tmp_path: Path) -> None:
    code = (
        f"import sys, datetime as dt; sys.path.insert(0, {str(ROOT)!r})\n"
        "from extractor.models import HandoffRecord, Risk\n"
        "from extractor.settings import Settings\nfrom extractor.store import AccountStore\n"
        f"s = AccountStore(Settings.resolve(store={str(tmp_path / 'store')!r}))\n"
        "i = 0\n"
        "while True:\n"
        "    risks = [Risk(summary=f'risk {i} {n} ' + 'x' * 2000) for n in range(50)]\n"
        "    s.save_record('acct', HandoffRecord(account='acct', as_of=dt.date(2026, 1, 1),"
        " risks=risks, engine=str(i)))\n"
        "    if i == 3: print('saving', flush=True)\n"
        "    i += 1\n")
    child = subprocess.Popen([PYTHON, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "saving"  # type: ignore[union-attr]
    time.sleep(0.5)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    record = make_store(tmp_path).load_record("acct")
    assert record is not None and len(record.risks) == 50
    assert all(r.summary.startswith(f"risk {record.engine} ") for r in record.risks)
