"""Requests over the whole APIs.guru directory: every operation asked as a client would,
every answer judged.

    python benchmarks/directory_requests.py [--per-description 40] [--seconds 1500]

Where ``directory_generation.py`` generates documented responses with no request, this
sends each operation a request built from the description the way ``specmock testgen``
builds one (required parameters, a body), through the engine's responder as the server
and the httpx transport do, so the request-aware paths run: ids carried back, page sizes,
search terms, posted fields merged. Each answer is sorted:

- ``CRASH``: an exception escaped the responder (a bug, always);
- ``5XX``: the mock answered 5xx to a request the description allows, with the reason it
  gave (a description that contradicts itself is reported as 500 problem+json);
- ``REFUSED``: the mock answered 4xx to every request built, where the description
  documents a success (a fault of the request builder or of the mock's request
  validation; either is worth a look);
- ``INVALID``: a 2xx JSON body openapi-schema-validator with its format checker rejects
  against the documented response schema as written (``tests/judge.py``);
- otherwise valid, or not judgeable (a reason the judge proves), or not JSON;
- ``shadowed``: an operation whose template repeats an earlier one's but for the
  parameters' names (``/v1/{name}/subscriptions`` beside ``/v1/{parent}/subscriptions``),
  which OpenAPI forbids; requests reach the first, so it is not judged.

Then what the answers say is checked against the request, where the recogniser found
the pattern and the answer lets it be told:

- ``id_checked``/``id_echoed``: a read, update or delete of one item by a path id whose
  body has an ``id`` (or a field named like the parameter) carries the id sent back
  (``NO-ID-ECHO`` lines list the others);
- ``size_checked``/``size_held``: a paged listing asked again for 3 items by its page-size
  parameter holds 3 (``PAGE-SIZE`` lines list the others);
- ``parent_checked``/``parent_held``: items answered under a parent's path whose field is
  named as the parameter after the parent's collection (``ownerId`` of
  ``/owners/{ownerId}/pets``) hold the value sent (``PARENT`` lines list the others);
- ``alone_checked``/``alone_held``: the first such item, read alone by its collection's
  own read (``GET /pets/{petId}`` beside ``GET /owners/{ownerId}/pets``), names the same
  parent (``ALONE`` lines list the others). Where the parents' own listing is described
  (``GET /owners``), the parent asked for is the first it lists, as a client would
  take it; otherwise the value the request builder made up.

Prints one line per problem and a JSON summary. No third-party data is kept.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))

from directory_generation import judged, loaded  # type: ignore[import-not-found]  # noqa: E402
from openapi_directory import fetch  # type: ignore[import-not-found]  # noqa: E402

from judge import Judge  # noqa: E402
from specmock.config import Strategy  # noqa: E402
from specmock.engine import Engine  # noqa: E402
from specmock.engine.respond import respond  # noqa: E402
from specmock.errors import SpecmockError  # noqa: E402
from specmock.models import Response  # noqa: E402
from specmock.patterns import PatternMatch  # noqa: E402
from specmock.schema import compile_validator  # noqa: E402
from specmock.schema.navigate import object_view  # noqa: E402
from specmock.schema.validate import is_hidden  # noqa: E402
from specmock.spec.model import MediaType, Operation  # noqa: E402
from specmock.testgen.plan import ATTEMPTS, Call, _Planner  # noqa: E402


def _detail(answer: Response) -> str:
    """A problem+json answer's detail (and its first error), else the body's start."""
    try:
        problem = orjson.loads(answer.body)
    except orjson.JSONDecodeError:
        return answer.body[:200].decode("utf-8", "replace")
    if not isinstance(problem, dict):
        return answer.body[:200].decode("utf-8", "replace")
    errors = problem.get("errors") or [{}]
    first = errors[0] if isinstance(errors[0], dict) else {}
    where = (
        f" [{first.get('in')} {first.get('name')}{first.get('pointer')}: {first.get('message')}]"
    )
    return str(problem.get("detail", "")) + (where if first else "")


def _expects_4xx(planner: _Planner, op: Operation) -> bool:
    """Whether the answer the description gives first is a 4xx (it documents no success)."""
    try:
        return planner.engine.default_status(op).startswith("4")
    except SpecmockError:
        return False


def ask(planner: _Planner, op: Operation) -> tuple[str, Response | None, str, Call | None]:
    """Send ``op`` requests until one is not refused: ``(outcome, answer, detail, call)``."""
    refused = ""
    for attempt in range(ATTEMPTS):
        try:
            call = planner.call(op, attempt)
        except (SpecmockError, ValueError, TypeError, RecursionError) as error:
            refused = f"no request: {str(error).splitlines()[0][:160]}"
            continue
        if isinstance(call, str):
            return "unbuildable", None, call, None
        request = call.to_request(planner.client)
        try:
            answer = respond(planner.engine, request)
        except Exception as error:
            return "crash", None, f"{request.method} {request.path}: {error!r}", call
        if 400 <= answer.status < 500 and not _expects_4xx(planner, op):
            refused = f"{answer.status} {_detail(answer)}"
            continue
        return "answered", answer, f"{request.method} {request.path}", call
    return "refused", None, refused, None


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def id_echo(
    engine: Engine, op: Operation, media: MediaType, crud: PatternMatch | None, path: str, body: Any
) -> bool | None:
    """For a read, update or delete of one item by a path id: whether the body's
    identifier (``id``, or the field named like the parameter) is the id sent; ``None``
    when there is nothing to check, or the field's schema cannot hold the id sent (a
    word sent for an integer id, a value outside a pattern)."""
    id_param = crud.params.get("id_param") if crud is not None else None
    if crud is None or crud.detail not in ("read", "update", "delete") or not id_param:
        return None
    if not op.path.endswith("{" + id_param + "}") or not isinstance(body, dict):
        return None
    sent = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    view = object_view(media.schema or {}, engine.spec.schemas)
    fields = [k for k in body if _norm(k) in ("id", _norm(id_param))]
    if not fields or not all(isinstance(body[k], str | int) for k in fields):
        return None
    holders = []
    for name in fields:
        schema = view.get(name)
        value: Any = int(sent) if sent.isdigit() and isinstance(body[name], int) else sent
        if schema is None or compile_validator(schema, engine.spec.schemas).is_valid(value):
            holders.append(name)
    if not holders:
        return None
    return any(str(body[k]) == sent for k in holders)


def _items(body: Any) -> list[Any] | None:
    """The page's items: the body when it is an array, else its one list of objects, else
    its one list; ``None`` when that cannot be told."""
    if isinstance(body, list):
        return body
    if not isinstance(body, dict):
        return None
    lists = [v for v in body.values() if isinstance(v, list)]
    objects = [v for v in lists if v and isinstance(v[0], dict)]
    if len(objects) == 1:
        return objects[0]  # type: ignore[no-any-return]
    return lists[0] if len(lists) == 1 and not objects else None


#: The strategies that shape an answer by its pattern and the request.
SHAPED = (Strategy.TEMPLATE, Strategy.INTELLIGENT)


def _json(planner: _Planner, call: Call) -> Any:
    """The 2xx JSON body ``call`` is answered with, else ``None``."""
    answer = respond(planner.engine, call.to_request(planner.client))
    if not 200 <= answer.status < 300 or not answer.body:
        return None
    try:
        return orjson.loads(answer.body)
    except orjson.JSONDecodeError:
        return None


def _json_at(planner: _Planner, op: Operation, url: str) -> Any:
    """The 2xx JSON body of ``op`` asked at ``url`` (its other parameters as the request
    builder makes them), else ``None``."""
    try:
        call = planner.call(op, 0)
    except (SpecmockError, ValueError, TypeError, RecursionError):
        return None
    return None if isinstance(call, str) else _json(planner, replace(call, url=url))


def _with(call: Call, **params: Any) -> Call:
    """``call`` with these query parameters set (``None`` drops one)."""
    kept = [(k, v) for k, v in call.params if k not in params]
    kept += [(k, v) for k, v in params.items() if v is not None]
    return replace(call, params=tuple(kept))


def first_page(
    planner: _Planner, op: Operation, paging: PatternMatch | None, call: Call
) -> tuple[Call, Any] | None:
    """The first page of 3 items a paged listing is asked for, by its page-size parameter:
    ``(the call, its body)``; ``None`` when the parameter cannot take 3 or no 2xx JSON
    answer comes."""
    size = paging.params.get("size") if paging is not None else None
    param = next((p for p in op.parameters if p.name == size and p.location.value == "query"), None)
    if paging is None or size is None or param is None:
        return None
    if not compile_validator(param.schema, planner.engine.spec.schemas).is_valid(3):
        return None
    # the first page: no cursor, offset 0, page 1 (a planned offset may ask for the last)
    where = paging.params
    documented = {p.name for p in op.parameters}
    reset: dict[str, Any] = {size: 3}
    for key, start in (("cursor", None), ("offset", 0), ("page", 1)):
        name = where.get(key)
        if name:
            reset[name] = start if name in documented else None
    first = _with(call, **reset)
    body = _json(planner, first)
    return None if body is None else (first, body)


def page_size(page: tuple[Call, Any]) -> bool | None:
    """Whether the first page asked for 3 items holds 3; ``None`` when its items cannot be
    told."""
    items = _items(page[1])
    return None if items is None else len(items) == 3


def _at(body: Any, dotted: str) -> Any:
    """The value at a response field the recogniser names (``links.next``)."""
    if isinstance(body, dict) and dotted in body:
        return body[dotted]
    for part in dotted.split("."):
        if not isinstance(body, dict):
            return None
        body = body.get(part)
    return body


def next_page(
    planner: _Planner, paging: PatternMatch | None, page: tuple[Call, Any]
) -> tuple[bool, str] | None:
    """Whether the page after the first page of 3 is another page: reached by following
    the next cursor, token or link the first page gives (it must give one: a collection
    holds more than 3), else by the page number or offset; ``(held, why not)``, ``None``
    when the listing has no such control."""
    if paging is None:
        return None
    call, body = page
    where = paging.params
    items = _items(body)
    if not items:
        return None
    if where.get("next") and where.get("cursor"):
        value = _at(body, where["next"])
        if not isinstance(value, str) or not value:
            return False, f"no next at {where['next']}: {value!r}"
        if "?" in value or value.startswith(("http", "/")):
            query = dict(parse_qsl(urlsplit(value).query))
            value = query.get(where["cursor"], "")
            if not value:
                return False, f"the next link names no {where['cursor']}: {body}"
        after = _with(call, **{where["cursor"]: value})
    elif where.get("page") or where.get("offset"):
        # one position at a time: page 2 with no offset, or offset 3 with no page
        moved = {where.get("cursor"): None, where.get("offset"): None, where.get("page"): None}
        moved.pop(None, None)
        control = where.get("page") or where["offset"]
        moved[control] = 2 if control == where.get("page") else 3
        after = _with(call, **moved)
    else:
        return None
    second = _items(_json(planner, after))
    if not second:
        return False, f"no second page: {after.params}"
    if second[0] == items[0]:
        return False, f"the second page repeats the first: {after.params}"
    return True, ""


def _texts(item: Any) -> list[str]:
    """An item's text: its strings, and those of the objects it holds (JSON:API's
    ``attributes``)."""
    if not isinstance(item, dict):
        return []
    inner = [v for sub in item.values() if isinstance(sub, dict) for v in sub.values()]
    return [v for v in (*item.values(), *inner) if isinstance(v, str)]


#: The term the search check sends: one word no generated value holds by chance.
TERM = "zebra"


def search_term(
    planner: _Planner, op: Operation, search: PatternMatch | None, call: Call
) -> tuple[bool, str] | None:
    """A search by free text answers items each of whose text fields include the term in
    one; ``None`` when the term cannot be sent as a string query parameter or no items
    come back."""
    name = search.params.get("query") if search is not None else None
    param = next((p for p in op.parameters if p.name == name and p.location.value == "query"), None)
    if param is None or not compile_validator(param.schema, planner.engine.spec.schemas).is_valid(
        TERM
    ):
        return None
    body = _json(planner, _with(call, **{param.name: TERM}))
    items = _items(body)
    if not items or not all(isinstance(item, dict) and _texts(item) for item in items):
        return None
    missing = [i for i in items if not any(TERM in t.lower() for t in _texts(i))]
    return (not missing, f"{sorted(missing[0])}" if missing else "")


def posted_back(
    engine: Engine,
    crud: PatternMatch | None,
    media: MediaType,
    call: Call,
    body: Any,
    template: str,
) -> tuple[bool, str] | None:
    """A create or update with a JSON object answers the fields it posted, where the
    answer's object has the field and its schema takes the value posted (not write-only);
    ``None`` when nothing can be compared."""
    if crud is None or crud.detail not in ("create", "update") or call.body_kind != "json":
        return None
    if not isinstance(call.body, dict) or not isinstance(body, dict):
        return None
    view = object_view(media.schema or {}, engine.spec.schemas)
    # the path names the item: an id posted beside it does not rename it
    in_path = {_norm(name) for name in re.findall(r"\{([^}]+)\}", template)}
    compared = []
    for name, value in call.body.items():
        schema = view.get(name)
        if name not in body or schema is None or isinstance(value, dict | list):
            continue
        if _norm(name) in in_path:
            continue
        if is_hidden(schema, "writeOnly", engine.spec.schemas):
            continue
        if compile_validator(schema, engine.spec.schemas).is_valid(value):
            compared.append((name, value))
    if not compared:
        return None
    wrong = [f"{k}: sent {v!r}, got {body[k]!r}" for k, v in compared if body[k] != v]
    return (not wrong, "; ".join(wrong[:3]))


def _item_reads(
    planner: _Planner, shape: re.Pattern[str], item: dict[str, Any]
) -> Iterator[tuple[Operation, str, str | None]]:
    """The reads of one item by id whose path has ``shape``, with their id parameter and
    the item's field holding that id (``None`` when the item has no usable one)."""
    for read in planner.engine.spec.operations:
        if read.method != "get" or not shape.fullmatch(read.path):
            continue
        found = {m.name: m for m in planner.engine.patterns(read) if m.recognised}
        reading = found.get("crud")
        param = reading.params.get("id_param") if reading is not None else None
        if reading is None or reading.detail != "read" or not param:
            continue
        key = next((k for k in item if _norm(k) in (_norm(param), "id")), None)
        usable = key is not None and isinstance(item[key], str | int)
        yield read, param, key if usable and not isinstance(item[key], bool) else None


