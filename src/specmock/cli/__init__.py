"""The ``specmock`` command line: a Typer app, one module per command.

Rules: commands are registered explicitly in ``app.py`` (no registration by import
side effect); a ``SpecmockError`` is caught in one place and printed as one red line
with exit code 2; tables are for people, ``--json``/``--jsonl`` for machines.
"""

from specmock.cli.app import app, main

__all__ = ["app", "main"]
