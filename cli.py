"""The ``handoff`` command line: parse options, call the library, format output.

Nothing here holds logic a test would want to call directly: each command is a
few lines over a library function. Errors from the library are typed
(``extractor.errors``) and become a one-line message and an exit code here, in
``main``; ``--debug`` shows the traceback instead. Secrets are never printed.
"""

from __future__ import annotations

import sys

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


def main() -> None:
    """Console entry point: run the app, turning library errors into exit codes."""
    try:
        app(standalone_mode=True)
    except HandoffError as error:
        if _state["debug"]:
            raise
        typer.echo(f"error: {error}", err=True)
        sys.exit(error.exit_code)


if __name__ == "__main__":
    main()