def one_world(
    planner: _Planner, op: Operation, crud: PatternMatch | None, call: Call, body: Any
) -> tuple[bool, str] | None:
    """The first item of a listing agrees with what reading that item by its id answers,
    on every field both hold; ``None`` without a read by id beside the listing, or an id
    in the item."""
    if crud is None or crud.detail != "list" or op.method != "get":
        return None
    items = _items(body)
    if not items or not isinstance(items[0], dict):
        return None
    item = items[0]
    shape = re.compile(re.escape(op.path.rstrip("/")) + r"/\{[^}/]+\}")
    for read, _, key in _item_reads(planner, shape, item):
        if key is None:
            return None
        url = call.url.rstrip("/") + "/" + quote(str(item[key]), safe="")
        answered = _json_at(planner, read, url)
        if isinstance(answered, dict) and key not in answered:
            # an envelope: {"status": ..., "data": {the item}}
            inner = [v for v in answered.values() if isinstance(v, dict) and key in v]
            answered = inner[0] if len(inner) == 1 else answered
        if not isinstance(answered, dict):
            return None
        shared = [k for k in item if k in answered]
        if not shared:
            return None
        wrong = [k for k in shared if answered[k] != item[k]]
        return (not wrong, f"{read.path} differs on {wrong[:4]} of {len(shared)}")
    return None


