"""HTTP fixtures: the pet store engine, and a client for it in-process and on a socket."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from serving import PETSTORE, Client, InProcess, serving
from specmock.engine import Engine
from specmock.http import create_app


@pytest.fixture(scope="session")
def petstore_engine() -> Engine:
    return Engine.from_source(PETSTORE)


@pytest.fixture(scope="session")
def petstore_url(petstore_engine: Engine) -> Iterator[str]:
    with serving(create_app(petstore_engine)) as url:
        yield url


@pytest.fixture(params=["asgi", "socket"])
def client(request: pytest.FixtureRequest, petstore_engine: Engine) -> Iterator[Client]:
    """The pet store, in-process and through a real socket."""
    if request.param == "asgi":
        yield InProcess(create_app(petstore_engine))
        return
    url = request.getfixturevalue("petstore_url")
    with httpx.Client(base_url=url, timeout=10) as live:
        yield live
