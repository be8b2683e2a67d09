"""The review page is one self-contained file whose data cannot break out of its script."""

from __future__ import annotations

import json
import re

import handoff_fixtures as fx

from extractor.handoff.review_html import field_schema, render_review_html


def _data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="handoff-data">(.*?)</script>',
                      page, re.S)
    assert found
    return json.loads(found.group(1))


def test_page_is_self_contained_and_embeds_record_and_sources():
    docs = fx.documents()
    page = render_review_html(fx.record(docs), docs)
    assert not re.search(r'<(script|link|img)[^>]+(src|href)=', page)
    assert "http://" not in page and "https://" not in page
    data = _data(page)
    assert data["record"]["account"] == "Acme Tools"
    assert set(data["documents"]) == {d.doc_id for d in docs}
    ev = data["record"]["risks"][0]["evidence"][0]
    text = data["documents"][ev["doc_id"]]["text"]
    assert text[ev["start"]:ev["end"]] == ev["quote"]


def test_hostile_document_text_cannot_close_the_script():
    docs = fx.documents()
    hostile = docs[0].model_copy(update={
        "text": docs[0].text + "\n</script><script>alert(1)</script> <!-- & \u2028"})
    page = render_review_html(fx.record(docs), [hostile, *docs[1:]])
    assert page.count("</script>") == 2  # the data block and the app script, nothing else
    assert _data(page)["documents"][hostile.doc_id]["text"] == hostile.text


def test_items_without_ids_get_one_and_schema_follows_models():
    record = fx.record()
    record.risks[0].id = ""
    data = _data(render_review_html(record, fx.documents()))
    assert data["record"]["risks"][0]["id"] == "risks-1"
    schema = {f["name"]: f for f in field_schema()["risks"]}
    assert schema["severity"]["options"] == ["high", "medium", "low"]
    assert schema["mitigation"]["nullable"] and "review" not in schema
    assert {f["name"]: f["type"] for f in field_schema()["expansion_signals"]}["date"] == "date"


def test_signed_off_record_shows_who_signed():
    import datetime as dt

    from extractor.models import SignOff

    record = fx.record()
    record.signoff = SignOff(reviewer="Jo <Lead>", at=dt.datetime(2026, 6, 13, 9, 0))
    page = render_review_html(record, fx.documents())
    assert "signed off by Jo &lt;Lead&gt; on 2026-06-13" in page
