"""Building the served app from ``specmock serve``'s options, in one process or in many.

Rules:

- :class:`ServeOptions` holds every option that shapes the app (typed, frozen); the CLI
  builds it once and :meth:`ServeOptions.app` turns it into the ASGI app.
- With ``--workers N`` uvicorn starts the app in each worker process from an import
  string: the CLI writes the options to ``SPECMOCK_SERVE_OPTIONS`` (JSON) and each
  worker calls :func:`from_environment` (a uvicorn factory). That function is the only
  place the worker reads its environment.
"""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from specmock.analytics import Collector
from specmock.config import Mode, Quality
from specmock.engine import Engine
from specmock.engine.modes import ModeOptions
from specmock.engine.state import DEFAULT_NAMESPACE, open_state
from specmock.http.access import STORED_TOKEN_PREFIX, Tokens, tokens_from_rows
from specmock.http.ratelimit import (
    RateLimits,
    default_limits,
    parse_limit,
    parse_operation_limit,
)
from specmock.http.upstream import Upstream
from specmock.spec.model import Spec

if TYPE_CHECKING:
    from specmock.http.app import App

__all__ = ["OPTIONS_VARIABLE", "ServeOptions", "from_environment"]

_T = TypeVar("_T")

#: The variable ``specmock serve --workers N`` hands its options to the workers in.
OPTIONS_VARIABLE = "SPECMOCK_SERVE_OPTIONS"
#: The import string of the worker factory.
FACTORY = "specmock.http.factory:from_environment"


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What ``specmock serve`` serves, and how.

    Example:
        >>> options = ServeOptions("examples/petstore.yaml", stateful=True)
        >>> ServeOptions.from_json(options.to_json()) == options
        True
    """

    spec: str | None
    quality: Quality = Quality.REALISTIC
    seed: int = 0
    verify: bool = True
    validate: bool = True
    admin_token: str | None = None
    max_body: int = 10 * 1024 * 1024
    latency: str | None = None
    error_rate: float = 0.0
    watch: bool = False
    stateful: bool = False
    state_url: str | None = None
    state_namespace: str = DEFAULT_NAMESPACE
    cache: str | None = "memory"  # a CACHE_STRATEGY value or a cache URL; None: off
    cache_ttl: float | None = None
    redis_url: str | None = None
    database_url: str | None = None
    modes: ModeOptions = field(default_factory=ModeOptions)
    target: str | None = None
    debug: bool = False
    host: str = "127.0.0.1"
    tokens: tuple[str, ...] = ()  # TOKEN:ROLE specs besides the admin token
    stored_tokens: bool = True  # also accept the tokens kept in the store
    rate_limit: str | None = None  # per client, e.g. "50/s burst 100"; None: the default
    operation_limits: tuple[str, ...] = ()  # "GET /pets=5/s"
    expensive_limit: str | None = None
    no_rate_limit: bool = False
    environment: str = "development"
    analytics: bool = True
    parse_cache: str | None = None  # a folder keeping large parsed descriptions; None: off

    def engine(self) -> Engine:
        """Load the description (raises ``SpecError`` for a bad one).

        Without one (recording or replaying a live API), an empty description stands in.
        """
        options: dict[str, Any] = {"quality": self.quality, "seed": self.seed}
        if self.spec is None:
            return Engine(Spec.empty(self.target or "recordings"), **options)
        from specmock.spec import load
        from specmock.spec.parse_cache import ParseCache

        spec = load(self.spec, parse_cache=ParseCache.at(self.parse_cache))
        return Engine(spec, verify=self.verify, **options)

    def app(self, engine: Engine | None = None) -> App:
        """The ASGI app for these options (loading the description unless given)."""
        from specmock.http.app import create_app
        from specmock.http.chaos import Chaos, Faults, parse_latency

        chaos = Chaos(
            Faults(parse_latency(self.latency, "--latency: "), self.error_rate), seed=self.seed
        )
        state = (
            open_state(self.state_url, namespace=self.state_namespace) if self.stateful else None
        )
        cache = None
        if self.cache is not None and not self.stateful:
            from specmock.cache import open_cache

            cache = open_cache(
                self.cache,
                ttl=self.cache_ttl,
                redis_url=self.redis_url,
                database_url=self.database_url,
                namespace=self.state_namespace,
            )
        from specmock.http.usage import Usage

        engine = engine if engine is not None else self.engine()
        usage = (
            Usage(engine, self.database_url)
            if self.database_url and self.spec is not None
            else None
        )
        upstream = Upstream(self.target) if self.target is not None else None
        return create_app(
            engine,
            admin_token=self.access(),
            limits=self.limits(),
            audit_url=self.database_url,
            analytics=Collector(self.environment) if self.analytics else None,
            analytics_url=self.database_url if self.analytics else None,
            validate=self.validate,
            max_body=self.max_body,
            chaos=chaos,
            watch=self.watch,
            state=state,
            cache=cache,
            cache_ttl=self.cache_ttl,
            usage=usage,
            modes=self.modes,
            upstream=upstream,
            debug=self.debug,
        )

    def access(self) -> Tokens:
        """The admin tokens: ``--admin-token``, ``--token`` specs and the store's."""
        tokens = Tokens.from_specs(self.tokens, admin_token=self.admin_token)
        if self.stored_tokens and self.database_url:
            tokens = tokens + _stored_tokens(self.database_url)
        return tokens

    def limits(self) -> RateLimits | None:
        """The rate limits: the flags, else none on loopback and defaults elsewhere."""
        if self.no_rate_limit:
            return None
        given = self.rate_limit or self.operation_limits or self.expensive_limit
        if not given:
            return default_limits(self.host)
        operations = dict(parse_operation_limit(t) for t in self.operation_limits)
        return RateLimits(
            parse_limit(self.rate_limit) if self.rate_limit else None,
            operations or None,
            parse_limit(self.expensive_limit, "--expensive-limit")
            if self.expensive_limit
            else None,
        )

    async def check_store(self) -> None:
        """Reach the state store once, so a wrong URL fails before serving starts.

        Raises:
            StateError: the URL names no known store.
            StateUnavailable: the store does not answer.
        """
        state = open_state(self.state_url, namespace=self.state_namespace)
        try:
            await state.get("/", "0")
        finally:
            await state.aclose()

    def to_json(self) -> str:
        """The options as one JSON text (for :data:`OPTIONS_VARIABLE`)."""
        return orjson.dumps(asdict(self)).decode()

    @classmethod
    def from_json(cls, text: str) -> ServeOptions:
        """Options from :meth:`to_json`'s text; unknown keys are ignored."""
        data: dict[str, Any] = orjson.loads(text)
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "quality" in values:
            values["quality"] = Quality(values["quality"])
        for name in ("tokens", "operation_limits"):
            if name in values:
                values[name] = tuple(values[name])
        if "modes" in values:
            raw = dict(values["modes"])
            raw["mode"] = Mode(raw["mode"])
            for name in ("match_on", "redact_fields", "redact_patterns", "allow_fields"):
                raw[name] = tuple(raw[name])
            values["modes"] = ModeOptions(**raw)
        return cls(**values)


