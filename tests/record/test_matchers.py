"""Which recording answers a request: each matcher, replay order, misses, replay headers."""

from __future__ import annotations

import asyncio
import threading

import pytest

from specmock.errors import SpecmockError
from specmock.record.exchange import Exchange, RecordedRequest, RecordedResponse
from specmock.record.matchers import (
    DEFAULT_MATCH_ON,
    MATCHERS,
    MatchError,
    NoRecording,
    Playback,
    parse_match_on,
    replay_headers,
)


def req(
    url: str = "https://api.example.com/pets",
    method: str = "GET",
    headers: list[tuple[str, str]] | None = None,
    body: bytes = b"",
) -> RecordedRequest:
    return RecordedRequest.from_url(method, url, headers or [], body)


def answer(request: RecordedRequest, body: bytes, status: int = 200) -> Exchange:
    return Exchange(request, RecordedResponse(status, (("content-type", "text/plain"),), body))


JSON = [("Content-Type", "application/json")]
FORM = [("Content-Type", "application/x-www-form-urlencoded")]

# (matcher, incoming, recorded, expected reason or None)
CASES = [
    ("method", req(method="GET"), req(method="get"), None),
    ("method", req(method="GET"), req(method="POST"), "method differs: GET vs POST"),
    ("scheme", req("http://h/"), req("http://h/"), None),
    ("scheme", req("http://h/"), req("https://h/"), "scheme differs: http vs https"),
    ("host", req("http://a.example/"), req("http://A.EXAMPLE/"), None),
    (
        "host",
        req("http://a.example/"),
        req("http://b.example/"),
        "host differs: a.example vs b.example",
    ),
    ("port", req("http://h/"), req("http://h:80/"), None),
    ("port", req("https://h:443/"), req("https://h/"), None),
    ("port", req("https://h/"), req("https://h:8443/"), "port differs: 443 vs 8443"),
    ("port", req("http://h/"), req("http://h:443/"), "port differs: 80 vs 443"),
    ("path", req("http://h/pets"), req("http://h/pets"), None),
    ("path", req("http://h/pets"), req("http://h/pets/"), "path differs: /pets vs /pets/"),
    ("query", req("http://h/?a=1&b=2&a=3"), req("http://h/?a=3&b=2&a=1"), None),
    (
        "query",
        req("http://h/?limit=5"),
        req("http://h/?limit=10"),
        "query differs: limit=5 vs limit=10",
    ),
    ("query", req("http://h/?a=1&a=1"), req("http://h/?a=1"), "query differs: a=1 vs (none)"),
    ("query", req("http://h/"), req("http://h/?q=x"), "query differs: (none) vs q=x"),
    (
        "headers",
        req(headers=[("X-Api", "2"), ("X-More", "1")]),
        req(headers=[("x-api", "2")]),
        None,
    ),
    (
        "headers",
        req(headers=[("X-Api", "1")]),
        req(headers=[("x-api", "2")]),
        "headers differ: x-api: 1 vs 2",
    ),
    ("headers", req(), req(headers=[("x-api", "2")]), "headers differ: x-api missing (recorded 2)"),
    (
        "headers",
        req(headers=[("User-Agent", "curl"), ("Accept-Encoding", "br"), ("Content-Length", "3")]),
        req(headers=[("User-Agent", "httpx"), ("Host", "h"), ("Connection", "close")]),
        None,
    ),
    (
        "headers",
        req(headers=[("Accept", "a"), ("Accept", "b")]),
        req(headers=[("accept", "a")]),
        "headers differ: accept: a, b vs a",
    ),
    ("body", req(body=b"abc"), req(body=b"abc"), None),
    ("body", req(body=b"abc"), req(body=b"abd"), "body differs: abc vs abd"),
    ("body", req(body=b""), req(body=b"abc"), "body differs: (empty) vs 3 bytes"),
    ("body", req(body=b'{"a": 1, "b": [1, 2]}'), req(body=b'{"b":[1,2],"a":1}'), None),
    ("body", req(body=b'{"a": 1}'), req(body=b'{"a": 2}'), "body differs at /a: 1 vs 2"),
    ("body", req(body=b'{"a": 1}'), req(body=b'{"a": true}'), "body differs at /a: 1 vs true"),
    (
        "body",
        req(body=b'{"a": 1}'),
        req(body=b'{"a": 1, "b": 2}'),
        "body differs at /b: missing vs present",
    ),
    ("body", req(body=b"[1, 2]"), req(body=b"[1]"), "body differs at /: 2 items vs 1"),
    ("body", req(headers=JSON, body=b' "x" '), req(headers=JSON, body=b'"x"'), None),
    ("body", req(headers=FORM, body=b"b=2&a=1"), req(body=b"a=1&b=2"), None),
    ("body", req(headers=FORM, body=b"a=1"), req(body=b"a=2"), "body differs: a=1 vs a=2"),
    ("raw_body", req(body=b"abc"), req(body=b"abc"), None),
    ("raw_body", req(body=b'{"a":1}'), req(body=b'{"a": 1}'), 'body differs: {"a":1} vs {"a": 1}'),
    ("uri", req("http://h/p?a=1&b=2"), req("http://h:80/p?b=2&a=1"), None),
    (
        "uri",
        req("http://h/p?a=1"),
        req("https://h/q?a=1"),
        "scheme differs: http vs https, port differs: 80 vs 443, path differs: /p vs /q",
    ),
]


