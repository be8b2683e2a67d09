"""A small synthetic account (documents + record) for the handoff tests.

Invented names and text, so the tests check behaviour rather than dev-set phrases.
Evidence offsets are computed by ``extractor.grounding`` from the stored text.
"""

from __future__ import annotations

import datetime as dt

from extractor.documents import DateSource, DocType, Document, stable_id
from extractor.grounding import evidence_for
from extractor.models import (
    ExpansionKind,
    ExpansionSignal,
    HandoffRecord,
    Level,
    PersonStatus,
    Risk,
    RiskCategory,
    RiskStatus,
    Role,
    Stakeholder,
    SuccessCriterion,
)

ACCOUNT = "acme-tools"
FILLER = "\n".join(f"Line {n}: routine status chatter about timesheets and lunch." for n in
                   range(60))

DOC_TEXTS = {
    "docs/2026-02-03-kickoff.md": (
        "Kickoff notes\nAttendees: Priya Raman (COO), Tom Okafor (IT lead)\n"
        "Priya signed the order form and owns the budget.\n"
        "Goal: cut invoice cycle time from 12 to 5 days by 2026-09-30.\n"
        "Also wants the team to be more efficient overall.\n" + FILLER),
    "docs/2026-05-20-status.txt": (
        "Weekly status\n" + FILLER + "\nTom Okafor is leaving at end of June; "
        "Lena Brandt takes over as IT lead.\n"
        "The ERP sync drops records when the batch exceeds 5k rows - no fix yet.\n"
        "Warehouse team asked unprompted if they could use it for returns.\n"),
    "docs/2026-06-01-exec.eml": (
        "From: Priya Raman\nSubject: sponsor\n\nI will sponsor this personally; "
        "Dan Moreau (CEO) wants a quarterly view.\nWe may need 20 more seats after Q3.\n"),
}


def documents() -> list[Document]:
    """The account's stored documents."""
    docs = []
    for source, text in DOC_TEXTS.items():
        date = dt.date.fromisoformat(source.split("/")[1][:10])
        docs.append(Document(
            doc_id=stable_id(ACCOUNT, source), account=ACCOUNT, source=source,
            doc_type=DocType.TEXT, date=date, date_source=DateSource.FILENAME, text=text,
            content_hash=stable_id(text)))
    return docs


def _ev(docs: list[Document], source: str, quote: str):
    doc = next(d for d in docs if d.source == source)
    found = evidence_for(doc, quote)
    assert found is not None, quote
    return found


def record(docs: list[Document] | None = None) -> HandoffRecord:
    """A draft record with one of everything the gate and plan look at."""
    docs = docs or documents()
    k, s, e = "docs/2026-02-03-kickoff.md", "docs/2026-05-20-status.txt", "docs/2026-06-01-exec.eml"
    return HandoffRecord(
        account="Acme Tools", as_of=dt.date(2026, 6, 12), engine="fake",
        success_criteria=[
            SuccessCriterion(id="sc-cycle", statement="Cut invoice cycle time from 12 to 5 days",
                             metric="invoice cycle time", baseline="12 days", target="5 days",
                             due=dt.date(2026, 9, 30), measurable=True, confidence=0.9,
                             evidence=[_ev(docs, k, "cut invoice cycle time from 12 to 5 days")]),
            SuccessCriterion(id="sc-vague", statement="Make the team more efficient",
                             measurable=False, confidence=0.6,
                             evidence=[_ev(docs, k, "wants the team to be more efficient")]),
        ],
        stakeholders=[
            Stakeholder(id="st-priya", name="Priya Raman", title="COO",
                        role=Role.ECONOMIC_BUYER, stance="champion", influence=Level.HIGH,
                        confidence=0.85,
                        evidence=[_ev(docs, k, "Priya signed the order form and owns the budget")]),
            Stakeholder(id="st-tom", name="Tom Okafor", title="IT lead",
                        role=Role.TECHNICAL_CONTACT, status=PersonStatus.LEAVING,
                        notes="Leaving end of June", confidence=0.8,
                        evidence=[_ev(docs, s, "Tom Okafor is leaving at end of June")]),
            Stakeholder(id="st-lena", name="Lena Brandt", title="IT lead",
                        role=Role.TECHNICAL_CONTACT, status=PersonStatus.NEW, confidence=0.4,
                        evidence=[_ev(docs, s, "Lena Brandt takes over as IT lead")]),
        ],
        expansion_signals=[
            ExpansionSignal(id="ex-returns", summary="Warehouse team wants returns handling",
                            date=dt.date(2026, 5, 20), mentioned_by=None,
                            kind=ExpansionKind.NEW_USE_CASE, confidence=0.7,
                            evidence=[_ev(docs, s, "Warehouse team asked unprompted")]),
            ExpansionSignal(id="ex-seats", summary="20 more seats after Q3",
                            date=dt.date(2026, 6, 1), mentioned_by="Priya Raman",
                            kind=ExpansionKind.SEATS, confidence=0.75,
                            evidence=[_ev(docs, e, "We may need 20 more seats after Q3")]),
        ],
        risks=[
            Risk(id="rk-sync", summary="ERP sync drops records above 5k rows",
                 category=RiskCategory.INTEGRATION, severity=Level.HIGH,
                 status=RiskStatus.OPEN, confidence=0.8,
                 evidence=[_ev(docs, s, "The ERP sync drops records when the batch exceeds")]),
        ],
    )


ACCOUNT_INFO = {
    "account": "Acme Tools", "vendor": "Vendorly", "product": "Vendorly AP",
    "as_of": "2026-06-12",
    "contract": {"acv_usd": 100000, "seats": 50, "start": "2026-02-01",
                 "renewal": "2027-02-01", "active_users_at_go_live": 42},
}


def make_store(root, *, account: str = ACCOUNT, draft: HandoffRecord | None = None):
    """An isolated store holding the synthetic account's documents, info and draft."""
    from extractor.account import AccountInfo
    from extractor.settings import Settings
    from extractor.store import AccountStore

    store = AccountStore(Settings.resolve(store=root))
    docs = documents()
    store.db.commit_documents([(doc, []) for doc in docs])
    store.save_account_info(account, AccountInfo.model_validate(ACCOUNT_INFO))
    store.save_record(account, draft or record(docs), "draft")
    return store
