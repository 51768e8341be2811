"""The server's guards and windows, wired: rate limits, roles, the audit log, stats, metrics."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from serving import PETSTORE, InProcess, serving
from specmock.analytics import Collector
from specmock.cache import MemoryCache
from specmock.engine import Engine
from specmock.http import create_app
from specmock.http.access import Tokens
from specmock.http.ratelimit import Limit, RateLimits
from specmock.store.database import open_engine, sessions
from specmock.store.patterns import list_audit


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_source(PETSTORE)


def test_a_client_over_its_limit_gets_exact_429s_with_retry_after(engine: Engine) -> None:
    now = [100.0]
    limits = RateLimits(Limit(1.0, 5), clock=lambda: now[0])
    app = create_app(engine, limits=limits)

    async def burst(n: int) -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            return list(await asyncio.gather(*(client.get("/pets/1") for _ in range(n))))

    answers = asyncio.run(burst(20))
    refused = [a for a in answers if a.status_code == 429]
    assert len(refused) == 15 and sum(a.status_code == 200 for a in answers) == 5
    assert all(int(a.headers["retry-after"]) >= 1 for a in refused)
    assert refused[0].headers["content-type"] == "application/problem+json"
    now[0] += 3.0  # three more tokens
    assert sum(a.status_code == 200 for a in asyncio.run(burst(10))) == 3


def test_operation_limits_count_per_operation(engine: Engine) -> None:
    now = [0.0]
    limits = RateLimits(None, {"GET /pets/{petId}": Limit(1.0, 2)}, clock=lambda: now[0])
    client = InProcess(create_app(engine, limits=limits))
    by_id = [client.request("GET", f"/pets/{n}").status_code for n in range(1, 5)]
    assert by_id == [200, 200, 429, 429]
    assert client.request("GET", "/pets").status_code == 200  # another operation


ROUTES = [
    ("GET", "health", None, 200),
    ("GET", "operations", "read", 200),
    ("GET", "stats", "read", 200),
    ("GET", "metrics", "read", 200),
    ("GET", "cache", "read", 200),
    ("GET", "chaos", "read", 200),
    ("PUT", "chaos", "admin", 200),
    ("POST", "reset", "admin", 200),
    ("DELETE", "cache", "admin", 200),
]


@pytest.mark.parametrize(("method", "endpoint", "needs", "ok"), ROUTES)
@pytest.mark.parametrize("who", [None, "wrong", "reader", "admin"])
def test_roles_decide_every_admin_route(
    engine: Engine, method: str, endpoint: str, needs: str | None, ok: int, who: str | None
) -> None:
    tokens = Tokens.from_specs(["reader-token:read"], admin_token="admin-token")
    app = create_app(engine, admin_token=tokens, cache=MemoryCache(), analytics=Collector())
    headers = {"authorization": f"Bearer {who}-token"} if who else {}
    body = {"error_rate": 0} if (method, endpoint) == ("PUT", "chaos") else None
    answer = InProcess(app).request(method, f"/__specmock/{endpoint}", headers=headers, json=body)
    allowed = needs is None or who == "admin" or (who == "reader" and needs == "read")
    if allowed:
        assert answer.status_code == ok, answer.text
    elif who in (None, "wrong"):
        assert answer.status_code == 401 and "bearer" in answer.headers["www-authenticate"].lower()
    else:
        assert answer.status_code == 403


def test_admin_changes_are_audited_with_the_token_name(engine: Engine, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    tokens = Tokens.from_specs(["ops-secret:admin"])
    app = create_app(engine, admin_token=tokens, audit_url=url)
    good = {"authorization": "Bearer ops-secret"}
    with serving(app) as base:
        assert (
            httpx.put(
                f"{base}/__specmock/chaos", json={"error_rate": 0.5}, headers=good
            ).status_code
            == 200
        )
        assert (
            httpx.put(f"{base}/__specmock/chaos", json={"error_rate": 2}, headers=good).status_code
            == 422
        )

    async def entries() -> tuple[object, ...]:
        store = open_engine(url)
        try:
            async with sessions(store)() as session:
                return await list_audit(session)
        finally:
            await store.dispose()

    (entry,) = asyncio.run(entries())  # the refused change is not a change
    assert entry.actor == "token#1" and entry.action == "chaos.put"  # type: ignore[attr-defined]
    assert entry.old["error_rate"] == 0  # type: ignore[attr-defined]
    assert entry.new["error_rate"] == 0.5  # type: ignore[attr-defined]
    assert "ops-secret" not in str(entry)


def test_stats_and_metrics_count_the_answers(engine: Engine) -> None:
    collector = Collector("testing")
    client = InProcess(create_app(engine, cache=MemoryCache(), analytics=collector))
    for _ in range(3):
        client.request("GET", "/pets/1")
    client.request("GET", "/pets/not-a-number")
    stats = client.request("GET", "/__specmock/stats").json()
    overall = stats["analytics"]["overall"]
    assert overall["requests"] == 4
    assert stats["cache"]["hits"] == 2
    metrics = client.request("GET", "/__specmock/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(metrics.text)}
    requests = [
        s for f in families.values() for s in f.samples if s.name.startswith("specmock_requests")
    ]
    assert sum(s.value for s in requests if s.name.endswith("_total")) == 4


def test_serve_accepts_tokens_kept_in_the_store(tmp_path: Path) -> None:
    from specmock.http.access import Role, create_token
    from specmock.http.factory import ServeOptions

    url = f"sqlite:///{tmp_path / 'store.db'}"

    async def make() -> str:
        store = open_engine(url)
        try:
            async with sessions(store)() as session, session.begin():
                return await create_token(session, "ci", Role.READ, actor="test")
        finally:
            await store.dispose()

    token = asyncio.run(make())
    options = ServeOptions(PETSTORE, database_url=url)
    assert options.access().role_of(f"Bearer {token}") is Role.READ
    assert options.access().role_of("Bearer nope") is None
    empty = ServeOptions(PETSTORE, database_url=f"sqlite:///{tmp_path / 'none.db'}")
    assert not empty.access()
