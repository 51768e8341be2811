"""Arguments shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["SpecArgument", "spec_source"]

SpecArgument = Annotated[
    str, typer.Argument(help="API description: a file, a folder or an http(s) URL.")
]


def spec_source(spec: str) -> str:
    """Keep URLs as they are; expand ``~`` in paths so errors name the real file."""
    if spec.startswith(("http://", "https://")):
        return spec
    return str(Path(spec).expanduser())
