"""The HTTP edge: an ASGI app around the engine (``create_app``), problems, negotiation.

Importing this package pulls in no server: uvicorn is imported only by ``specmock serve``.
``App`` and ``create_app`` load on first use, because ``engine/respond.py`` uses this
package's binding and negotiation modules while ``http/app.py`` uses ``respond``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from specmock.http.problem import problem

if TYPE_CHECKING:
    from specmock.http.app import App, create_app

__all__ = ["App", "create_app", "problem"]


def __getattr__(name: str) -> Any:
    if name in ("App", "create_app"):
        from specmock.http import app

        return getattr(app, name)
    raise AttributeError(f"module 'specmock.http' has no attribute {name!r}")