def _parents_sent(op: Operation, sent: str) -> dict[str, str]:
    """The parents a GET's path names, by the normalised name of the parameter that
    follows each parent's collection (``ownerid`` of ``/owners/{ownerId}/pets``)."""
    if op.method != "get":
        return {}
    template = [s for s in op.path.split("/") if s]
    filled = [unquote(s) for s in urlsplit(sent).path.split("/") if s]
    if len(template) != len(filled):
        return {}
    parents = {}
    for index in range(1, len(template) - 1):
        before, segment = template[index - 1], template[index]
        if "{" in before or not re.fullmatch(r"\{[^{}]+\}", segment):
            continue
        name = segment[1:-1]
        collection = _norm(before).removesuffix("s")
        if collection and _norm(name).removesuffix("id") == collection:
            parents[_norm(name)] = filled[index]
    return parents


def parent_kept(op: Operation, sent: str, body: Any) -> tuple[bool, str] | None:
    """Items answered under a parent's path carry it: a GET's items (or its one item)
    whose field is named as the path parameter that follows the parent's collection
    (``ownerId`` of ``/owners/{ownerId}/pets``, a field ``ownerId``) hold the value sent;
    ``None`` when no such field comes back."""
    parents = _parents_sent(op, sent)
    if not parents:
        return None
    items = _items(body) or [body]
    wrong = []
    compared = 0
    for item in items:
        if not isinstance(item, dict):
            continue
        for key, value in item.items():
            if (
                _norm(key) in parents
                and isinstance(value, str | int)
                and not isinstance(value, bool)
            ):
                compared += 1
                given = parents[_norm(key)]
                if str(value) != given:
                    wrong.append(f"{key}: sent {given!r}, got {value!r}")
    if not compared:
        return None
    return (not wrong, "; ".join(wrong[:3]))


