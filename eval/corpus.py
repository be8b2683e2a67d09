"""Parse a labelled account's documents the way ``ingest`` would, for eval.

Documents get the source ``docs/<file name>`` (the path labels use), and the
engine only sees those dated on or before the account's ``as_of``. A file that
fails to parse is recorded as a warning, not hidden: its gold quotes then show
up as unlocated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eval.dataset import LabelledAccount
from extractor.documents import Document
from extractor.errors import HandoffError


@dataclass
class ParsedAccount:
    """All parsed documents of an account, and the ones an engine may see."""

    documents: list[Document] = field(default_factory=list)
    visible: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_account(account: LabelledAccount) -> ParsedAccount:
    """Parse every file under the account's ``docs/``.

    Raises:
        ImportError: the parsers are not available (the caller fails the account).
    """
    from extractor.parsing import parse_file  # lazy: parsers are optional for scoring

    parsed = ParsedAccount()
    for path in account.doc_paths():
        source = f"docs/{path.relative_to(account.docs_dir).as_posix()}"
        try:
            doc = parse_file(path, account=account.slug, source=source)
        except HandoffError as error:
            parsed.warnings.append(f"{source}: not parsed ({error})")
            continue
        parsed.documents.append(doc)
        if doc.date <= account.as_of:
            parsed.visible.append(doc)
    return parsed
