"""Ask an account's history a question and get an answer that cites its documents.

``answer_question`` is the entry point; the LangChain retriever lives in
``extractor.ask.langchain_retriever`` behind the optional ``langchain`` extra.
"""

from extractor.ask.answer import answer_question
from extractor.ask.models import Answer, Citation, RetrievalHit

__all__ = ["Answer", "Citation", "RetrievalHit", "answer_question"]
