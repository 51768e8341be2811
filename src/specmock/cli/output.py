"""Writing results: JSON for machines, rich tables and warnings for people."""

from __future__ import annotations

import json
import sys
from typing import Any

import orjson
from rich.console import Console
from rich.text import Text

__all__ = ["dumps", "stderr", "warn"]

_stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def stderr() -> Console:
    """The console for progress, warnings and errors (never stdout)."""
    return _stderr


def dumps(value: Any, *, indent: bool = False) -> str:
    """JSON text, stable and byte-identical for equal values.

    orjson is used for speed; integers beyond 64 bits fall back to the standard library.
    """
    option = orjson.OPT_INDENT_2 if indent else 0
    try:
        return orjson.dumps(value, option=option).decode()
    except TypeError:
        return json.dumps(value, indent=2 if indent else None, ensure_ascii=False)


def warn(message: str) -> None:
    """One yellow warning line on stderr."""
    line = Text("warning: ", style="yellow")
    line.append(message)
    _stderr.print(line)


def write_line(text: str) -> None:
    """One line on stdout, flushed (machines read it as it comes)."""
    sys.stdout.write(text + "\n")
