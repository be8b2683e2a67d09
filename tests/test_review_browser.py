"""The review page in a real headless Chromium: click, see the passage, decide, export.

Chromium comes from Debian's ``chromium`` package (``make test`` installs it when
run as root). The test is skipped only when no Chromium binary can be found.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import handoff_fixtures as fx
import pytest
from handoff_cdp import Browser, click, find_chromium

from extractor.handoff.review import accept_review
from extractor.handoff.review_html import render_review_html

pytestmark = pytest.mark.chromium
CHROMIUM = find_chromium()


@pytest.fixture
def page(tmp_path):
    if CHROMIUM is None:
        pytest.skip("no chromium binary on PATH (install Debian's `chromium`: make chromium)")
    docs = fx.documents()
    path = tmp_path / "review.html"
    path.write_text(render_review_html(fx.record(docs), docs), encoding="utf-8")
    browser = Browser(CHROMIUM, tmp_path / "profile")
    browser.allow_downloads(tmp_path / "downloads")
    browser.goto(path.as_uri())
    yield browser
    browser.close()


def _highlight(browser: Browser) -> dict:
    return browser.eval(
        "(() => { const m = document.getElementById('highlight'); const r ="
        " m.getBoundingClientRect(); return {text: m.textContent, top: r.top, bottom: r.bottom,"
        " left: r.left, right: r.right, w: innerWidth, h: innerHeight,"
        " name: document.getElementById('doc-name').textContent,"
        " meta: document.getElementById('doc-meta').textContent}; })()")


def _visible(box: dict) -> bool:
    inside_y = 0 <= box["top"] < box["bottom"] <= box["h"]
    return inside_y and 0 <= box["left"] < box["right"] <= box["w"]


def _shown_with(browser: Browser, select_id: str, value: str) -> list[str]:
    """Ids of the cards visible with one filter set, then the filter is cleared again."""
    set_to = (f"(v) => {{ const f = document.getElementById('{select_id}'); f.value = v;"
              " f.dispatchEvent(new Event('change')); }")
    browser.eval(f"({set_to})({value!r})")
    shown = browser.eval("[...document.querySelectorAll('.card')]"
                         ".filter(c => c.offsetParent !== null).map(c => c.dataset.id)")
    browser.eval(f"({set_to})('')")
    return shown


def _wait_for(path: Path, timeout: float = 10.0) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size and not list(path.parent.glob("*.crdownload")):
            return path
        time.sleep(0.1)
    raise TimeoutError(f"no download at {path}")


def test_click_shows_passage_decide_and_export(page, tmp_path):
    record = fx.record()
    assert page.eval("typeof window.handoffReview") == "object"  # the script ran to the end
    assert page.eval("document.querySelectorAll('.card').length") == 8

    click(page, "#item-rk-sync .title")  # the quote sits below 60 lines of chatter
    box = _highlight(page)
    assert box["text"] == record.risks[0].evidence[0].quote
    assert box["name"] == "docs/2026-05-20-status.txt" and box["meta"].startswith("2026-05-20")
    assert _visible(box), box

    click(page, "#item-ex-seats button.ev")
    box = _highlight(page)
    assert box["text"] == "We may need 20 more seats after Q3"
    assert box["name"] == "docs/2026-06-01-exec.eml" and _visible(box)

    page.eval("document.getElementById('reviewer').value = 'Jo Lead'")
    click(page, "#item-sc-cycle button.accept")
    click(page, "#item-st-lena button.reject")
    click(page, "#item-rk-sync button.edit")
    page.eval("document.querySelector('#item-rk-sync textarea[name=mitigation]').value ="
              " 'IT caps batches at 4k rows'")
    click(page, "#item-rk-sync form.editor button[type=submit]")

    assert _shown_with(page, "f-review", "rejected") == ["st-lena"]
    assert _shown_with(page, "f-confidence", "low") == ["st-lena"]  # 0.4
    assert _shown_with(page, "f-status", "open") == ["rk-sync"]
    assert _shown_with(page, "f-category", "expansion_signals") == ["ex-returns", "ex-seats"]
    click(page, "#item-rk-sync .title")
    page.screenshot(tmp_path / "review.png")

    click(page, "#export")
    exported = page.eval("window.handoffLastExport")
    downloaded = json.loads(_wait_for(tmp_path / "downloads" / "acme-tools-reviewed.json")
                            .read_text())
    assert downloaded == exported
    decisions = {item["id"]: item["review"] for cat in ("success_criteria", "stakeholders",
                 "expansion_signals", "risks") for item in exported[cat] if item["review"]}
    assert {k: v["decision"] for k, v in decisions.items()} == {
        "sc-cycle": "accepted", "st-lena": "rejected", "rk-sync": "edited"}
    assert decisions["rk-sync"]["edited_fields"] == ["mitigation"]
    assert {v["reviewer"] for v in decisions.values()} == {"Jo Lead"}
    assert exported["risks"][0]["mitigation"] == "IT caps batches at 4k rows"

    store = fx.make_store(tmp_path / "store")
    signed = accept_review(store, fx.ACCOUNT, exported, "Jo Lead")
    assert (signed.signoff.accepted, signed.signoff.edited, signed.signoff.rejected) == (
        ["sc-cycle"], ["rk-sync"], ["st-lena"])
