"""Rate limits: token buckets per client address, per operation and for expensive answers.

Rules:

- A bucket holds ``burst`` tokens and refills at ``rate`` per second; a request takes one
  token or is refused with the seconds until one is available (``429`` with
  ``Retry-After``). The arithmetic is in whole nanoseconds (GCRA: one "theoretical
  arrival time" per bucket), so counts are exact: with an injected clock, burst 10 and
  1/s, exactly 10 of 100 simultaneous requests pass and exactly 5 more 5 s later.
- :meth:`RateLimits.check` takes a token from every bucket that applies only when every
  one of them has a token: a refused request costs nothing.
- Buckets live in bounded LRU dicts (:data:`MAX_CLIENTS`), so a flood of addresses costs
  bounded memory; an evicted bucket starts full again. IPv6 clients are keyed by their
  ``/64`` (one host usually owns the whole prefix).
- Limits are per process: with ``--workers N`` each worker counts on its own.
- :func:`default_limits` is ``None`` (no limits) on loopback and
  :data:`DEFAULT_PER_CLIENT` / :data:`DEFAULT_EXPENSIVE` on any other interface.
- Checking is synchronous and takes a lock, so coroutines (and threads) are counted
  exactly; there is no ``await`` between reading and taking a token.
"""

from __future__ import annotations

import ipaddress
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from specmock.errors import SpecmockError
from specmock.http.problem import problem
from specmock.models import Response

__all__ = [
    "DEFAULT_EXPENSIVE",
    "DEFAULT_PER_CLIENT",
    "MAX_CLIENTS",
    "Limit",
    "RateLimitError",
    "RateLimits",
    "TokenBucket",
    "client_key",
    "default_limits",
    "is_loopback",
    "parse_limit",
    "parse_operation_limit",
    "too_many",
]

#: How many client (and operation) buckets are kept; the least recently used go first.
MAX_CLIENTS = 10_000

_NS = 1_000_000_000

#: Seconds of each period a limit can be written in.
_PERIODS: Mapping[str, int] = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
}
_LIMIT = re.compile(
    r"^\s*(?P<count>\d+(?:\.\d+)?)\s*/\s*(?P<period>[a-z]+)(?:\s+burst\s+(?P<burst>\d+))?\s*$",
    re.IGNORECASE,
)


class RateLimitError(SpecmockError, ValueError):
    """A rate limit that cannot be understood (names the flag and the accepted form)."""

    status = 400


@dataclass(frozen=True, slots=True)
class Limit:
    """``rate`` tokens per second, at most ``burst`` at once.

    Example:
        >>> Limit(5.0, 10)
        Limit(rate=5.0, burst=10)
    """

    rate: float
    burst: int

    def __post_init__(self) -> None:
        if not (self.rate > 0 and math.isfinite(self.rate)):
            raise RateLimitError(f"a rate limit needs a rate above 0, not {self.rate!r}")
        if self.burst < 1:
            raise RateLimitError(f"a rate limit needs a burst of at least 1, not {self.burst!r}")

    def __str__(self) -> str:
        return f"{self.rate:g}/s burst {self.burst}"


#: Per client address, when serving beyond loopback.
DEFAULT_PER_CLIENT = Limit(50.0, 100)
#: Per client, for answers generated at ``production`` quality (every property, many items).
DEFAULT_EXPENSIVE = Limit(10.0, 20)


def parse_limit(text: str, where: str = "--rate-limit") -> Limit:
    """A :class:`Limit` from ``"100/s"``, ``"20/m"``, ``"1000/h"`` or ``"5/s burst 10"``.

    Without ``burst`` a limit allows its whole count at once (``"20/m"`` is burst 20).

    Args:
        text: the limit as a user wrote it.
        where: the flag or variable it came from, named in errors.

    Raises:
        RateLimitError: one line naming ``where`` and the accepted form.

    Example:
        >>> parse_limit("20/m")
        Limit(rate=0.3333333333333333, burst=20)
        >>> parse_limit("5/s burst 10")
        Limit(rate=5.0, burst=10)
    """
    found = _LIMIT.match(text)
    period = _PERIODS.get(found["period"].lower()) if found else None
    if found is None or period is None:
        raise RateLimitError(
            f"{where}={text!r} is not a rate limit: write COUNT/PERIOD [burst N] "
            "with PERIOD s, m or h, e.g. '100/s' or '5/s burst 10'"
        )
    count = float(found["count"])
    burst = int(found["burst"]) if found["burst"] else max(1, math.ceil(count))
    try:
        return Limit(count / period, burst)
    except RateLimitError as error:
        raise RateLimitError(f"{where}={text!r}: {error}") from None


