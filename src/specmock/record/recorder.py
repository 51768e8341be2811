"""``Recorder``: redact an exchange, then keep it in the store; nothing else sees it first.

Rules:

- The order is fixed: the exchange is redacted (``specmock.record.redact``) before it
  is written, logged (``specmock.record``, one INFO line per exchange) or added to
  playback; the unredacted one is only ever returned to
  the caller that made the request.
- One store transaction per exchange, so concurrent requests each land as their own
  row (versions are handed out by :func:`specmock.store.recordings.save_exchange`).
- The redaction key is the store's (:func:`specmock.store.recordings.redaction_key`):
  every process recording into one store makes the same fakes of the same values.
- :meth:`Recorder.open` migrates the store in a thread (migrations are synchronous) and
  reads the recordings already there, for playback.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from specmock.record.exchange import Exchange, RecordedRequest
from specmock.tracing import span

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from specmock.record.redact import Redactor, Rules

__all__ = ["Recorder"]

_log = logging.getLogger("specmock.record")


class Recorder:
    """Keeps redacted exchanges in the store at ``url`` under ``spec_key``.

    Build it with :meth:`open`; close it with :meth:`aclose`.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        redactor: Redactor,
        *,
        spec_key: str,
        environment: str | None = None,
    ) -> None:
        self._engine = engine
        self.redactor = redactor
        self.spec_key = spec_key
        self.environment = environment
        self.recorded = 0

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        spec_key: str,
        environment: str | None = None,
        rules: Rules | None = None,
    ) -> Recorder:
        """The recorder of the store at ``url`` (migrated first when needed).

        Raises:
            StoreError: the store cannot be opened or migrated (one line).
        """
        from specmock.record.redact import Redactor, Rules
        from specmock.store.database import open_engine, sessions, upgrade
        from specmock.store.recordings import redaction_key

        await asyncio.to_thread(upgrade, url)
        engine = open_engine(url, auto_upgrade=False)
        async with sessions(engine)() as session:
            key = await redaction_key(session)
            await session.commit()
        redactor = Redactor(rules if rules is not None else Rules.default(), key=key)
        return cls(engine, redactor, spec_key=spec_key, environment=environment)

    def redact_request(self, request: RecordedRequest) -> RecordedRequest:
        """``request`` as it would have been stored (to match it against recordings)."""
        return self.redactor.request(request)

    async def record(self, exchange: Exchange) -> Exchange:
        """Redact and store ``exchange``; returns the redacted exchange that was stored."""
        from specmock.store.database import sessions
        from specmock.store.recordings import save_exchange

        redacted = self.redactor.exchange(exchange)
        with span("specmock.store.record", operation=redacted.operation):
            async with sessions(self._engine)() as session:
                await save_exchange(
                    session, redacted, spec_key=self.spec_key, environment=self.environment
                )
                await session.commit()
        self.recorded += 1
        request = redacted.request
        query = f"?{urlencode(request.query)}" if request.query else ""
        _log.info(
            "recorded %s %s%s -> %s", request.method, request.path, query, redacted.response.status
        )
        return redacted

    async def exchanges(self) -> tuple[Exchange, ...]:
        """The exchanges recorded under this recorder's ``spec_key``, in recorded order."""
        from specmock.store.database import sessions
        from specmock.store.recordings import load_exchanges

        async with sessions(self._engine)() as session:
            return await load_exchanges(session, spec_key=self.spec_key or None)

    async def aclose(self) -> None:
        """Close the store's connections."""
        await self._engine.dispose()
