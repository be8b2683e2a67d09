"""The LLM extraction run: batch, map over batches, ground, count, then merge.

Batches are built and rendered in order first (so redaction placeholders and
cache keys are deterministic), then sent concurrently up to the configured
limit. A batch that still fails after retries and one repair round is recorded
in ``stats.failed_batches`` and the run goes on; a bad key, unknown model or
unreachable endpoint stops the run with a typed error.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from extractor.documents import Document
from extractor.engines.base import ExtractionContext
from extractor.engines.openai_engine import messages as msg
from extractor.engines.openai_engine.batching import (
    Batch,
    make_batches,
    token_counter,
    tokenizer_name,
)
from extractor.engines.openai_engine.cache import ResponseCache, account_dir, cache_key
from extractor.engines.openai_engine.client import (
    ChatClient,
    TransientEngineError,
    TruncatedReplyError,
)
from extractor.engines.openai_engine.config import EngineSettings
from extractor.engines.openai_engine.cost import estimate_cost
from extractor.engines.openai_engine.ground import Grounder, GroundingCounts
from extractor.engines.openai_engine.schema import (
    extraction_model,
    schema_fingerprint,
    strict_json_schema,
)
from extractor.errors import EngineError
from extractor.models import HandoffRecord, Item, RunStats
from extractor.prompt_files import PromptBank
from extractor.redact import Redactor

log = logging.getLogger("extractor.engines.openai")
ENGINE_VERSION = "1"
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


@dataclass
class BatchOutcome:
    """What one batch produced, cost and dropped."""

    batch: Batch
    items: list[tuple[str, Item]] = field(default_factory=list)
    counts: GroundingCounts = field(default_factory=GroundingCounts)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cache_hits: int = 0
    failures: list[str] = field(default_factory=list)

    def absorb(self, other: BatchOutcome) -> None:
        """Add a sub-batch's results (after a split) to this outcome."""
        self.items += other.items
        self.counts.candidates += other.counts.candidates
        self.counts.kept += other.counts.kept
        for reason, count in other.counts.dropped.items():
            self.counts.dropped[reason] += count
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cache_hits += other.cache_hits
        self.failures += other.failures


