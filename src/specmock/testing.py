"""Smart clients: httpx clients answered by specmock that can switch mode mid-test.

``client.using(mode=Mode.PLAYBACK)`` is the specmock way of the brief's
``os.environ["MOCK_MODE"] = "playback"``: it returns another client of the same kind,
with the same description and cassette, in the other mode; settings are values passed
explicitly, never environment variables written during a run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from specmock.http.transport import MockTransport
    from specmock.pytest_plugin import SpecmockOptions

__all__ = ["SmartAsyncClient", "SmartClient"]

#: Builds the transport of a set of options (the plugin passes its own).
TransportFactory = Callable[["SpecmockOptions"], "MockTransport"]


def _changed(options: SpecmockOptions, changes: dict[str, Any]) -> SpecmockOptions:
    from specmock.config import Mode, Quality

    if "mode" in changes:
        changes["mode"] = str(Mode(str(changes["mode"])))
    if "quality" in changes:
        changes["quality"] = str(Quality(str(changes["quality"])))
    return replace(options, **changes)


class SmartClient(httpx.Client):
    """An ``httpx.Client`` on the mock; :meth:`using` gives one in another mode."""

    def __init__(
        self,
        options: SpecmockOptions,
        make: TransportFactory,
        transport: MockTransport | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(transport=transport or make(options), **kwargs)
        self.specmock_options = options
        self._make = make
        self._kwargs = kwargs
        self.derived: list[SmartClient] = []

    def using(self, **changes: Any) -> SmartClient:
        """A client like this one with ``mode``, ``quality``, ``seed``, ``target`` or
        ``stateful`` changed (closed with this one).

        Example:
            >>> target = "https://api.example.com"
            >>> recorder = client.using(mode="record", target=target)  # doctest: +SKIP
            >>> player = client.using(mode="playback")  # doctest: +SKIP
        """
        other = SmartClient(_changed(self.specmock_options, changes), self._make, **self._kwargs)
        self.derived.append(other)
        return other

    def close(self) -> None:
        """Close this client and those :meth:`using` made from it."""
        for other in self.derived:
            other.close()
        super().close()


class SmartAsyncClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` on the mock; :meth:`using` gives one in another mode."""

    def __init__(
        self,
        options: SpecmockOptions,
        make: TransportFactory,
        transport: MockTransport | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(transport=transport or make(options), **kwargs)
        self.specmock_options = options
        self._make = make
        self._kwargs = kwargs
        self.derived: list[SmartAsyncClient] = []

    def using(self, **changes: Any) -> SmartAsyncClient:
        """A client like this one with ``mode``, ``quality``, ``seed``, ``target`` or
        ``stateful`` changed (closed with this one)."""
        other = SmartAsyncClient(
            _changed(self.specmock_options, changes), self._make, **self._kwargs
        )
        self.derived.append(other)
        return other

    async def aclose(self) -> None:
        """Close this client and those :meth:`using` made from it."""
        for other in self.derived:
            await other.aclose()
        await super().aclose()
