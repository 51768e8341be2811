"""Token buckets and server rate limits, counted exactly with an injected clock."""

from __future__ import annotations

import asyncio

import orjson
import pytest

from specmock.errors import SpecmockError
from specmock.http.ratelimit import (
    DEFAULT_EXPENSIVE,
    DEFAULT_PER_CLIENT,
    Limit,
    RateLimitError,
    RateLimits,
    TokenBucket,
    client_key,
    default_limits,
    parse_limit,
    parse_operation_limit,
    too_many,
)


class Clock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refill_counts_exactly() -> None:
    clock = Clock()
    bucket = TokenBucket(1.0, 10, clock=clock)
    waits = [bucket.take() for _ in range(100)]
    assert waits.count(0.0) == 10
    assert sum(1 for w in waits if w > 0) == 90
    clock.now += 5
    assert [bucket.take() for _ in range(20)].count(0.0) == 5


def test_refused_take_reports_the_wait_and_costs_nothing() -> None:
    clock = Clock()
    bucket = TokenBucket(2.0, 1, clock=clock)
    assert bucket.take() == 0.0
    assert bucket.take() == 0.5
    assert bucket.take() == 0.5  # refusals did not push the next token further away
    clock.now += 0.25
    assert bucket.take() == 0.25
    clock.now += 0.25
    assert bucket.take() == 0.0


def test_a_long_idle_bucket_holds_only_its_burst() -> None:
    clock = Clock()
    bucket = TokenBucket(10.0, 3, clock=clock)
    clock.now += 3600
    assert bucket.available() == 3.0
    assert [bucket.take() for _ in range(5)].count(0.0) == 3


def test_fractional_rates_stay_exact_over_many_periods() -> None:
    clock = Clock()
    bucket = TokenBucket(20 / 60, 20, clock=clock)  # "20/m"
    assert [bucket.take() for _ in range(25)].count(0.0) == 20
    allowed = 0
    for _ in range(600):  # ten minutes, a second at a time: 200 more tokens
        clock.now += 1
        allowed += bucket.take() == 0.0
    assert allowed == 200


def test_taking_several_tokens() -> None:
    bucket = TokenBucket(1.0, 5, clock=Clock())
    assert bucket.take(3) == 0.0
    assert bucket.take(3) == 1.0
    assert bucket.take(2) == 0.0
    with pytest.raises(ValueError, match="cannot take 6 tokens"):
        bucket.take(6)


def test_concurrent_coroutines_get_exact_429_counts() -> None:
    clock = Clock()
    limits = RateLimits(Limit(50.0, 100), None, None, clock=clock)

    async def one(_: int) -> float | None:
        await asyncio.sleep(0)
        return limits.check("203.0.113.7", "GET /pets", False)

    async def main() -> list[float | None]:
        return await asyncio.gather(*(one(i) for i in range(200)))

    answers = asyncio.run(main())
    assert answers.count(None) == 100
    refused = [a for a in answers if a is not None]
    assert len(refused) == 100
    assert min(refused) == pytest.approx(0.02)  # one token every 1/50 s


def test_concurrent_clients_each_have_their_own_bucket() -> None:
    limits = RateLimits(Limit(1.0, 3), None, None, clock=Clock())

    async def main() -> list[float | None]:
        return await asyncio.gather(
            *(
                asyncio.to_thread(limits.check, f"198.51.100.{i % 10}", None, False)
                for i in range(200)
            )
        )

    answers = asyncio.run(main())
    assert answers.count(None) == 30  # 10 clients x burst 3, threads included


def test_operation_limits_are_shared_by_every_client() -> None:
    limits = RateLimits(None, {"GET /pets": Limit(1.0, 5)}, None, clock=Clock())
    answers = [limits.check(f"10.0.0.{i}", "GET /pets", False) for i in range(12)]
    assert answers.count(None) == 5
    # other operations are not limited
    assert all(limits.check("10.0.0.1", "POST /pets", False) is None for _ in range(50))


def test_one_limit_for_each_operation_and_a_star_default() -> None:
    one = RateLimits(None, Limit(1.0, 2), None, clock=Clock())
    for operation in ("GET /a", "GET /b"):
        assert [one.check("c", operation, False) for _ in range(4)].count(None) == 2
    star = RateLimits(None, {"*": Limit(1.0, 1), "GET /a": Limit(1.0, 3)}, None, clock=Clock())
    assert [star.check("c", "GET /a", False) for _ in range(5)].count(None) == 3
    assert [star.check("c", "GET /b", False) for _ in range(5)].count(None) == 1
    assert star.check("c", None, False) is None  # no operation matched: no operation limit


