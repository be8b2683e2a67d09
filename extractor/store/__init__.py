"""The account store: SQLite for documents and records, Chroma for chunk vectors."""

from extractor.store.account_store import AccountStore, ForgetReport, RecordKind, UpsertStatus
from extractor.store.db import DocSummary

__all__ = ["AccountStore", "DocSummary", "ForgetReport", "RecordKind", "UpsertStatus"]