@pytest.mark.parametrize(
    ("name", "incoming", "recorded", "reason"),
    CASES,
    ids=[f"{c[0]}-{'match' if c[3] is None else 'differs'}-{i}" for i, c in enumerate(CASES)],
)
def test_matcher_agrees_or_says_why(
    name: str, incoming: RecordedRequest, recorded: RecordedRequest, reason: str | None
) -> None:
    assert MATCHERS[name](incoming, recorded) == reason


def test_every_vcr_matcher_name_is_in_the_table() -> None:
    vcr_names = {"method", "scheme", "host", "port", "path", "query", "headers", "body"}
    assert vcr_names | {"uri", "raw_body"} == set(MATCHERS)


def test_long_values_are_shortened_in_reasons() -> None:
    reason = MATCHERS["body"](req(body=b"x" * 500), req(body=b"y" * 500))
    assert reason is not None
    assert len(reason) < 100


def test_default_match_on_is_method_path_query_body() -> None:
    assert DEFAULT_MATCH_ON == ("method", "path", "query", "body")
    assert Playback([]).match_on == DEFAULT_MATCH_ON


def test_default_match_on_ignores_host_and_headers() -> None:
    recorded = req("https://prod.example.com/pets", headers=[("X-Token", "a")])
    playback = Playback([answer(recorded, b"ok")])
    incoming = req("http://localhost:8000/pets", headers=[("X-Token", "b")])
    assert playback.find(incoming).response.body == b"ok"


def test_json_bodies_match_regardless_of_key_order_and_spacing() -> None:
    recorded = req(method="POST", headers=JSON, body=b'{"name": "Rex", "tags": ["a", "b"]}')
    playback = Playback([answer(recorded, b"created", 201)])
    incoming = req(method="POST", body=b'{"tags":["a","b"],\n "name":"Rex"}')
    assert playback.find(incoming).response.status == 201


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("method,path,query", ("method", "path", "query")),
        (" Method , PATH  body ", ("method", "path", "body")),
        (["uri", "headers", "uri"], ("uri", "headers")),
        (("raw_body",), ("raw_body",)),
    ],
    ids=["commas", "spaces-and-case", "sequence-deduplicated", "tuple"],
)
def test_parse_match_on_reads_config_values(
    value: str | list[str], expected: tuple[str, ...]
) -> None:
    assert parse_match_on(value) == expected


def test_parse_match_on_rejects_unknown_names_in_one_line() -> None:
    with pytest.raises(MatchError) as caught:
        parse_match_on("method,pathh,bodyy")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("unknown matcher pathh, bodyy in match_on; known: body, headers,")
    assert "raw_body" in message
    assert isinstance(caught.value, SpecmockError)
    assert isinstance(caught.value, ValueError)


def test_parse_match_on_rejects_nothing() -> None:
    with pytest.raises(MatchError, match="match_on names no matcher; known: body"):
        parse_match_on(" , ")


def test_playback_rejects_unknown_matcher_names() -> None:
    with pytest.raises(MatchError, match="unknown matcher colour"):
        Playback([], match_on=("method", "colour"))