def from_environment() -> App:
    """The app of one ``--workers`` process, from the options the CLI left in the environment.

    Example:
        >>> # uvicorn.run("specmock.http.factory:from_environment", factory=True, workers=4)
    """
    text = os.environ.get(OPTIONS_VARIABLE)
    if not text:
        raise RuntimeError(f"{OPTIONS_VARIABLE} is not set: start workers with specmock serve")
    _end_with_supervisor()
    return ServeOptions.from_json(text).app()


def _end_with_supervisor() -> None:
    """Have the kernel send this worker SIGTERM when its supervisor dies, however it dies.

    A supervisor stopped normally stops its workers itself; one killed with SIGKILL (or by
    the OOM killer) cannot, and its workers would keep serving on the port. Linux only
    (``prctl(PR_SET_PDEATHSIG)``); uvicorn starts every worker from its main thread, so
    the signal comes with the process's death, not a thread's.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # no libc to ask: the supervisor's own stop remains
        return
    if os.getppid() == 1:  # it died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


def _stored_tokens(url: str) -> Tokens:
    """The store's tokens, read synchronously (no event loop at start-up); none when the
    store does not exist or holds no tables yet."""
    from specmock.store.configs import EVERY_ENVIRONMENT, read_configs

    rows = read_configs(url, (EVERY_ENVIRONMENT,))
    return tokens_from_rows(
        (key, value) for _, key, value in rows if key.startswith(STORED_TOKEN_PREFIX)
    )
