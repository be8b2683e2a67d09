"""`handoff extract` as a library call: stored documents in, saved draft record out.

Loads an account's documents dated on or before ``as_of`` from the store,
builds the extraction context (customer, vendor, vendor email domains,
product, as-of date), runs the named engine and saves the draft, so the CLI,
tests and other tools share one code path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from extractor.documents import Document
from extractor.engines.base import ExtractionContext, get_engine
from extractor.errors import InputError
from extractor.models import HandoffRecord

_ADDRESS = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_PUBLIC_MAIL = frozenset({"gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com"})


def _squash(text: str) -> str:
    """Lower-case letters and digits only, for matching names against domains."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def vendor_domains(documents: Sequence[Document], vendor: str | None,
                   customer: str | None = None) -> list[str]:
    """Email domains of the vendor, guessed from addresses whose domain contains its name.

    A domain matches when its first label starts with the vendor name's first
    word (``ledgerly.io`` for "Ledgerly", ``tesselconsulting.com`` for
    "Tessel Consulting"). Domains that match the customer's name never count.
    """
    if not vendor:
        return []
    words = [w for w in re.findall(r"[a-z0-9]+", vendor.lower()) if len(w) >= 3]
    if not words:
        return []
    customer_key = _squash(customer or "")[:5]
    found: Counter[str] = Counter()
    for doc in documents:
        for domain in _ADDRESS.findall(doc.text):
            found[domain.lower()] += 1
    out = []
    for domain in sorted(found):
        label = _squash(domain.split(".")[0])
        if domain in _PUBLIC_MAIL or (customer_key and label.startswith(customer_key)):
            continue
        if label.startswith(words[0]) or _squash(vendor) in label:
            out.append(domain)
    return out


def build_context(account: str, documents: Sequence[Document], info: Any = None, *,
                  as_of: dt.date | None = None, vendor: str | None = None) -> ExtractionContext:
    """The extraction context from account info, explicit overrides and the documents.

    ``as_of`` defaults to the account info's as-of date, else the latest document date.
    """
    customer = getattr(info, "account", None) if info is not None else None
    vendor = vendor or (getattr(info, "vendor", None) if info is not None else None)
    product = getattr(info, "product", None) if info is not None else None
    day = as_of or (getattr(info, "as_of", None) if info is not None else None)
    if day is None:
        day = max((d.date for d in documents), default=dt.date.today())
    return ExtractionContext(account=account, as_of=day, customer=customer, vendor=vendor,
                             vendor_domains=vendor_domains(documents, vendor, customer),
                             product=product)


def extract_documents(documents: Sequence[Document], context: ExtractionContext, *,
                      engine: str = "local", engine_options: dict[str, Any] | None = None
                      ) -> HandoffRecord:
    """Run an engine over documents dated on or before ``context.as_of``."""
    visible = [d for d in documents if d.date <= context.as_of]
    if not context.vendor_domains and context.vendor:
        context = context.model_copy(update={
            "vendor_domains": vendor_domains(visible, context.vendor, context.customer)})
    return get_engine(engine, **(engine_options or {})).extract(visible, context)


def extract_account(store: Any, account: str, *, engine: str = "local",
                    as_of: dt.date | None = None, vendor: str | None = None,
                    engine_options: dict[str, Any] | None = None,
                    save: bool = True) -> HandoffRecord:
    """Extract an account's handoff record from the store and save it as the draft.

    Args:
        store: an ``extractor.store.AccountStore``.
        account: the account slug.
        engine: registered engine name ("local", "openai").
        as_of: only documents dated on or before it are read; statuses are as of it.
        vendor: the vendor's name when account.json does not give it.
        engine_options: passed to the engine's constructor.
        save: store the record as the account's draft.

    Raises:
        InputError: the account has no documents on or before ``as_of``.
        UnknownEngineError: no engine of that name.
    """
    info = store.account_info(account)
    day = as_of or (getattr(info, "as_of", None) if info is not None else None)
    documents = store.documents(account, until=day)
    if not documents:
        when = f" on or before {day.isoformat()}" if day else ""
        raise InputError(f"account {account!r} has no ingested documents{when}; "
                         f"run `handoff ingest` first")
    context = build_context(account, documents, info, as_of=day, vendor=vendor)
    record = extract_documents(documents, context, engine=engine, engine_options=engine_options)
    if save:
        from extractor.handoff.review import draft_with_decisions

        record = draft_with_decisions(store, account, record)
        store.save_record(account, record)
    return record


def render_record(record: HandoffRecord, output_format: str, store: Any = None) -> str:
    """The record as JSON (the contract), Markdown or the review HTML page.

    Raises:
        InputError: an unknown format.
    """
    if output_format == "json":
        return record.to_json()
    if output_format == "md":
        from extractor.handoff.render_md import render_markdown

        info = store.account_info(record.account) if store is not None else None
        return render_markdown(record, account_info=info)
    if output_format == "html":
        from extractor.handoff.review_html import render_review_html

        documents = store.documents(record.account, until=record.as_of) if store else []
        return render_review_html(record, documents)
    raise InputError(f"--format {output_format!r}: expected json, md or html")
