"""Generated requests against the pet store: never a 5xx, and every 2xx JSON body valid."""

from __future__ import annotations

from urllib.parse import quote

import orjson
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from judge import Judge
from serving import InProcess
from specmock.engine import Engine
from specmock.http import create_app

SEGMENTS = st.one_of(
    st.sampled_from(["pets", "v1", "search", "photo", "owners", "orders", "health", "auth"]),
    st.integers(min_value=-5, max_value=10**12).map(str),
    st.text(max_size=12).map(lambda s: quote(s, safe="")),
    st.sampled_from(["..", ".", "%2F", "%FF", "%C3%A9", ""]),
)
#: Documented paths with their parameters filled, so many requests reach an operation.
KNOWN = st.tuples(
    st.sampled_from(["pets", "v1/pets", "pets/search", "owners", "orders", "health", "auth/login"]),
    st.one_of(st.just(None), st.integers(0, 10**6).map(str), st.sampled_from(["photo", "x"])),
).map(lambda t: [t[0]] if t[1] is None else [t[0], t[1]])
VALID = st.sampled_from(
    ["pets", "v1/pets", "pets/7", "v1/pets/9", "owners/3", "health", "orders", "pets/2/photo"]
).map(lambda p: p.split("/"))
QUERY = st.lists(
    st.tuples(
        st.sampled_from(["limit", "cursor", "species", "q", "page", "per_page", "x"]),
        st.one_of(st.integers(-3, 200).map(str), st.text(max_size=10)),
    ),
    max_size=4,
)
BODIES = st.one_of(
    st.binary(max_size=64),
    st.fixed_dictionaries(
        {"name": st.text(max_size=60), "species": st.sampled_from(["dog", "cat", "dragon"])},
        optional={"tags": st.lists(st.text(max_size=8), max_size=6)},
    ).map(orjson.dumps),
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=b",
        "text/plain",
        "",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    method=st.sampled_from(["GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
    segments=st.one_of(st.lists(SEGMENTS, min_size=0, max_size=4), KNOWN, VALID, VALID),
    query=QUERY,
    body=BODIES,
    content_type=CONTENT_TYPES,
    prefer=st.sampled_from(["", "code=404", "dynamic=true", "example=rex", "code=2", "seed=x"]),
)
def test_generated_requests_never_fail_the_server(
    petstore_engine: Engine,
    method: str,
    segments: list[str],
    query: list[tuple[str, str]],
    body: bytes,
    content_type: str,
    prefer: str,
) -> None:
    app = create_app(petstore_engine)
    headers = {"prefer": prefer} if prefer else {}
    if content_type:
        headers["content-type"] = content_type
    path = "/" + "/".join(segments).lstrip("/")
    response = InProcess(app).request(
        method, path, params=query, content=body if method != "GET" else None, headers=headers
    )
    event(f"status {response.status_code}")
    assert response.status_code < 500, response.text
    kind = response.headers.get("content-type", "")
    if 200 <= response.status_code < 300 and kind.endswith("json") and method != "HEAD":
        # httpx normalises some paths (dot segments, '//'): match what was sent.
        sent = response.request.url.raw_path.decode("ascii").split("?", 1)[0]
        route = app.responder.router.match(method, sent)
        media = route.operation.responses[str(response.status_code)].content[
            response.headers["content-type"]
        ]
        assert Judge(petstore_engine.spec).errors(media, response.json()) == []
