"""Apps that tests build often: a recording proxy on a given store."""

from __future__ import annotations

from specmock.config import Mode
from specmock.engine import Engine
from specmock.engine.modes import ModeOptions
from specmock.http import create_app
from specmock.http.app import App
from specmock.http.upstream import Upstream
from specmock.spec.model import Spec

__all__ = ["record_app"]


def record_app(target: str, store_url: str) -> App:
    """A recording proxy in front of ``target``, keeping exchanges in ``store_url``."""
    modes = ModeOptions(Mode.RECORD, store_url=store_url, spec_key=f"live {target}")
    return create_app(
        Engine(Spec.empty(target)), modes=modes, upstream=Upstream(target), validate=False
    )
