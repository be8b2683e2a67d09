"""The offline engine: rules, lexical cues and slot filling; no key, no network.

It segments every document into sentence-sized units, scores them for each
category, groups mentions of one real-world item across documents, fills
fields with patterns and date rules, and hands the draft to
:func:`extractor.merge.finalize_record`, the same exit the LLM engine uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from extractor.documents import Document
from extractor.engines.base import Engine, ExtractionContext
from extractor.models import HandoffRecord, RunStats

ENGINE_VERSION = "0.1.0"
CUE_VERSION = "cues-1"


class LocalEngine(Engine):
    """Offline extraction: grounded by construction (every item cites its own sentences)."""

    name = "local"
    version = ENGINE_VERSION
    needs_key = False
    offline = True
    learns_from_labels = True  # the unit classifier is trained on labelled accounts

    def __init__(self, **options: object) -> None:
        self.options = dict(options)

    @property
    def trained_on(self) -> tuple[str, ...]:
        """Slugs of the labelled accounts the classifier in use was trained on."""
        from extractor.engines.local.classifier import load_classifier

        classifier = self.options.get("classifier") or load_classifier()
        return tuple(getattr(classifier, "trained_on", ()))

    def fit(self, examples: Sequence[Any]) -> None:
        """Retrain the unit classifier on labelled accounts (for cross-validation).

        ``examples`` carry each account folder's ``path`` (``eval.runner.TrainingExample``).
        The shipped engine never calls this: its model is ``prompts/local/``'s.
        """
        from extractor.engines.local.training import labelled_cached, train

        self.options["classifier"] = train([labelled_cached(e.path) for e in examples])

    def extract(self, documents: Sequence[Document], context: ExtractionContext) -> HandoffRecord:
        """Extract the four categories from dated documents as of ``context.as_of``."""
        from extractor.engines.local.analysis import Analysis
        from extractor.engines.local.classifier import load_classifier
        from extractor.engines.local.criteria import extract_criteria
        from extractor.engines.local.expansion import extract_expansion
        from extractor.engines.local.risks import extract_risks
        from extractor.merge import finalize_record
        from extractor.pipeline import vendor_domains

        if not context.vendor_domains and context.vendor:
            context = context.model_copy(update={"vendor_domains": vendor_domains(
                documents, context.vendor, context.customer)})
        docs = sorted((d for d in documents if d.date <= context.as_of),
                      key=lambda d: (d.date, d.source, d.doc_id))
        classifier = self.options.get("classifier") or load_classifier()
        analysis = Analysis(docs, context, classifier=classifier)
        stakeholders = _stakeholders(docs, context, analysis)
        record = HandoffRecord(
            account=context.account, as_of=context.as_of,
            success_criteria=extract_criteria(analysis),
            stakeholders=stakeholders,
            expansion_signals=extract_expansion(analysis),
            risks=extract_risks(analysis),
            engine=self.name, engine_version=self.version,
            prompt_version=f"{CUE_VERSION}+clf-{classifier.version}",
            stats=RunStats(documents=len(docs), candidates=len(analysis.units)),
        )
        return finalize_record(record, docs, context)


def _stakeholders(docs: list[Document], context: ExtractionContext, analysis: Any) -> list[Any]:
    """Stakeholders from the people directory (extractor.people), shared with the analysis."""
    from extractor.engines.local.stakeholders import extract_stakeholders
    from extractor.people import PeopleDirectory

    directory = PeopleDirectory.build(docs, context)
    analysis.directory = directory
    return extract_stakeholders(docs, context, directory)
