"""Build the chat messages: system prompt, few-shot turns and the batch's documents.

Each document is wrapped in a ``<document>`` element carrying its id, source,
date and type, so the model can cite ids and see the timeline. Text is passed
through a transform (redaction) before it leaves the machine; a closing tag
inside a document is defused so a document cannot end its own element.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from extractor.engines.base import ExtractionContext
from extractor.engines.openai_engine.batching import Batch
from extractor.engines.openai_engine.schema import extraction_model
from extractor.prompt_files import ExampleContext, FewShotExample, PromptBank

Transform = Callable[[str], str]


def _identity(text: str) -> str:
    return text


def render_document(doc_id: str, source: str, date: str, doc_type: str, text: str,
                    part: str | None = None) -> str:
    """One document element as the model sees it."""
    attrs = f'id="{escape(doc_id)}" source="{escape(source)}" date="{date}" type="{doc_type}"'
    if part:
        attrs += f' part="{part}"'
    body = text.replace("</document", "</ document")
    return f"<document {attrs}>\n{body}\n</document>"


def account_header(customer: str | None, vendor: str | None, as_of: str) -> str:
    """The line that opens every user turn."""
    return (f"Account: {customer or 'unknown customer'} (vendor: {vendor or 'unknown vendor'}). "
            f"Handoff date: {as_of}.\nThe documents follow in date order; extract the four "
            "categories as JSON.")


def batch_message(batch: Batch, context: ExtractionContext,
                  transform: Transform = _identity) -> str:
    """The user turn for one batch of real documents."""
    rendered = []
    for part in batch.parts:
        doc = part.document
        label = f"{part.index}/{part.total}" if part.total > 1 else None
        rendered.append(render_document(doc.doc_id, transform(doc.source), doc.date.isoformat(),
                                        str(doc.doc_type), transform(part.text), label))
    header = account_header(context.customer, context.vendor, context.as_of.isoformat())
    return header + "\n\n" + "\n\n".join(rendered)


def example_turns(examples: Sequence[FewShotExample]) -> list[dict[str, str]]:
    """User/assistant pairs for the few-shot examples (negative ones included)."""
    turns: list[dict[str, str]] = []
    for example in examples:
        docs = "\n\n".join(render_document(d.doc_id, d.source, d.date.isoformat(), "text", d.text)
                           for d in example.documents)
        header = account_header(example.context.customer, example.context.vendor,
                                example.context.as_of.isoformat())
        # normalised through the reply model: every field, in schema order, like a real reply
        reply = extraction_model().model_validate(example.expected).model_dump(mode="json")
        turns.append({"role": "user", "content": f"{header}\n\n{docs}"})
        turns.append({"role": "assistant", "content": json.dumps(reply, ensure_ascii=False)})
    return turns


def system_variables(context: ExtractionContext | ExampleContext) -> dict[str, Any]:
    """Template variables for the system prompt."""
    return {
        "customer": context.customer or "the customer",
        "vendor": context.vendor or "the vendor",
        "vendor_domains": ", ".join(context.vendor_domains) or "unknown",
        "product": context.product or "unknown",
        "as_of": context.as_of.isoformat(),
    }


def build_messages(bank: PromptBank, context: ExtractionContext, batch: Batch,
                   transform: Transform = _identity) -> list[dict[str, str]]:
    """The full request for one batch."""
    system = transform(bank.render_system(system_variables(context)))
    return [{"role": "system", "content": system}, *example_turns(bank.examples),
            {"role": "user", "content": batch_message(batch, context, transform)}]


def repair_turns(bad_reply: str, error: str) -> list[dict[str, str]]:
    """The extra turns of the one repair round after a reply failed validation."""
    return [{"role": "assistant", "content": bad_reply},
            {"role": "user", "content": "Your reply did not validate against the schema: "
             f"{error}\nReply again with only the corrected JSON object."}]