def test_custom_matchers_extend_the_table_by_argument() -> None:
    def tenant(incoming: RecordedRequest, recorded: RecordedRequest) -> str | None:
        a, b = (dict(r.headers).get("x-tenant") for r in (incoming, recorded))
        return None if a == b else f"tenant differs: {a} vs {b}"

    recorded = [
        answer(req(headers=[("X-Tenant", "a")]), b"A"),
        answer(req(headers=[("X-Tenant", "b")]), b"B"),
    ]
    playback = Playback(recorded, "path,tenant", matchers={**MATCHERS, "tenant": tenant})
    assert playback.find(req(headers=[("x-tenant", "b")])).response.body == b"B"
    with pytest.raises(NoRecording, match=r"\(tenant differs: c vs a\)"):
        playback.find(req(headers=[("x-tenant", "c")]))


def test_repeated_requests_replay_in_recorded_order_then_repeat_the_last() -> None:
    poll = req("https://h/jobs/1")
    playback = Playback([answer(poll, b"queued"), answer(poll, b"running"), answer(poll, b"done")])
    bodies = [playback.find(poll).response.body for _ in range(5)]
    assert bodies == [b"queued", b"running", b"done", b"done", b"done"]


def test_each_distinct_request_has_its_own_cursor() -> None:
    a, b = req("https://h/a"), req("https://h/b")
    playback = Playback(
        [answer(a, b"a1"), answer(b, b"b1"), answer(a, b"a2"), answer(b, b"b2"), answer(b, b"b3")]
    )
    got = [playback.find(r).response.body for r in (b, a, b, a, a, b, b)]
    assert got == [b"b1", b"a1", b"b2", b"a2", b"a2", b"b3", b"b3"]


def test_requests_equal_under_match_on_share_a_cursor() -> None:
    recorded = req("https://h/pets?a=1&b=2", headers=JSON, body=b'{"x": 1}')
    playback = Playback([answer(recorded, b"1"), answer(recorded, b"2")])
    first = req("https://other/pets?b=2&a=1", body=b'{ "x" : 1 }')
    second = req("https://h/pets?a=1&b=2", body=b'{"x":1}')
    assert [playback.find(first).response.body, playback.find(second).response.body] == [
        b"1",
        b"2",
    ]


def test_reset_restarts_every_cursor() -> None:
    a = req("https://h/a")
    playback = Playback([answer(a, b"1"), answer(a, b"2")])
    assert [playback.find(a).response.body for _ in range(2)] == [b"1", b"2"]
    playback.reset()
    assert playback.find(a).response.body == b"1"


def test_a_miss_names_the_nearest_recording_and_why() -> None:
    playback = Playback(
        [
            answer(req("https://h/users?limit=10"), b""),
            answer(req("https://h/pets?limit=10"), b""),
            answer(req("https://h/pets/1", method="DELETE"), b""),
        ]
    )
    with pytest.raises(NoRecording) as caught:
        playback.find(req("https://h/pets?limit=5"))
    error = caught.value
    assert str(error) == (
        "no recording matches GET /pets?limit=5; "
        "nearest: GET /pets?limit=10 (query differs: limit=5 vs limit=10)"
    )
    assert error.status == 404
    assert isinstance(error, LookupError)
    assert [c.index for c in error.nearest] == [1, 0, 2]
    assert error.nearest[1].reasons == (
        "path differs: /pets vs /users",
        "query differs: limit=5 vs limit=10",
    )


def test_nearest_ranks_by_failed_matchers_then_path_similarity() -> None:
    playback = Playback(
        [
            answer(req("https://h/orders", method="POST"), b""),
            answer(req("https://h/zzz"), b""),
            answer(req("https://h/petz"), b""),
        ]
    )
    with pytest.raises(NoRecording) as caught:
        playback.find(req("https://h/pets"))
    assert [c.index for c in caught.value.nearest] == [2, 1, 0]


def test_nearest_lists_a_request_recorded_many_times_once() -> None:
    other = req("https://h/other")
    playback = Playback([answer(other, b"1"), answer(other, b"2"), answer(req("https://h/x"), b"")])
    with pytest.raises(NoRecording) as caught:
        playback.find(req("https://h/pets"))
    assert len(caught.value.nearest) == 2