def test_expensive_answers_have_their_own_limit() -> None:
    clock = Clock()
    limits = RateLimits(Limit(100.0, 100), None, Limit(1.0, 2), clock=clock)
    cheap = [limits.check("c", "GET /pets", False) for _ in range(10)]
    dear = [limits.check("c", "GET /pets", True) for _ in range(10)]
    assert cheap.count(None) == 10
    assert dear.count(None) == 2


def test_a_refused_request_takes_from_no_bucket() -> None:
    clock = Clock()
    limits = RateLimits(Limit(1.0, 5), None, Limit(1.0, 1), clock=clock)
    assert limits.check("c", "GET /x", True) is None
    assert limits.check("c", "GET /x", True) == 1.0  # expensive refused ...
    assert [limits.check("c", "GET /x", False) for _ in range(10)].count(None) == 4  # ... free


def test_client_buckets_are_bounded() -> None:
    clock = Clock()
    limits = RateLimits(Limit(1.0, 1), None, None, clock=clock, max_clients=100)
    for i in range(5000):
        assert limits.check(f"10.{i // 65536}.{i // 256 % 256}.{i % 256}", None, False) is None
    assert limits.tracked_clients() == 100
    # the most recent clients are still tracked (and limited)
    assert limits.check("10.0.19.135", None, False) == 1.0  # i = 4999
    # the oldest was evicted: it starts again with a full bucket
    assert limits.check("10.0.0.0", None, False) is None


def test_ipv6_clients_share_their_64() -> None:
    limits = RateLimits(Limit(1.0, 2), None, None, clock=Clock())
    answers = [limits.check(f"2001:db8:0:1::{i:x}", None, False) for i in range(1, 10)]
    assert answers.count(None) == 2
    assert client_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert client_key("unix-socket") == "unix-socket"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100/s", Limit(100.0, 100)),
        ("20/m", Limit(20 / 60, 20)),
        ("20 / min", Limit(20 / 60, 20)),
        ("3600/h", Limit(1.0, 3600)),
        ("5/s burst 10", Limit(5.0, 10)),
        ("0.5/S BURST 1", Limit(0.5, 1)),
        ("0.5/s", Limit(0.5, 1)),
    ],
    ids=str,
)
def test_parse_limit_accepts(text: str, expected: Limit) -> None:
    assert parse_limit(text) == expected


@pytest.mark.parametrize(
    "text", ["", "100", "100/d", "/s", "-1/s", "0/s", "5/s burst 0", "5/s burst", "x/s"], ids=repr
)
def test_parse_limit_refuses_in_one_line_naming_the_flag(text: str) -> None:
    with pytest.raises(RateLimitError) as caught:
        parse_limit(text, "--rate-limit-client")
    message = str(caught.value)
    assert message.startswith("--rate-limit-client=")
    assert "\n" not in message
    assert isinstance(caught.value, SpecmockError)
    assert isinstance(caught.value, ValueError)


def test_parse_operation_limit() -> None:
    assert parse_operation_limit("GET /pets/{id}=2/s") == ("GET /pets/{id}", Limit(2.0, 2))
    with pytest.raises(RateLimitError, match="OPERATION=LIMIT"):
        parse_operation_limit("5/s")


@pytest.mark.parametrize(
    ("wait", "header"), [(0.001, "1"), (0.5, "1"), (1.0, "1"), (1.01, "2"), (59.2, "60")], ids=str
)
def test_too_many_has_retry_after_in_whole_seconds(wait: float, header: str) -> None:
    answer = too_many(wait)
    headers = dict(answer.headers)
    assert answer.status == 429
    assert headers["retry-after"] == header
    assert headers["content-type"] == "application/problem+json"
    body = orjson.loads(answer.body)
    assert body["status"] == 429
    assert body["retry_after"] == int(header)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost"])
def test_no_default_limits_on_loopback(host: str) -> None:
    assert default_limits(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "mock.example.org"])
def test_default_limits_elsewhere(host: str) -> None:
    limits = default_limits(host)
    assert limits is not None
    assert limits.per_client == DEFAULT_PER_CLIENT
    assert limits.expensive == DEFAULT_EXPENSIVE
    assert limits.per_operation is None
