"""The ``handoff`` command line: parse options, call the library, format output.

Nothing here holds logic a test would want to call directly: each command is a
few lines over a library function. Errors from the library are typed
(``extractor.errors``) and become a one-line message and an exit code here, in
``main``; ``--debug`` shows the traceback instead. Secrets are never printed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from extractor.errors import HandoffError

app = typer.Typer(
    name="handoff",
    help="Turn an implementation's paper trail into a grounded CSM handoff record.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

_state = {"debug": False}


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors.")) -> None:
    _state["debug"] = debug


def fail(error: HandoffError) -> None:
    """Print a typed library error as one line on stderr and exit with its code."""
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(error.exit_code)


# ---- commands are registered below, one section per capability ----


# ---- ingest, docs, forget: the account store (extractor/ingest.py, extractor/store/) ----

StoreOpt = Annotated[Path | None, typer.Option(
    "--store", help="Store directory (default: $HANDOFF_STORE or the user data dir).")]
ChromaUrlOpt = Annotated[str | None, typer.Option(
    "--chroma-url", help="Use a Chroma server (http://host:port) instead of the embedded store.")]
EmbedderOpt = Annotated[str | None, typer.Option(
    "--embedder", help="Local sentence-transformers model dir (default: bundled MiniLM).")]
AccountOpt = Annotated[str, typer.Option("--account", help="Account slug.")]


def open_store(store: Path | None, chroma_url: str | None = None, embedder: str | None = None,
               max_mb: float | None = None):  # type: ignore[no-untyped-def]
    """Settings (flag > env > config > default) and an AccountStore over them."""
    from extractor.settings import Settings
    from extractor.store import AccountStore

    settings = Settings.resolve(store=store, chroma_url=chroma_url, embedder=embedder,
                                max_file_mb=max_mb)
    return AccountStore(settings, on_wait=lambda msg: typer.echo(msg, err=True))


def _ingest_with_progress(paths, account, store, prune=False):  # type: ignore[no-untyped-def]
    """Run ingest behind a rich progress bar on stderr (plain lines without a TTY)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from extractor.ingest import ingest_paths

    console = Console(stderr=True)
    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=console) as bar:
        task = bar.add_task("", total=None)

        def on_progress(event) -> None:  # type: ignore[no-untyped-def]
            if event.kind == "start":
                bar.update(task, total=event.total)
            elif event.kind == "wait":
                console.print(event.message)
            else:
                bar.update(task, completed=event.done, description=event.source or "")

        return ingest_paths(paths, account, store, on_progress=on_progress, prune=prune)


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (an account folder "
                                                     "with account.json + docs/ works too).")],
    account: AccountOpt,
    store: StoreOpt = None,
    chroma_url: ChromaUrlOpt = None,
    embedder: EmbedderOpt = None,
    max_mb: Annotated[float | None, typer.Option("--max-mb", help="Per-file size limit.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
    prune: Annotated[bool, typer.Option(
        "--prune", help="Also remove the account's documents whose files were deleted from "
                        "the folders given here (other folders are never touched).")] = False,
) -> None:
    """Parse, chunk, embed and store an account's documents (idempotent)."""
    report = _ingest_with_progress(paths, account, open_store(store, chroma_url, embedder, max_mb),
                                   prune=prune)
    for source in report.pruned:
        typer.echo(f"pruned: {source}: file no longer exists", err=True)
    for source, reason in report.failed:
        typer.echo(f"failed: {source}: {reason}", err=True)
    for source in report.skipped:
        typer.echo(f"skipped: {source}: unsupported file type", err=True)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        typer.echo(f"{account}: {report.files} files, {report.new} new, {report.replaced} "
                   f"replaced, {report.unchanged} unchanged, {report.chunks} chunks, "
                   f"{len(report.skipped)} skipped, {len(report.failed)} failed"
                   + (f", {len(report.pruned)} pruned" if prune else "")
                   + f" in {report.seconds:.1f} s")
    if report.failed:
        raise typer.Exit(2)


@app.command("docs")
def docs_command(account: AccountOpt, store: StoreOpt = None, chroma_url: ChromaUrlOpt = None,
                 as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
                 ) -> None:
    """List an account's stored documents: date, type, date source, chunks, source."""
    import json

    docs = open_store(store, chroma_url).document_summaries(account)
    if as_json:
        typer.echo(json.dumps([d.model_dump(mode="json") for d in docs], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{account}: {len(docs)} documents")
    for column in ("date", "type", "date from", "chunks"):
        table.add_column(column, no_wrap=True)
    table.add_column("source", overflow="fold")
    for d in docs:
        table.add_row(d.date.isoformat(), d.doc_type, d.date_source, str(d.chunks), d.source)
    width = max((len(d.source) for d in docs), default=0) + 60
    Console(width=max(100, width)).print(table)


@app.command("forget")
def forget_command(account: AccountOpt, store: StoreOpt = None,
                   chroma_url: ChromaUrlOpt = None) -> None:
    """Delete an account's documents, chunks, info and records from the store."""
    from extractor.engines.openai_engine.cache import forget_account

    gone = open_store(store, chroma_url).forget(account)
    cached = forget_account(account)  # cached LLM replies quote the account's documents
    typer.echo(f"forgot {account}: {gone.documents} documents, {gone.chunks} chunks, "
               f"{gone.records} records, {cached} cached LLM replies")


# ---- extract: the candidate handoff record (extractor/pipeline.py, extractor/engines/) ----


@app.command("extract")
def extract_command(
    account: AccountOpt,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Only documents dated on or before this day (YYYY-MM-DD).")] = None,
    engine: Annotated[str, typer.Option(help="Extraction engine (local|openai).")] = "local",
    # LLM engine options (--engine openai); key from OPENAI_API_KEY, never a flag
    model: Annotated[str | None, typer.Option(
        help="LLM model name (else HANDOFF_MODEL or the config file).")] = None,
    base_url: Annotated[str | None, typer.Option(
        help="OpenAI-compatible endpoint (else OPENAI_BASE_URL); no key needed.")] = None,
    redact: Annotated[bool, typer.Option(
        "--redact", help="Mask emails and phone numbers sent to the LLM endpoint.")] = False,
    vendor: Annotated[str | None, typer.Option(
        help="The vendor's name, when account.json does not give it.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="json, md or html.")] = "json",
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
    store: StoreOpt = None,
    chroma_url: ChromaUrlOpt = None,
) -> None:
    """Extract the grounded handoff record of an ingested account and save it as the draft."""
    from extractor.pipeline import extract_account, render_record

    opened = open_store(store, chroma_url)
    llm = {"model": model, "base_url": base_url, "redact": redact or None}
    options = {k: v for k, v in llm.items() if v is not None} if engine != "local" else {}
    record = extract_account(opened, account, engine=engine, as_of=_parse_day(as_of),
                             vendor=vendor, engine_options=options)
    text = render_record(record, output_format, opened)
    if out is None:
        typer.echo(text, nl=False)
    else:
        from extractor.atomic_io import write_text_atomic

        write_text_atomic(out, text)  # a killed run leaves the old file or the new, never half
        typer.echo(f"wrote {out}", err=True)


def _parse_day(value: str | None):  # type: ignore[no-untyped-def]
    """A YYYY-MM-DD option as a date (typed InputError otherwise)."""
    import datetime as dt

    from extractor.errors import InputError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise InputError(f"--as-of {value!r}: expected YYYY-MM-DD") from error


# ---- eval: score extraction and Q&A against labelled accounts (eval/) ----


# The field accuracies the issue sets targets for, shown next to the F1s.
HEADLINE_FIELDS = ("risks.status", "stakeholders.status", "expansion_signals.date")


def _eval_table(report, deltas) -> None:  # type: ignore[no-untyped-def]
    """Print the headline numbers (and deltas against a baseline) as a rich table."""
    from rich.console import Console
    from rich.table import Table

    from eval.intervals import format_interval

    table = Table(title=f"eval: {report.engine}, {report.accounts} accounts")
    for column in ("metric", "value", "95% interval", "delta"):
        table.add_column(column)
    rows = [("micro/precision", report.micro.precision), ("micro/recall", report.micro.recall),
            ("micro/f1", report.micro.f1), ("macro_f1", report.macro_f1),
            ("grounding_rate", report.grounding_rate), ("qa/hit_at_k", report.qa.hit_at_k),
            ("qa/mention_rate", report.qa.mention_rate)]
    rows += [(f"categories/{c}/f1", s.f1) for c, s in report.categories.items()]
    rows += [(f"fields/{name}", value) for name, value in report.fields.items()
             if name in HEADLINE_FIELDS]
    for key, value in rows:
        delta = (deltas or {}).get(key, {}).get("delta")
        table.add_row(key, "n/a" if value is None else f"{value:.3f}",
                      format_interval(report.intervals.get(key)),
                      "" if delta is None else f"{delta:+.3f}")
    if report.cv is not None:
        for key, value in [("micro/f1", report.cv.micro.f1)] + [
                (f"fields/{name}", v) for name, v in report.cv.fields.items()
                if name in HEADLINE_FIELDS]:
            table.add_row(f"cv {key}", f"{value:.3f}",
                          format_interval(report.cv.intervals.get(key)), "")
    Console(stderr=False).print(table)
    for failed in report.failed_accounts:
        typer.echo(f"failed: {failed['account']}: {failed['reason']}", err=True)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)


@app.command("eval")
def eval_command(
    dataset: Annotated[Path, typer.Argument(help="Labelled set: one directory per account.")],
    engine: Annotated[str, typer.Option(help="Extraction engine (local|openai).")] = "local",
    model: Annotated[str | None, typer.Option(help="Model name for LLM engines.")] = None,
    base_url: Annotated[str | None, typer.Option(
        help="OpenAI-compatible endpoint for LLM engines (else OPENAI_BASE_URL).")] = None,
    predictions: Annotated[Path | None, typer.Option(
        help="Score saved records (<slug>.json) instead of running an engine.")] = None,
    save_predictions: Annotated[Path | None, typer.Option(
        help="Also save each extracted record here.")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the JSON report.")] = None,
    markdown_path: Annotated[Path | None, typer.Option(
        "--markdown", help="Write a Markdown report.")] = None,
    min_f1: Annotated[float | None, typer.Option(help="Exit non-zero below this F1.")] = None,
    compare: Annotated[Path | None, typer.Option(help="Baseline JSON report.")] = None,
    no_qa: Annotated[bool, typer.Option("--no-qa", help="Skip the Q&A questions.")] = False,
    cv: Annotated[bool, typer.Option(
        "--cv", help="Also score leave-one-account-out refits (engines that learn from "
                     "labels); the F1 gate then uses that honest score.")] = False,
    accounts: Annotated[str | None, typer.Option(help="Comma-separated account slugs.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per account extraction.")] = 600.0,
) -> None:
    """Score an engine (or saved records) against labelled accounts; gate on F1."""
    from eval.outputs import attach_comparison, check_gate, read_baseline, write_outputs
    from eval.runner import EvalOptions, run_eval

    baseline = read_baseline(compare)
    options = EvalOptions(engine=engine, model=model, base_url=base_url,
                          predictions=predictions,
                          save_predictions=save_predictions, qa=not no_qa, timeout=timeout,
                          cv=cv,
                          accounts=[a.strip() for a in accounts.split(",")] if accounts else None)
    report = run_eval(dataset, options, progress=lambda m: typer.echo(m, err=True))
    deltas = attach_comparison(report, baseline, str(compare))
    write_outputs(report, json_path, markdown_path)
    _eval_table(report, deltas)
    check_gate(report, min_f1)


# ---- handoff review/accept/check/forecast/portfolio (extractor/handoff/) ----


@app.command("review")
def review_command(account: AccountOpt, store: StoreOpt = None,
                   out: Annotated[Path | None, typer.Option(
                       "--out", help="HTML file to write (default: SLUG-review.html).")] = None,
                   ) -> None:
    """Write the self-contained review page (opens from disk, works offline)."""
    from extractor.handoff.commands import write_review_page

    typer.echo(str(write_review_page(open_store(store), account, out)))


@app.command("accept")
def accept_command(
    reviewed: Annotated[Path, typer.Argument(help="JSON exported from the review page.")],
    account: AccountOpt, store: StoreOpt = None,
    reviewer: Annotated[str | None, typer.Option(help="Who signs off (default: $USER).")] = None,
) -> None:
    """Store a reviewed record as the account's signed-off record."""
    import getpass

    from extractor.handoff.commands import accept_file

    record = accept_file(open_store(store), account, reviewed, reviewer or getpass.getuser())
    so = record.signoff
    typer.echo(f"{account}: signed off by {so.reviewer}: {len(so.accepted)} accepted, "
               f"{len(so.edited)} edited, {len(so.rejected)} rejected, "
               f"{len(so.unreviewed)} unreviewed")


@app.command("check")
def check_command(account: AccountOpt, store: StoreOpt = None,
                  max_age_days: Annotated[int, typer.Option(
                      "--max-age-days", help="Oldest evidence allowed for open items.")] = 90,
                  as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
                  ) -> None:
    """Completeness gate: exit non-zero listing what the handoff is missing."""
    from extractor.handoff.commands import gate, run_check

    result = run_check(open_store(store), account, max_age_days)
    typer.echo(result.model_dump_json(indent=2) if as_json else result.summary())
    gate(result)


@app.command("forecast")
def forecast_command(account: AccountOpt, store: StoreOpt = None,
                     benchmark: Annotated[float, typer.Option(
                         help="Segment median NRR (1.15 = 115%).")] = 1.15,
                     as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
                     ) -> None:
    """NRR forecast range with every input and formula (fails when inputs are missing)."""
    from extractor.handoff.commands import require_forecast, run_forecast
    from extractor.handoff.forecast import ForecastSettings
    from extractor.handoff.render_md import forecast_section

    result = run_forecast(open_store(store), account, ForecastSettings(benchmark=benchmark))
    require_forecast(result)
    typer.echo(result.model_dump_json(indent=2) if as_json else forecast_section(result))


@app.command("portfolio")
def portfolio_command(
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    sort: Annotated[str, typer.Option(help="Column to sort by.")] = "completeness",
    desc: Annotated[bool, typer.Option("--desc", help="Sort descending.")] = False,
) -> None:
    """One row per stored account: completeness, counts, open high risks, leavers."""
    import json

    from extractor.handoff.portfolio import COLUMNS, portfolio, to_csv

    rows = portfolio(open_store(store), sort=sort, descending=desc)
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
        return
    if as_csv:
        typer.echo(to_csv(rows), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"portfolio: {len(rows)} accounts (sorted by {sort})")
    for column in COLUMNS:
        table.add_column(column.replace("_", " "))
    for row in rows:
        table.add_row(*("-" if v is None else str(v) for v in row.model_dump(mode="json").values()))
    Console(width=200).print(table)


# ---- ask: question an account's history, answers cite the documents (extractor/ask/) ----


@app.command("ask")
def ask_command(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    account: AccountOpt,
    k: Annotated[int, typer.Option("--k", help="Passages to retrieve.")] = 5,
    engine: Annotated[str, typer.Option("--engine", help="local (offline) or openai.")] = "local",
    since: Annotated[str | None, typer.Option("--since", help="Only documents on/after DATE.")]
    = None,
    until: Annotated[str | None, typer.Option("--until", help="Only documents on/before DATE.")]
    = None,
    doc_type: Annotated[list[str] | None, typer.Option(
        "--type", help="Only this document type (email, transcript, ...); repeatable.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="Model (openai engine).")] = None,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="OpenAI-compatible endpoint (openai engine).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Answer, citations, scores as JSON.")]
    = False,
    store: StoreOpt = None,
) -> None:
    """Answer a question from an account's documents, citing [document, date]."""
    from extractor.ask import answer_question

    answer = answer_question(question, account=account, store=open_store(store), k=k,
                             engine=engine, since=since, until=until, doc_types=doc_type,
                             llm_options={"model": model, "base_url": base_url})
    typer.echo(answer.model_dump_json(indent=2) if as_json else answer.text)


# ---- demo: the main job on one account folder (extractor/demo.py) ----


@app.command("demo")
def demo_command(
    account_dir: Annotated[Path, typer.Argument(help="Account folder: docs/ (+ account.json).")],
    out: Annotated[Path, typer.Option(help="Where to write the outputs.")] = Path("demo-output"),
    engine: Annotated[str, typer.Option(help="Extraction engine.")] = "local",
    store: StoreOpt = None,
) -> None:
    """Ingest an account folder, draft its handoff record and write record/handoff/review."""
    from extractor.demo import run_demo

    result = run_demo(account_dir, out, open_store(store), engine=engine)
    report = result.ingest
    typer.echo(f"ingested {report.files} files ({report.new} new, {report.unchanged} unchanged, "
               f"{len(report.failed)} failed), {report.chunks} chunks written")
    counts = ", ".join(f"{n} {c.replace('_', ' ')}" for c, n in result.counts.items())
    typer.echo(f"extracted {counts}; {result.grounded_quotes} of {result.evidence_quotes} "
               f"evidence quotes re-checked verbatim in the stored text")
    typer.echo(f"completeness {result.check.score:.2f}: {len(result.check.failures)} "
               f"close-out checks need attention (see handoff.md)")
    for name, path in result.outputs.items():
        typer.echo(f"{name:>8}: {path.resolve()}")


def _scrub(message: str) -> str:
    """Mask API keys (env or config file) and key-shaped strings in a message."""
    import os

    from extractor.engines.openai_engine.client import scrub

    secrets = [os.environ.get("OPENAI_API_KEY", "")]
    try:
        from extractor.settings import load_config_file

        secrets.append(str(load_config_file().get("openai", {}).get("api_key") or ""))
    except Exception:  # an unreadable config file must not hide the original error
        pass
    return scrub(message, [s for s in secrets if len(s) >= 8])


def main() -> None:
    """Console entry point: run the app, turning library errors into exit codes."""
    try:
        app(standalone_mode=True)
    except HandoffError as error:
        if _state["debug"]:
            raise
        typer.echo(f"error: {_scrub(str(error))}", err=True)
        sys.exit(error.exit_code)
    except Exception as error:  # a bug, not a user error: one line unless --debug
        if _state["debug"]:
            raise
        message = _scrub(f"{type(error).__name__}: {error}")
        typer.echo(f"internal error: {message} (rerun with --debug)", err=True)
        sys.exit(70)


if __name__ == "__main__":
    main()