def test_nearest_holds_at_most_three() -> None:
    playback = Playback([answer(req(f"https://h/p{i}"), b"") for i in range(6)])
    with pytest.raises(NoRecording) as caught:
        playback.find(req("https://h/q"))
    assert len(caught.value.nearest) == 3


def test_a_miss_with_no_recordings_says_so() -> None:
    with pytest.raises(NoRecording) as caught:
        Playback([]).find(req("https://h/pets", method="POST"))
    assert str(caught.value) == "no recording matches POST /pets; there are no recordings"
    assert caught.value.nearest == ()


def test_a_miss_reports_every_failed_matcher_of_the_nearest() -> None:
    recorded = req("https://h/pets", method="POST", body=b'{"name": "Rex"}')
    playback = Playback([answer(recorded, b"")], "method,uri,body")
    with pytest.raises(NoRecording) as caught:
        playback.find(req("http://h/pets", method="PUT", body=b'{"name": "Max"}'))
    assert str(caught.value).endswith(
        "(method differs: PUT vs POST, scheme differs: http vs https, "
        'port differs: 80 vs 443, body differs at /name: "Max" vs "Rex")'
    )


def test_cursors_advance_once_per_find_across_threads() -> None:
    poll = req("https://h/n")
    count = 200
    playback = Playback([answer(poll, str(i).encode()) for i in range(count)])
    seen: list[bytes] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(count // 4):
            body = playback.find(poll).response.body
            with lock:
                seen.append(body)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen, key=int) == [str(i).encode() for i in range(count)]


def test_playback_serves_concurrent_tasks_in_one_loop() -> None:
    poll = req("https://h/n")
    playback = Playback([answer(poll, b"1"), answer(poll, b"2")])

    async def one() -> bytes:
        await asyncio.sleep(0)
        return playback.find(poll).response.body

    async def main() -> list[bytes]:
        return list(await asyncio.gather(one(), one(), one()))

    assert sorted(asyncio.run(main())) == [b"1", b"2", b"2"]


def test_replay_headers_drop_hop_by_hop_and_keep_order() -> None:
    headers = [
        ("Content-Type", "application/json"),
        ("Connection", "keep-alive, X-Hop"),
        ("Keep-Alive", "timeout=5"),
        ("Set-Cookie", "a=1"),
        ("Transfer-Encoding", "chunked"),
        ("X-Hop", "1"),
        ("Content-Length", "10"),
        ("Content-Encoding", "gzip"),
        ("Set-Cookie", "b=2"),
        ("Proxy-Connection", "x"),
        ("TE", "trailers"),
        ("Trailer", "x"),
        ("Upgrade", "h2c"),
    ]
    assert replay_headers(headers) == (
        ("Content-Type", "application/json"),
        ("Set-Cookie", "a=1"),
        ("Content-Encoding", "gzip"),
        ("Set-Cookie", "b=2"),
    )


def test_replayed_exchange_is_the_recorded_one() -> None:
    gz = b"\x1f\x8b\x08\x00binary\xff"
    recorded = Exchange(
        req("https://h/f"),
        RecordedResponse(203, (("content-encoding", "gzip"), ("x-a", "1"), ("x-a", "2")), gz),
    )
    found = Playback([recorded]).find(req("https://h/f"))
    assert found is recorded
    assert (found.response.status, found.response.body) == (203, gz)
    assert replay_headers(found.response.headers) == found.response.headers


def test_an_added_recording_answers_after_those_before_it() -> None:
    poll, other = req("https://h/jobs/1"), req("https://h/other")
    playback = Playback([answer(poll, b"queued"), answer(other, b"o")])
    assert playback.find(poll).response.body == b"queued"
    assert playback.find(poll).response.body == b"queued"
    playback.add(answer(poll, b"done"))
    assert [playback.find(poll).response.body for _ in range(2)] == [b"done", b"done"]
    assert playback.find(other).response.body == b"o"
    assert len(playback.exchanges) == 3


def test_an_added_recording_answers_a_request_that_missed() -> None:
    playback = Playback([])
    with pytest.raises(NoRecording):
        playback.find(req("https://h/new"))
    playback.add(answer(req("https://h/new"), b"fresh"))
    assert playback.find(req("https://h/new")).response.body == b"fresh"
