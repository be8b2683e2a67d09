"""Leave-one-account-out predictions of the offline engine, for an honest dev score.

The packaged unit classifier is trained on every dev account, so `handoff eval`
on dev is an in-sample number. This script retrains it 20 times, each time
without one account, extracts that account with the fold's model and saves the
record; score the saved records with the real harness:

    .venv/bin/python bench/cv_local.py ../shared/eval/dev /tmp/cv-preds
    .venv/bin/handoff eval ../shared/eval/dev --predictions /tmp/cv-preds --no-qa \
        --json /tmp/cv.json
"""

from __future__ import annotations

import sys
from pathlib import Path

from extractor.account import load_account_info
from extractor.engines.local import LocalEngine
from extractor.engines.local.training import labelled_from_dir, train
from extractor.parsing import parse_file
from extractor.pipeline import build_context


def main(dataset: Path, out: Path) -> None:
    """Write <slug>.json for every labelled account, each from a model that never saw it."""
    folders = [p for p in sorted(dataset.iterdir()) if (p / "gold.json").is_file()]
    labelled = {p.name: labelled_from_dir(p) for p in folders}
    out.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        model = train([lab for name, lab in labelled.items() if name != folder.name])
        docs = [parse_file(p, account=folder.name, source=f"docs/{p.name}")
                for p in sorted((folder / "docs").iterdir()) if p.is_file()]
        context = build_context(folder.name, docs, load_account_info(folder))
        visible = [d for d in docs if d.date <= context.as_of]
        record = LocalEngine(classifier=model).extract(visible, context)
        (out / f"{folder.name}.json").write_text(record.to_json(), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
