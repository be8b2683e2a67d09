"""The account store as a LangChain retriever, for teams composing their own chains.

Behind the optional ``langchain`` extra (``pip install 'handoff-intel[langchain]'``):
importing this module without ``langchain-core`` raises an ``InputError`` that
says how to install it. The retriever runs the same hybrid retrieval as
``handoff ask`` (BM25 + vectors, fused), and every ``Document`` carries the
offsets and date needed to cite it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from extractor.errors import InputError

try:
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document as LCDocument
    from langchain_core.retrievers import BaseRetriever
except ImportError as error:  # the optional extra is not installed
    raise InputError("the LangChain retriever needs langchain-core: "
                     "pip install 'handoff-intel[langchain]'") from error

from pydantic import ConfigDict

from extractor.ask.retrieval import Passage, RetrievalFilter, retrieve


class AccountRetriever(BaseRetriever):
    """Hybrid retrieval over one account of an ``AccountStore``.

    Example:
        >>> retriever = AccountRetriever(store=store, account="acme", k=5)
        >>> docs = retriever.invoke("who pushed back on SSO?")
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Any
    account: str
    k: int = 5
    since: dt.date | None = None
    until: dt.date | None = None
    doc_types: list[str] | None = None

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        flt = RetrievalFilter(since=self.since, until=self.until,
                              doc_types=frozenset(self.doc_types) if self.doc_types else None)
        passages = retrieve(query, account=self.account, store=self.store, k=self.k, flt=flt)
        return [_to_document(p) for p in passages]


def _to_document(passage: Passage) -> LCDocument:
    chunk = passage.chunk
    return LCDocument(
        page_content=chunk.text,
        metadata={"account": chunk.account, "doc_id": chunk.doc_id, "chunk_id": chunk.chunk_id,
                  "source": chunk.source, "date": chunk.doc_date.isoformat(),
                  "doc_type": str(chunk.doc_type), "start": chunk.start, "end": chunk.end,
                  "author": chunk.author, "rrf": passage.rrf, "bm25_rank": passage.bm25_rank,
                  "vector_rank": passage.vector_rank},
    )