def _listed_parent(planner: _Planner, op: Operation, call: Call) -> tuple[Call, str, str] | None:
    """``call`` asked for the nearest parent the parents' own listing names first
    (``/owners/{ownerId}/pets`` for the first of ``GET /owners``), with that parameter's
    normalised name and the value; ``None`` without such a listing or id."""
    template = [s for s in op.path.split("/") if s]
    at = max(
        (i for i in range(1, len(template) - 1) if re.fullmatch(r"\{[^{}]+\}", template[i])),
        default=None,
    )
    if at is None or "{" in template[at - 1]:
        return None
    head = "/" + "/".join(template[:at])
    lister = next(
        (o for o in planner.engine.spec.operations if o.method == "get" and o.path == head),
        None,
    )
    if lister is None or "{" in head:
        return None
    url = urlsplit(call.url)
    segments = url.path.rstrip("/").split("/")
    depth = len(template)
    prefix = "/".join(segments[:-depth])
    answered = _json_at(planner, lister, f"{url.scheme}://{url.netloc}{prefix}{head}")
    first = (_items(answered) or [None])[0]
    name = template[at][1:-1]
    if not isinstance(first, dict):
        return None
    value = next((v for k, v in first.items() if _norm(k) in ("id", _norm(name))), None)
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    segments[len(segments) - depth + at] = quote(str(value), safe="")
    asked = replace(call, url=url._replace(path="/".join(segments)).geturl())
    return asked, _norm(name), str(value)