def parse_operation_limit(text: str, where: str = "--rate-limit-operation") -> tuple[str, Limit]:
    """``"GET /pets=5/s"`` as ``("GET /pets", Limit(5.0, 5))`` (``"*=..."``: every operation).

    Raises:
        RateLimitError: no ``=``, or a bad limit.

    Example:
        >>> parse_operation_limit("GET /pets = 5/s burst 10")
        ('GET /pets', Limit(rate=5.0, burst=10))
    """
    operation, sep, limit = text.rpartition("=")
    if not sep or not operation.strip():
        raise RateLimitError(
            f"{where}={text!r} is not OPERATION=LIMIT, e.g. 'GET /pets=5/s' or '*=20/s'"
        )
    return operation.strip(), parse_limit(limit, where)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``).

    Example:
        >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
        (True, True, False)
    """
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def client_key(address: str) -> str:
    """The bucket key of a client address: IPv4 as is, IPv6 by its ``/64`` network.

    Example:
        >>> client_key("2001:db8::1"), client_key("2001:db8::2"), client_key("10.0.0.7")
        ('2001:db8::/64', '2001:db8::/64', '10.0.0.7')
    """
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return address  # a Unix socket path or a test client's name: keep it
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class TokenBucket:
    """A bucket of ``burst`` tokens refilled at ``rate`` per second.

    Example:
        >>> now = [0.0]
        >>> bucket = TokenBucket(1.0, 2, clock=lambda: now[0])
        >>> bucket.take(), bucket.take(), bucket.take()
        (0.0, 0.0, 1.0)
        >>> now[0] = 0.5
        >>> bucket.take()
        0.5
    """

    __slots__ = ("_clock", "_interval", "_tat", "_tolerance", "burst", "rate")

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        limit = Limit(rate, burst)  # validates
        self.rate = limit.rate
        self.burst = limit.burst
        self._clock = clock
        #: Nanoseconds one token takes to come back.
        self._interval = max(1, round(_NS / limit.rate))
        #: How far ahead of now the theoretical arrival time may run.
        self._tolerance = self._interval * limit.burst
        #: The theoretical arrival time: when the bucket will be full again (ns).
        self._tat: int | None = None

    def wait(self, n: int = 1) -> float:
        """Seconds until ``n`` tokens are available (0.0: now); takes nothing."""
        return self._check(n, self._now())[1] / _NS

    def take(self, n: int = 1) -> float:
        """Take ``n`` tokens: 0.0 when taken, else the seconds until they are available.

        Raises:
            ValueError: ``n`` is below 1 or above the burst (it would never pass).
        """
        new, wait = self._check(n, self._now())
        if wait == 0:
            self._tat = new
        return wait / _NS

    def available(self) -> float:
        """Tokens in the bucket now (fractional while refilling).

        Example:
            >>> TokenBucket(1.0, 3, clock=lambda: 0.0).available()
            3.0
        """
        now = self._now()
        tat = now if self._tat is None else max(self._tat, now)
        return (self._tolerance - (tat - now)) / self._interval

    def _now(self) -> int:
        return round(self._clock() * _NS)

    def _check(self, n: int, now: int) -> tuple[int, int]:
        """(the arrival time after taking ``n``, nanoseconds to wait before it is allowed)."""
        if not 1 <= n <= self.burst:
            raise ValueError(f"cannot take {n} tokens from a bucket of {self.burst}")
        tat = now if self._tat is None else max(self._tat, now)
        new = tat + n * self._interval
        return new, max(0, new - now - self._tolerance)


class _Buckets:
    """Buckets by key, at most ``size`` of them, least recently used evicted first."""

    __slots__ = ("_buckets", "_clock", "_limit", "_size")

    def __init__(self, limit: Limit, size: int, clock: Callable[[], float]) -> None:
        self._limit = limit
        self._size = size
        self._clock = clock
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def get(self, key: str) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = TokenBucket(self._limit.rate, self._limit.burst, self._clock)
            self._buckets[key] = bucket
            if len(self._buckets) > self._size:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket


class RateLimits:
    """Every rate limit of one server: per client, per operation, for expensive answers.

    Args:
        per_client: each client address (IPv6: each ``/64``); ``None``: unlimited.
        per_operation: one limit for each operation, or limits by ``"METHOD /path"``
            (``"*"`` for the others); shared by every client. ``None``: unlimited.
        expensive: each client's answers generated at ``production`` quality.
        clock: seconds, monotonic (injected in tests).
        max_clients: how many client buckets to keep (least recently used go first).

    Example:
        >>> limits = RateLimits(Limit(1.0, 2), None, None, clock=lambda: 0.0)
        >>> [limits.check("10.0.0.1", "GET /pets", False) for _ in range(3)]
        [None, None, 1.0]
        >>> limits.check("10.0.0.2", "GET /pets", False) is None
        True
    """

    def __init__(
        self,
        per_client: Limit | None,
        per_operation: Mapping[str, Limit] | Limit | None = None,
        expensive: Limit | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self.per_client = per_client
        self.per_operation = per_operation
        self.expensive = expensive
        self._lock = threading.Lock()
        self._clients = _Buckets(per_client, max_clients, clock) if per_client else None
        self._expensive = _Buckets(expensive, max_clients, clock) if expensive else None
        self._operations: dict[str, _Buckets] = {}
        if isinstance(per_operation, Limit):
            self._operations["*"] = _Buckets(per_operation, max_clients, clock)
        elif per_operation is not None:
            for operation, limit in per_operation.items():
                # a named operation has one bucket; "*" has one per other operation
                size = max_clients if operation == "*" else 1
                self._operations[operation] = _Buckets(limit, size, clock)

    def check(self, client: str, operation: str | None, expensive: bool = False) -> float | None:
        """``None`` when the request may go on, else the seconds to put in ``Retry-After``.

        Args:
            client: the client's address (``scope["client"][0]``).
            operation: ``"METHOD /path"`` of the matched operation; ``None`` when no
                operation matched (only the client limit applies).
            expensive: the answer will be generated at ``production`` quality.
        """
        buckets: list[TokenBucket] = []
        key = client_key(client)
        if self._clients is not None:
            buckets.append(self._clients.get(key))
        if operation is not None and self._operations:
            named = self._operations.get(operation)
            if named is not None:
                buckets.append(named.get(operation))
            elif "*" in self._operations:
                buckets.append(self._operations["*"].get(operation))
        if expensive and self._expensive is not None:
            buckets.append(self._expensive.get(key))
        if not buckets:
            return None
        with self._lock:
            wait = max(bucket.wait() for bucket in buckets)
            if wait > 0:
                return wait
            for bucket in buckets:
                bucket.take()
        return None

    def tracked_clients(self) -> int:
        """How many client buckets are kept now (at most ``max_clients``)."""
        return len(self._clients) if self._clients is not None else 0


def too_many(retry_after: float) -> Response:
    """The ``429`` problem+json answer, ``Retry-After`` in whole seconds (at least 1).

    Example:
        >>> answer = too_many(0.2)
        >>> answer.status, dict(answer.headers)["retry-after"]
        (429, '1')
    """
    seconds = max(1, math.ceil(retry_after))
    return problem(
        429,
        f"too many requests: try again in {seconds} s",
        headers=(("retry-after", str(seconds)),),
        retry_after=seconds,
    )


def default_limits(host: str, *, clock: Callable[[], float] = time.monotonic) -> RateLimits | None:
    """The limits of a server bound to ``host``: none on loopback, defaults elsewhere.

    Example:
        >>> default_limits("127.0.0.1") is None
        True
        >>> default_limits("0.0.0.0").per_client
        Limit(rate=50.0, burst=100)
    """
    if is_loopback(host):
        return None
    return RateLimits(DEFAULT_PER_CLIENT, None, DEFAULT_EXPENSIVE, clock=clock)
