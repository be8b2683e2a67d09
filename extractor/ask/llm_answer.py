"""The LLM answer: written by a model from the retrieved passages only, and checked.

Each passage goes to the model under an id (P1, P2, ...). The model must cite
ids; the reply is then checked by code: an id that was not given means the
answer leans on something outside the passages, so it is rejected
(``UngroundedAnswerError``), never shown. Citations become offsets into the
stored documents from the passages' own spans, not from anything the model says.
The client is the OpenAI engine's (same --model/--base-url/OPENAI_API_KEY
settings, retries and key scrubbing); tests pass a fake through ``options``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from extractor.ask.models import Citation
from extractor.ask.retrieval import Passage
from extractor.errors import EngineError, PromptError, UngroundedAnswerError

NOT_IN_DOCUMENTS = "Not in the documents."
_ID = re.compile(r"\[(P\d+)\]")
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "answer": {"type": "string"},
        "citations": {"type": "array", "items": {"type": "string"}},
        "supported": {"type": "boolean"},
    },
    "required": ["answer", "citations", "supported"],
    "additionalProperties": False,
}


@lru_cache(maxsize=1)
def system_prompt() -> str:
    """The versioned instructions in ``prompts/ask/answer.md``.

    Raises:
        PromptError: the file is missing from the installed package.
    """
    from extractor.prompt_files import default_root

    path = default_root() / "ask" / "answer.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise PromptError(f"ask prompt {path} cannot be read: {error}") from error


def passage_ids(passages: Sequence[Passage]) -> dict[str, Passage]:
    """Ids the model sees, in retrieval order: P1 is the best passage."""
    return {f"P{i}": p for i, p in enumerate(passages, 1)}


def build_messages(question: str, ids: dict[str, Passage]) -> list[dict[str, str]]:
    """System instructions plus the question and the id-tagged passages."""
    blocks = [f"[{pid}] {p.chunk.source} ({p.chunk.doc_date.isoformat()})\n{p.chunk.text}"
              for pid, p in ids.items()]
    user = f"Question: {question}\n\nPassages:\n\n" + "\n\n".join(blocks)
    return [{"role": "system", "content": system_prompt()}, {"role": "user", "content": user}]


def parse_reply(content: str) -> tuple[str, list[str], bool]:
    """(answer, cited ids, supported) from the model's JSON reply.

    Raises:
        EngineError: the reply is not the JSON object asked for.
    """
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        data = json.loads(text)
        answer = str(data["answer"]).strip()
        cited = [str(c).strip().strip("[]") for c in data.get("citations") or []]
        supported = bool(data.get("supported", True))
    except (ValueError, KeyError, TypeError) as error:
        raise EngineError(f"the model's answer was not valid JSON ({error})") from error
    return answer, cited, supported


def check_citations(answer: str, cited: Sequence[str], ids: dict[str, Passage]) -> list[str]:
    """Every id the answer cites, in order; any id not given to the model rejects it.

    Raises:
        UngroundedAnswerError: the answer cites a passage it was not given.
    """
    used = list(dict.fromkeys([*_ID.findall(answer), *cited]))
    unknown = [pid for pid in used if pid not in ids]
    if unknown:
        raise UngroundedAnswerError(
            f"answer rejected: it cites passage(s) {', '.join(unknown)} that it was not given "
            f"(given: {', '.join(ids) or 'none'})")
    return used


def llm_answer(question: str, passages: Sequence[Passage], *,
               options: dict[str, Any]) -> tuple[str, list[Citation], bool]:
    """Ask the model for an answer grounded in ``passages`` and check its citations.

    Args:
        question: the CSM's question.
        passages: the retrieved passages (the only material the model sees).
        options: ``model``, ``base_url``, ``api_key``, ``timeout``; or ``client``, an
            object with ``complete(messages, schema)`` returning ``.content`` (tests).

    Returns:
        (text, citations, found); "Not in the documents." with no citations when
        the passages do not support an answer.

    Raises:
        UngroundedAnswerError: the answer cites a passage it was not given.
        EngineError: the endpoint failed or the reply was not the JSON asked for.
    """
    ids = passage_ids(passages)
    if not ids:
        return NOT_IN_DOCUMENTS, [], False
    reply = _client(options).complete(build_messages(question, ids), _SCHEMA)
    answer, cited, supported = parse_reply(reply.content)
    used = check_citations(answer, cited, ids)
    if not supported or not used or answer.lower().startswith("not in the documents"):
        return NOT_IN_DOCUMENTS, [], False
    citations = [_citation(ids[pid]) for pid in used]
    return _readable(answer, ids), citations, True


def _citation(passage: Passage) -> Citation:
    chunk = passage.chunk
    return Citation(doc_id=chunk.doc_id, source=chunk.source, date=chunk.doc_date,
                    start=chunk.start, end=chunk.end, quote=chunk.text,
                    score=round(passage.rrf, 6))


def _readable(answer: str, ids: dict[str, Passage]) -> str:
    """The answer with each [Pn] replaced by ``[source, date]`` a reader can follow."""
    def name(match: re.Match[str]) -> str:
        chunk = ids[match.group(1)].chunk
        return f"[{chunk.source}, {chunk.doc_date.isoformat()}]"

    return _ID.sub(name, answer)


def _client(options: dict[str, Any]) -> Any:
    """The injected client, or the OpenAI engine's client built from the options."""
    if options.get("client") is not None:
        return options["client"]
    from extractor.engines.openai_engine.client import ChatClient
    from extractor.engines.openai_engine.config import resolve_settings

    settings = {k: v for k, v in options.items() if v is not None}
    return ChatClient(resolve_settings(**settings))