def read_alone(
    planner: _Planner, op: Operation, crud: PatternMatch | None, call: Call, sent: str, body: Any
) -> tuple[bool, str] | None:
    """The first item a listing under a parent answers, read alone by its collection's
    own read (``GET /pets/{petId}`` beside ``GET /owners/{ownerId}/pets``), names the
    same parent; ``None`` without such a read, or a parent field and an id in the item."""
    parents = _parents_sent(op, sent)
    if crud is None or crud.detail != "list" or not parents:
        return None
    listed = _listed_parent(planner, op, call)
    if listed is not None:
        call, name, value = listed
        body = _json(planner, call)
        parents[name] = value
    items = _items(body)
    if not items or not isinstance(items[0], dict):
        return None
    item = items[0]
    fields = {k: v for k, v in item.items() if _norm(k) in parents and isinstance(v, str | int)}
    if any(str(v) != parents[_norm(k)] for k, v in fields.items()):
        return None  # the listing does not carry the parent: the parent check says so
    last = op.path.rstrip("/").rsplit("/", 1)[-1]
    if not fields or "{" in last:
        return None
    shape = re.compile(r"(?:/[^{}/]+)*/" + re.escape(last) + r"/\{[^{}/]+\}")
    for read, param, key in _item_reads(planner, shape, item):
        if key is None:
            return None
        # the listing's URL less its own path is where the description is served
        listed = urlsplit(call.url)
        depth = len([s for s in op.path.split("/") if s])
        prefix = "/".join(listed.path.rstrip("/").split("/")[:-depth])
        path = read.path.replace("{" + param + "}", quote(str(item[key]), safe=""))
        answered = _json_at(planner, read, f"{listed.scheme}://{listed.netloc}{prefix}{path}")
        if not isinstance(answered, dict):
            return None
        wrong = [
            f"{k}: listed {v!r}, alone {answered.get(k)!r}"
            for k, v in fields.items()
            if k in answered and answered[k] != v
        ]
        if not any(k in answered for k in fields):
            return None
        return (not wrong, "; ".join(wrong[:3]))
    return None


