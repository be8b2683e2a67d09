"""The evaluation harness: score extraction and Q&A against labelled accounts.

``eval.runner.run_eval`` is the entry point the CLI calls; ``eval.gold_to_record``
turns a labelled account into a ``HandoffRecord`` with located evidence (useful
for fixtures). Nothing here prints or imports typer.
"""