class ExtractionRun:
    """One extraction of one account through an OpenAI-compatible endpoint."""

    def __init__(self, settings: EngineSettings, bank: PromptBank, client: ChatClient) -> None:
        self.settings = settings
        self.bank = bank
        self.client = client
        self.cache = ResponseCache(None)  # per account, set by run()
        self.schema = strict_json_schema()
        self.redactor: Redactor | None = None
        self._context = ExtractionContext(account="", as_of=dt.date.today())  # set by run()
        self._transform: msg.Transform = lambda text: text

    def run(self, documents: Sequence[Document], context: ExtractionContext) -> HandoffRecord:
        """The grounded, merged record for the documents dated on or before ``as_of``."""
        started = time.monotonic()
        documents = [doc for doc in documents if doc.date <= context.as_of]
        if self.settings.cache_dir is not None:
            self.cache = ResponseCache(account_dir(self.settings.cache_dir, context.account))
        if self.settings.redact:
            names = ({p.name for d in documents for p in d.participants}
                     if self.settings.redact_names else set())
            self.redactor = Redactor(names)
        transform = self.redactor.redact if self.redactor else (lambda text: text)
        self._context, self._transform = context, transform
        batches = make_batches(documents, self.settings.token_budget,
                               token_counter(self.settings.model))
        requests = [(b, msg.build_messages(self.bank, context, b, transform)) for b in batches]
        outcomes = self._map(requests)
        record = self._record(outcomes, context, len(documents))
        record.stats.seconds = round(time.monotonic() - started, 3)
        return _finalize(record, documents, context)

    def _map(self, requests: list[tuple[Batch, list[dict[str, str]]]]) -> list[BatchOutcome]:
        """Run the batches concurrently; fatal errors cancel the rest and propagate."""
        with ThreadPoolExecutor(max_workers=self.settings.concurrency) as pool:
            futures = [pool.submit(self._batch, b, m) for b, m in requests]
            try:
                outcomes = [future.result() for future in futures]
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        failed = [o for o in outcomes if o.failures and not o.counts.candidates]
        if outcomes and len(failed) == len(outcomes):
            raise EngineError(f"every batch failed ({len(failed)}); first: "
                              f"{failed[0].failures[0]}")
        return outcomes

    def _batch(self, batch: Batch, messages: list[dict[str, str]]) -> BatchOutcome:
        """Ask, validate (one repair round), restore redactions and ground one batch."""
        outcome = BatchOutcome(batch)
        try:
            reply = self._reply(messages, outcome)
        except TruncatedReplyError as error:
            if len(batch.parts) > 1:
                log.warning("%s: %s; splitting the batch", batch.label(), error)
                return self._split(batch, outcome)
            outcome.failures.append(f"{batch.label()}: {error}")
            return outcome
        except TransientEngineError as error:
            outcome.failures.append(f"{batch.label()}: {error}")
            log.warning("%s", outcome.failures[-1])
            return outcome
        self._ground(batch, reply, outcome)
        return outcome

    def _ground(self, batch: Batch, reply: BaseModel, outcome: BatchOutcome) -> None:
        """Restore redacted values, then keep the items whose quotes code can locate."""
        if self.redactor:
            restored = self.redactor.restore_data(reply.model_dump(mode="json"))
            reply = extraction_model().model_validate(restored)
        grounder = Grounder(batch.documents, self.bank.leakage_texts())
        for category in type(reply).model_fields:
            for item in getattr(reply, category):
                grounded = grounder.ground(category, item)
                if grounded is not None:
                    outcome.items.append((category, grounded))
        outcome.counts = grounder.counts

    def _split(self, batch: Batch, outcome: BatchOutcome) -> BatchOutcome:
        """Run the two halves of a batch whose reply did not fit the output limit."""
        middle = len(batch.parts) // 2
        for parts in (batch.parts[:middle], batch.parts[middle:]):
            half = Batch(batch.number, parts)
            messages = msg.build_messages(self.bank, self._context, half, self._transform)
            outcome.absorb(self._batch(half, messages))
        return outcome

    def _reply(self, messages: list[dict[str, str]], outcome: BatchOutcome) -> BaseModel:
        """The validated reply, from the cache or the endpoint (with one repair round)."""
        key = cache_key(self.settings.model, self.bank.version, schema_fingerprint(), messages)
        cached = self.cache.get(key)
        if cached is not None:
            try:
                parsed = parse_reply(str(cached.get("content", "")))
                outcome.cache_hits += 1
                return parsed
            except ValidationError:
                pass
        result = self.client.complete(messages, self.schema)
        outcome.prompt_tokens += result.prompt_tokens
        outcome.completion_tokens += result.completion_tokens
        content = result.content
        try:
            parsed = parse_reply(content)
        except ValidationError as error:
            if result.finish_reason == "length":
                raise TruncatedReplyError("reply cut off at the model's output limit") from None
            log.warning("%s: reply failed validation; one repair round", outcome.batch.label())
            repair = self.client.complete(
                [*messages, *msg.repair_turns(content, _summary(error))], self.schema)
            outcome.prompt_tokens += repair.prompt_tokens
            outcome.completion_tokens += repair.completion_tokens
            content = repair.content
            try:
                parsed = parse_reply(content)
            except ValidationError as again:
                raise TransientEngineError(
                    f"reply failed validation after one repair: {_summary(again)}") from None
        self.cache.put(key, {"content": content, "model": self.settings.model})
        return parsed

    def _record(self, outcomes: list[BatchOutcome], context: ExtractionContext,
                n_documents: int) -> HandoffRecord:
        """The candidate record with every item and the run's stats."""
        stats = _stats(outcomes, n_documents)
        cost, note = estimate_cost(self.settings.model, stats.prompt_tokens,
                                   stats.completion_tokens, self.settings.prices)
        stats.estimated_cost_usd = cost
        record = HandoffRecord(
            account=context.account, as_of=context.as_of, engine="openai",
            engine_version=ENGINE_VERSION, prompt_version=self.bank.version,
            generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0), stats=stats,
            extra=self._extra(outcomes, note))
        for outcome in outcomes:
            for category, item in outcome.items:
                getattr(record, category).append(item)
        return record

    def _extra(self, outcomes: list[BatchOutcome], cost_note: str | None) -> dict[str, object]:
        """Run facts that are not part of RunStats (model, endpoint, mode, attack counts)."""
        extra: dict[str, object] = {
            "model": self.settings.model,
            "endpoint": self.client.endpoint,
            "output_mode": self.client.mode,
            "tokenizer": tokenizer_name(self.settings.model),
            "batches": len(outcomes),
            "redacted": bool(self.redactor),
            "dropped_injection": sum(o.counts.dropped["injection"] for o in outcomes),
        }
        if cost_note:
            extra["cost_note"] = cost_note
        return extra


def parse_reply(content: str) -> BaseModel:
    """Validate a reply, tolerating a Markdown fence or prose around the JSON object.

    Raises:
        ValidationError: the reply is not JSON in the reply schema.
    """
    text = _FENCE.sub("", content.strip())
    if not text.startswith("{") and "{" in text:
        text = text[text.index("{"): text.rindex("}") + 1]
    return extraction_model().model_validate_json(text)


def _summary(error: ValidationError) -> str:
    """The first few validation errors, one line, for the repair turn and reports."""
    parts = []
    for detail in error.errors()[:5]:
        location = ".".join(str(p) for p in detail.get("loc", ())) or "reply"
        parts.append(f"{location}: {detail.get('msg', '')}")
    return "; ".join(parts)


def _stats(outcomes: list[BatchOutcome], n_documents: int) -> RunStats:
    """Sum the batches' counts, tokens and failures."""
    return RunStats(
        documents=n_documents,
        candidates=sum(o.counts.candidates for o in outcomes),
        dropped_ungrounded=sum(o.counts.dropped["ungrounded"] + o.counts.dropped["injection"]
                               for o in outcomes),
        dropped_leakage=sum(o.counts.dropped["leakage"] for o in outcomes),
        failed_batches=[failure for o in outcomes for failure in o.failures],
        prompt_tokens=sum(o.prompt_tokens for o in outcomes),
        completion_tokens=sum(o.completion_tokens for o in outcomes),
        cache_hits=sum(o.cache_hits for o in outcomes),
    )


def _finalize(record: HandoffRecord, documents: Sequence[Document],
              context: ExtractionContext) -> HandoffRecord:
    """The merge step every engine shares (duplicates, time-aware status, ids, order)."""
    from extractor.merge import finalize_record

    return finalize_record(record, documents, context)