def mock_token(auth: PatternMatch | None, body: Any) -> tuple[bool, str] | None:
    """A token an auth answer gives says it is test data: ``mock_``-prefixed, or a JWT
    whose claims say so; ``None`` when the answer has no token field."""
    field = auth.params.get("token_field") if auth is not None else None
    token = _at(body, field) if field else None
    if not isinstance(token, str) or not token:
        return None
    if "mock" in token.lower():
        return True, ""
    parts = token.split(".")
    if len(parts) == 3:
        try:
            claims = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        except ValueError:
            claims = b""
        if b"mock" in claims.lower():
            return True, ""
    return False, f"{field}: {token[:40]!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-description", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=1500.0, help="stop after this long")
    parser.add_argument("--seed", type=int, default=7, help="the order descriptions are read")
    parser.add_argument("--only", default="", help="descriptions whose path contains this")
    args = parser.parse_args()
    api = fetch()
    files = sorted(p for p in api.rglob("*") if p.suffix in (".json", ".yaml", ".yml"))
    files = [p for p in files if args.only in str(p.relative_to(api))]
    random.Random(args.seed).shuffle(files)
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    for name, spec in loaded(files, api, started + args.seconds, counts):
        counts["descriptions"] += 1
        judge = Judge(spec)
        planner = _Planner(Engine(spec, seed=0), 0)
        try:
            shapes: set[tuple[str, str]] = set()
            for op in spec.operations[: args.per_description]:
                counts["operations"] += 1
                shape = (op.method, re.sub(r"\{[^}]*\}", "{}", op.path))
                if shape in shapes:
                    # /v1/{name}/subs beside /v1/{parent}/subs: one template, which OpenAPI
                    # forbids; requests reach the first, so this one cannot be judged
                    counts["shadowed"] += 1
                    continue
                shapes.add(shape)
                outcome, answer, detail, call = ask(planner, op)
                if outcome == "crash":
                    counts["crashes"] += 1
                    print(f"CRASH {name} {op.key}: {detail}", flush=True)
                    continue
                if outcome in ("refused", "unbuildable"):
                    counts[outcome] += 1
                    if outcome == "refused":
                        print(f"REFUSED {name} {op.key}: {detail}", flush=True)
                    continue
                assert answer is not None
                if answer.status >= 500:
                    counts["5xx"] += 1
                    print(f"5XX {name} {op.key}: {answer.status} {_detail(answer)}", flush=True)
                    continue
                counts["answered"] += 1
                media_type = dict(answer.headers).get("content-type", "").split(";")[0].strip()
                response = op.responses.get(str(answer.status)) or op.responses.get(
                    f"{str(answer.status)[0]}XX", op.responses.get("default")
                )
                media = None
                if response is not None:
                    media = next(
                        (m for n, m in response.content.items() if n.split(";")[0] == media_type),
                        None,
                    )
                if media is None or not media.is_json or not answer.body:
                    counts["not_json"] += 1
                    continue
                if media.source is None or media.schema is None:
                    counts["valid"] += 1
                    continue
                body = orjson.loads(answer.body)
                kind, problem = judged(judge, media, body)
                counts[kind] += 1
                if problem:
                    print(f"INVALID {name} {detail} {answer.status}: {problem}", flush=True)
                if kind == "judge_failed" or not 200 <= answer.status < 300 or call is None:
                    continue
                found = {m.name: m for m in planner.engine.patterns(op) if m.recognised}
                sent = detail.split(" ", 1)[1]
                echoed = id_echo(planner.engine, op, media, found.get("crud"), sent, body)
                if echoed is not None:
                    counts["id_checked"] += 1
                    counts["id_echoed"] += echoed
                    if not echoed:
                        print(f"NO-ID-ECHO {name} {detail}", flush=True)
                page = first_page(planner, op, found.get("pagination"), call)
                sized = page_size(page) if page is not None else None
                if sized is not None:
                    counts["size_checked"] += 1
                    counts["size_held"] += sized
                    if not sized:
                        print(f"PAGE-SIZE {name} {detail}", flush=True)
                # the checks of what a template does: where the engine shapes the answer
                key = next((k for k, r in op.responses.items() if r is response), "")
                shaped = planner.engine.choose_strategy(op, key, media) in SHAPED
                if not shaped:
                    found = {}
                checks = {
                    "next": next_page(planner, found.get("pagination"), page) if page else None,
                    "term": search_term(planner, op, found.get("search"), call),
                    "posted": posted_back(
                        planner.engine, found.get("crud"), media, call, body, op.path
                    ),
                    "world": one_world(planner, op, found.get("crud"), call, body),
                    "token": mock_token(found.get("auth"), body),
                    "parent": parent_kept(op, sent, body) if found.get("crud") else None,
                    "alone": read_alone(planner, op, found.get("crud"), call, sent, body),
                }
                for check, result in checks.items():
                    if result is None:
                        continue
                    counts[f"{check}_checked"] += 1
                    counts[f"{check}_held"] += result[0]
                    if not result[0]:
                        print(f"{check.upper()} {name} {detail}: {result[1][:300]}", flush=True)
        finally:
            planner.client.close()
    summary = {"seconds": round(time.perf_counter() - started), **counts}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
