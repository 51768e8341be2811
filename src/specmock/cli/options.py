"""Arguments shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from specmock.spec import Spec

__all__ = ["SpecArgument", "load_description", "spec_source"]

SpecArgument = Annotated[
    str, typer.Argument(help="API description: a file, a folder or an http(s) URL.")
]


def spec_source(spec: str) -> str:
    """Keep URLs as they are; expand ``~`` in paths so errors name the real file."""
    if spec.startswith(("http://", "https://")):
        return spec
    return str(Path(spec).expanduser())


def load_description(spec: str) -> Spec:
    """Load the description ``spec`` names, through the parse cache the settings name
    (``SPECMOCK_PARSE_CACHE``; ``.specmock/parse-cache`` by default), as ``serve`` does."""
    from specmock.config import load_settings
    from specmock.spec import load
    from specmock.spec.parse_cache import ParseCache

    return load(spec_source(spec), parse_cache=ParseCache.at(load_settings().parse_cache))
