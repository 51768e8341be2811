"""Stateful round trips over a description: each collection the mock keeps is sent the
create ``specmock testgen`` writes, then each read beside it is asked for the created id.

Used by ``tests/http/test_stateful_corpus.py`` (every corpus description, as a test) and
``benchmarks/stateful.py`` (the same figures, printed). Validity is judged by
openapi-schema-validator with its format checker (``tests/judge.py``).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

import httpx

from judge import Judge
from specmock.engine import Engine
from specmock.engine.state import MemoryState
from specmock.engine.stateful import roles_of
from specmock.http import create_app
from specmock.testgen.plan import MOCK_BASE, Call, plan_suite


@dataclass
class Trips:
    """What the round trips over one description found."""

    creates: int = 0  # create operations of kept collections with a request built
    stored: int = 0  # answered from the state
    enveloped: int = 0  # of those, with the item in an envelope
    invalid: int = 0  # a stored answer the judge rejects
    reads: int = 0  # reads of a created item answered from the state
    read_back: int = 0  # of those, answering the item as created
    home_reads: int = 0  # of the reads, by its id alone, of an item made under a parent
    home_read_back: int = 0  # of those, answering the item as created
    warned: int = 0  # reads answered from the description, with a warning saying why
    missed: int = 0  # reads that answered neither (no warning)
    failures: list[str] = field(default_factory=list)


def _item(body: Any, name: str | None) -> Any:
    return body.get(name) if name and isinstance(body, dict) else body


def round_trips(engine: Engine) -> Trips:
    """Create through every kept collection and read each created item back."""
    roles = roles_of(engine)
    wanted = frozenset(key for key, role in roles.items() if role.kind in ("create", "read"))
    trips = Trips()
    if not any(role.kind == "create" for role in roles.values()):
        return trips
    suite = plan_suite(engine.spec, only=wanted)
    calls = {c.operation: c.call for c in suite.cases if c.call is not None and c.skip is None}
    asyncio.run(_run(engine, calls, trips))
    return trips


async def _run(engine: Engine, calls: dict[str, Call], trips: Trips) -> None:
    judge = Judge(engine.spec)
    roles = roles_of(engine)
    app = create_app(engine, state=MemoryState())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=MOCK_BASE) as client:
        for key, role in roles.items():
            create = calls.get(key)
            if role.kind != "create" or create is None:
                continue
            trips.creates += 1
            answer = await client.send(create.to_httpx(client))  # type: ignore[arg-type]
            if answer.headers.get("x-specmock-source") != "state":
                warning = answer.headers.get("x-specmock-warning", "")
                trips.failures.append(f"{key}: {answer.status_code} not stored {warning}")
                continue
            trips.stored += 1
            op = engine.spec.operation(key)
            documented = op.responses[op.documented(answer.status_code) or ""]
            sent = answer.headers["content-type"].split(";")[0]
            media = next(m for n, m in documented.content.items() if n.split(";")[0] == sent)
            body = answer.json()
            verdict, problems = judge.verdict(media, body)
            if verdict == "judged" and problems:
                trips.invalid += 1
                trips.failures.append(f"{key}: invalid: {problems[0]}")
            plan = engine.plan(op, role.collection.create_media)
            assert plan is not None and plan.id_field is not None
            trips.enveloped += plan.entity_field is not None
            item = _item(body, plan.entity_field)
            new_id = item.get(plan.id_field) if isinstance(item, dict) else None
            if new_id is None:
                trips.failures.append(f"{key}: the created item has no {plan.id_field}")
                continue
            home = role.collection.home
            for read_key, read in roles.items():
                read_op = engine.spec.operation(read_key)
                if read.kind != "read" or read_key not in calls:
                    continue
                where = read_op.path.rsplit("/", 1)[0]
                if read.collection is role.collection and where == op.path:
                    url = create.url.rstrip("/") + "/" + quote(str(new_id), safe="")
                elif home is not None and where == home:  # made under a parent, read alone
                    url = calls[read_key].url.rsplit("/", 1)[0] + "/" + quote(str(new_id), safe="")
                else:
                    continue
                asked = replace(calls[read_key], url=url)
                got = await client.send(asked.to_httpx(client))  # type: ignore[arg-type]
                if got.headers.get("x-specmock-source") == "state" and read.media is not None:
                    trips.reads += 1
                    trips.home_reads += where == home
                    read_plan = engine.plan(read_op, read.media)
                    name = read_plan.entity_field if read_plan is not None else None
                    if _item(json.loads(got.content), name) == item:
                        trips.read_back += 1
                        trips.home_read_back += where == home
                    else:
                        trips.failures.append(f"{read_key}: {url} differs from what was created")
                elif "x-specmock-warning" in got.headers:
                    # a stored item that does not fit the read's answer is answered from
                    # the description, with a warning saying why
                    trips.warned += 1
                else:
                    trips.missed += 1
