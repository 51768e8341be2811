"""Cassettes and HAR files: fixtures load, round trips are exact, errors are one line."""

from __future__ import annotations

import base64
import gzip
import json
import re
import zlib
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specmock.errors import SpecmockError
from specmock.record.exchange import Exchange, RecordedRequest, RecordedResponse
from specmock.record.formats import CassetteError, load_recordings
from specmock.record.formats.har import dump_har, load_har
from specmock.record.formats.vcr import dump_cassette, load_cassette

FIXTURES = Path(__file__).parent / "fixtures"
GZIPPED_OK = gzip.compress(b'{"ok": true}', mtime=0)
PNG_START = bytes.fromhex("89504e470d0a1a0a0000000d")


# --- VCR.py cassettes written by hand ------------------------------------------------


def test_cassette_with_text_and_json_bodies_loads() -> None:
    get, post, delete = load_cassette(FIXTURES / "pets.yaml")

    assert get.request == RecordedRequest(
        "GET",
        "https",
        "api.example.com",
        None,
        "/v1/pets",
        (("limit", "2"), ("tag", "cat"), ("tag", "dog")),
        (("accept", "application/json"), ("user-agent", "python-httpx/0.27.0")),
        b"",
    )
    assert get.response.status == 200
    assert get.response.body == b'[{"id": 1, "name": "Tom"}, {"id": 2, "name": "Rex"}]'

    assert post.request.body == b'{"name": "Kitty", "tag": "cat"}'
    assert post.request.media_type == "application/json"
    assert post.response.status == 201
    assert post.response.body == b'{"id": 3, "name": "Kitty"}'
    assert post.response.media_type == "application/json"

    assert (delete.request.method, delete.request.port, delete.request.path) == (
        "DELETE",
        8443,
        "/v1/pets/3",
    )
    assert delete.response == RecordedResponse(204, (), b"")


def test_cassette_repeated_headers_keep_every_value_in_order() -> None:
    get = load_cassette(FIXTURES / "pets.yaml")[0]
    assert get.response.headers == (
        ("content-type", "application/json"),
        ("set-cookie", "session=abc; Path=/"),
        ("set-cookie", "theme=dark; Path=/"),
    )


def test_cassette_binary_bodies_stay_bytes_as_recorded() -> None:
    (put,) = load_cassette(FIXTURES / "gzip.yaml")
    assert put.request.body == PNG_START
    assert put.response.body == GZIPPED_OK
    assert gzip.decompress(put.response.body) == b'{"ok": true}'
    assert ("content-encoding", "gzip") in put.response.headers


def test_cassette_with_python2_string_tags_loads() -> None:
    (post,) = load_cassette(FIXTURES / "python2.yaml")
    assert post.request.method == "POST"
    assert post.request.url == "http://search.example.com/find"
    assert post.request.body == b"q=kitten"
    assert post.request.headers == (
        ("content-type", "application/x-www-form-urlencoded"),
        ("x-retry", "3"),
    )
    assert post.response.body == b"found: 1"


def test_cassette_in_the_old_httpx_layout_loads() -> None:
    (health,) = load_cassette(FIXTURES / "httpx_old.yaml")
    assert health.response.status == 200
    assert health.response.body == b'{"status": "ok"}'
    assert health.request.body == b""


def test_cassette_with_code_running_tag_is_refused_in_one_line() -> None:
    path = FIXTURES / "unsafe.yaml"
    with pytest.raises(CassetteError) as caught:
        load_cassette(path)
    assert str(caught.value) == (
        f"{path}:11: unsupported YAML tag !!python/object/apply:os.system; "
        "cassettes may use plain YAML and !!binary"
    )


def test_cassette_text_and_bytes_sources_load_like_files() -> None:
    text = (FIXTURES / "pets.yaml").read_text()
    assert (
        load_cassette(text) == load_cassette(text.encode()) == load_cassette(FIXTURES / "pets.yaml")
    )
    assert load_cassette(str(FIXTURES / "pets.yaml")) == load_cassette(text)


def test_empty_cassette_has_no_exchanges() -> None:
    assert load_cassette("interactions: []\nversion: 1\n") == ()
    assert load_cassette("interactions:\nversion: 1\n") == ()


def test_vcr_json_cassette_loads() -> None:
    data = yaml.safe_load((FIXTURES / "pets.yaml").read_text())
    assert load_cassette(json.dumps(data, indent=4)) == load_cassette(FIXTURES / "pets.yaml")


GOOD_REQUEST = "{method: GET, uri: 'http://h/', body: null, headers: {}}"
GOOD_RESPONSE = "{status: {code: 200, message: OK}, headers: {}, body: {string: ''}}"


def cassette(request: str = GOOD_REQUEST, response: str = GOOD_RESPONSE, extra: str = "") -> str:
    return (
        f"interactions:\n- request: {GOOD_REQUEST}\n  response: {GOOD_RESPONSE}\n"
        f"- request: {request}\n  response: {response}\n{extra}version: 1\n"
    )


MALFORMED_CASSETTES = [
    ("yaml", "interactions: [\n  {a: 1\n", r"^{f}:3: not valid YAML: "),
    ("top-list", "- request: {}\n", r"^{f} at #: a list at the top: not a version 1 cassette"),
    ("no-interactions", "version: 1\n", r"^{f} at #: missing 'interactions'$"),
    (
        "version",
        "interactions: []\nversion: 2\n",
        r"^{f} at #/version: unsupported cassette version 2; expected 1$",
    ),
    (
        "interactions-not-list",
        "interactions: 3\n",
        r"^{f} at #/interactions: expected a list, found 3$",
    ),
    (
        "no-response",
        "interactions:\n- request: {}\n",
        r"^{f} at #/interactions/0: missing 'response'$",
    ),
    (
        "no-uri",
        cassette(request="{method: GET}"),
        r"^{f} at #/interactions/1/request: missing 'uri'$",
    ),
    (
        "relative-uri",
        cassette(request="{method: GET, uri: /pets}"),
        r"^{f} at #/interactions/1/request/uri: expected an absolute URL, found '/pets'$",
    ),
    (
        "bad-port",
        cassette(request="{method: GET, uri: 'http://h:99999/'}"),
        r"^{f} at #/interactions/1/request/uri: bad URL: ",
    ),
    (
        "status",
        cassette(response="{status: {code: OK}, body: {string: ''}}"),
        r"^{f} at #/interactions/1/response/status/code: expected a status code, found 'OK'$",
    ),
    (
        "no-status-code",
        cassette(response="{status: {message: OK}}"),
        r"^{f} at #/interactions/1/response/status: missing 'code'$",
    ),
    (
        "body-without-string",
        cassette(response="{status: 200, body: {text: x}}"),
        r"^{f} at #/interactions/1/response/body: missing 'string'$",
    ),
    (
        "body-list",
        cassette(response="{status: 200, body: {string: [1]}}"),
        r"^{f} at #/interactions/1/response/body/string: expected text or !!binary, found a list$",
    ),
    (
        "headers-not-mapping",
        cassette(response="{status: 200, headers: [a, b]}"),
        r"^{f} at #/interactions/1/response/headers: expected a mapping, found a list$",
    ),
    (
        "header-value",
        cassette(response="{status: 200, headers: {X-A: [{b: 1}]}}"),
        r"^{f} at #/interactions/1/response/headers/X-A: expected header values, found a mapping$",
    ),
    (
        "local-tag",
        cassette(response="{status: 200, body: !custom x}"),
        r"^{f}:5: unsupported YAML tag !custom; ",
    ),
    ("bad-binary", "interactions: !!python/bytes '@@@'\n", r"^{f}:1: not valid YAML: "),
]


@pytest.mark.parametrize(
    ("text", "pattern"),
    [c[1:] for c in MALFORMED_CASSETTES],
    ids=[c[0] for c in MALFORMED_CASSETTES],
)
def test_malformed_cassette_is_one_line_naming_file_and_place(
    tmp_path: Path, text: str, pattern: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(CassetteError, match=pattern.replace("{f}", _escaped(path))) as caught:
        load_cassette(path)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, SpecmockError)
    assert isinstance(caught.value, ValueError)


def _escaped(path: Path) -> str:
    return re.escape(str(path))


def test_cassette_text_source_is_named_in_errors() -> None:
    with pytest.raises(CassetteError, match=r"^<cassette> at #: missing 'interactions'$"):
        load_cassette("version: 1\nfoo: bar\n")


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(CassetteError, match=rf"^{_escaped(path)}: cannot read: No such file"):
        load_cassette(path)


def test_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"interactions: ['\xe9']\n")
    with pytest.raises(CassetteError, match=r"not UTF-8 text \(byte 16\)"):
        load_cassette(path)


# --- dump_cassette --------------------------------------------------------------------


def test_dumped_cassette_looks_like_what_vcrpy_writes() -> None:
    request = RecordedRequest.from_url(
        "POST", "https://h/pets?a=1", [("Content-Type", "application/json")], b'{"n": 1}'
    )
    response = RecordedResponse(201, (("content-type", "application/json"),), b"{}")
    data = yaml.safe_load(dump_cassette([Exchange(request, response)]))
    assert data == {
        "interactions": [
            {
                "request": {
                    "body": '{"n": 1}',
                    "headers": {"content-type": ["application/json"]},
                    "method": "POST",
                    "uri": "https://h/pets?a=1",
                },
                "response": {
                    "body": {"string": "{}"},
                    "headers": {"content-type": ["application/json"]},
                    "status": {"code": 201, "message": "Created"},
                },
            }
        ],
        "version": 1,
    }


def test_dumped_cassette_writes_binary_as_binary_and_no_body_as_null() -> None:
    request = RecordedRequest.from_url("GET", "https://h/f")
    text = dump_cassette([Exchange(request, RecordedResponse(200, (), GZIPPED_OK))])
    data = yaml.safe_load(text)
    assert data["interactions"][0]["request"]["body"] is None
    assert data["interactions"][0]["response"]["body"]["string"] == GZIPPED_OK
    assert "!!binary" in text


def test_fixture_cassettes_survive_dump_and_load() -> None:
    for name in ("pets.yaml", "gzip.yaml", "python2.yaml", "httpx_old.yaml"):
        exchanges = load_cassette(FIXTURES / name)
        assert load_cassette(dump_cassette(exchanges)) == exchanges, name


# --- generated exchanges ----------------------------------------------------------------

_TOKEN = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
_HEADER_VALUE = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=20)
_HEADERS = st.lists(
    st.tuples(_TOKEN.filter(lambda n: n != "content-encoding"), _HEADER_VALUE), max_size=5
).map(tuple)
_BODY = st.one_of(
    st.binary(max_size=64),
    st.text(max_size=64).map(lambda t: t.encode("utf-8")),
    st.sampled_from(
        [b"", b'{"a": [1, 2]}', b"line1\r\nline2\r", b" lead", b"trail \n", GZIPPED_OK]
    ),
)
_PATH = st.lists(st.from_regex(r"[A-Za-z0-9._~-]{1,8}|%20|%2F", fullmatch=True), max_size=4).map(
    lambda parts: "/" + "/".join(parts)
)

requests = st.builds(
    RecordedRequest,
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    scheme=st.sampled_from(["http", "https"]),
    host=st.from_regex(r"[a-z][a-z0-9-]{0,8}(\.[a-z]{2,5}){0,2}", fullmatch=True),
    port=st.one_of(st.none(), st.integers(1, 65535)),
    path=_PATH,
    query=st.lists(st.tuples(st.text(max_size=6), st.text(max_size=6)), max_size=4).map(tuple),
    headers=_HEADERS,
    body=_BODY,
)
responses = st.builds(RecordedResponse, status=st.integers(100, 599), headers=_HEADERS, body=_BODY)
exchanges = st.builds(
    Exchange,
    request=requests,
    response=responses,
    recorded_at=st.floats(0, 4e9, allow_nan=False),
    duration_ms=st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False)),
    operation=st.one_of(st.none(), st.text(max_size=20)),
    extensions=st.lists(st.tuples(st.text(max_size=5), st.text(max_size=5)), max_size=2).map(tuple),
)


def grouped(headers: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Headers as a format that groups them by name gives them back."""
    names = list(dict.fromkeys(name for name, _ in headers))
    return tuple((n, v) for n in names for name, v in headers if name == n)


def as_vcr_keeps_it(exchange: Exchange) -> Exchange:
    request, response = exchange.request, exchange.response
    return Exchange(
        RecordedRequest(
            request.method,
            request.scheme,
            request.host,
            request.port,
            request.path,
            request.query,
            grouped(request.headers),
            request.body,
        ),
        RecordedResponse(response.status, grouped(response.headers), response.body),
    )


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(exchanges, max_size=3))
def test_cassette_round_trip_keeps_what_the_format_holds(recorded: list[Exchange]) -> None:
    loaded = load_cassette(dump_cassette(recorded))
    assert loaded == tuple(as_vcr_keeps_it(x) for x in recorded)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(exchanges, max_size=3))
def test_har_round_trip_is_exact(recorded: list[Exchange]) -> None:
    assert load_har(dump_har(recorded)) == tuple(recorded)


# --- HAR ------------------------------------------------------------------------------


def test_browser_har_loads() -> None:
    listing, login, image = load_har(FIXTURES / "browser.har")

    assert listing.request.url == "https://api.example.com/v1/pets?limit=2"
    assert listing.request.headers == (("accept", "application/json"),)
    assert listing.recorded_at == 1714564800.25
    assert listing.duration_ms == 41.75
    assert listing.response.body == b'[{"id": 1}]'
    # The browser stored the decoded body, so its content-encoding no longer applies.
    assert listing.response.headers == (
        ("content-type", "application/json"),
        ("vary", "Accept"),
        ("vary", "Origin"),
    )

    assert login.request.body == b"user=ann&scope=a+b"
    assert login.recorded_at == 1714564801.0
    assert login.response.status == 302
    assert login.response.body == b""

    assert image.response.body == PNG_START


def test_har_export_is_har_1_2() -> None:
    request = RecordedRequest.from_url(
        "POST",
        "https://h/login?next=%2Fhome",
        [("Content-Type", "application/x-www-form-urlencoded")],
        b"user=ann&scope=a+b",
    )
    response = RecordedResponse(
        200, (("content-type", "image/png"), ("x-a", "1"), ("x-a", "2")), PNG_START
    )
    text = dump_har([Exchange(request, response, recorded_at=1714564800.25, duration_ms=3.5)])
    log = json.loads(text)["log"]
    assert log["version"] == "1.2"
    assert log["creator"]["name"] == "specmock"
    (entry,) = log["entries"]
    assert entry["startedDateTime"] == "2024-05-01T12:00:00.250Z"
    assert entry["time"] == 3.5
    assert entry["request"]["url"] == "https://h/login?next=%2Fhome"
    assert entry["request"]["queryString"] == [{"name": "next", "value": "/home"}]
    assert entry["request"]["postData"] == {
        "mimeType": "application/x-www-form-urlencoded",
        "text": "user=ann&scope=a+b",
        "params": [{"name": "user", "value": "ann"}, {"name": "scope", "value": "a b"}],
    }
    assert entry["response"]["headers"] == [
        {"name": "content-type", "value": "image/png"},
        {"name": "x-a", "value": "1"},
        {"name": "x-a", "value": "2"},
    ]
    assert entry["response"]["content"] == {
        "size": 12,
        "mimeType": "image/png",
        "text": "iVBORw0KGgoAAAAN",
        "encoding": "base64",
    }
    for key in ("cache", "timings"):
        assert key in entry


def test_har_creator_is_configurable() -> None:
    assert json.loads(dump_har([], creator="my-tool"))["log"]["creator"]["name"] == "my-tool"


def test_har_keeps_content_coded_bodies_exact() -> None:
    request = RecordedRequest.from_url("GET", "https://h/data")
    # Bytes that happen to be UTF-8 still go out base64 when content-coded.
    response = RecordedResponse(200, (("content-encoding", "br"),), b"looks like text")
    gz = RecordedResponse(200, (("content-encoding", "gzip"),), GZIPPED_OK)
    recorded = (Exchange(request, response), Exchange(request, gz))
    text = dump_har(recorded)
    assert json.loads(text)["log"]["entries"][0]["response"]["content"]["encoding"] == "base64"
    assert load_har(text) == recorded


def har(entry_patch: str) -> str:
    good = {
        "request": {"method": "GET", "url": "http://h/", "headers": []},
        "response": {"status": 200, "headers": [], "content": {"text": ""}},
    }
    return json.dumps({"log": {"entries": [good, json.loads(entry_patch)]}})


MALFORMED_HARS = [
    ("json", '{"log": {\n"entries": [}', r"^{f}:2: not valid JSON: "),
    ("no-log", "{}", r"^{f} at #: missing 'log'$"),
    ("no-entries", '{"log": {}}', r"^{f} at #/log: missing 'entries'$"),
    ("entries-object", '{"log": {"entries": {}}}', r"^{f} at #/log/entries: expected an array"),
    (
        "no-request",
        har('{"response": {"status": 200}}'),
        r"^{f} at #/log/entries/1: missing 'request'$",
    ),
    (
        "url",
        har('{"request": {"method": "GET", "url": "/x"}, "response": {"status": 200}}'),
        r"^{f} at #/log/entries/1/request/url: expected an absolute URL, found '/x'$",
    ),
    (
        "method",
        har('{"request": {"method": 1, "url": "http://h/"}, "response": {"status": 200}}'),
        r"^{f} at #/log/entries/1/request/method: expected a string, found 1$",
    ),
    (
        "status",
        har('{"request": {"method": "GET", "url": "http://h/"}, "response": {"status": "200"}}'),
        r"^{f} at #/log/entries/1/response/status: expected a status code, found '200'$",
    ),
    (
        "header",
        har(
            '{"request": {"method": "GET", "url": "http://h/", "headers": [{"name": "a"}]},'
            ' "response": {"status": 200}}'
        ),
        r"^{f} at #/log/entries/1/request/headers/0: missing 'value'$",
    ),
    (
        "base64",
        har(
            '{"request": {"method": "GET", "url": "http://h/"}, "response": {"status": 200,'
            ' "content": {"text": "@@", "encoding": "base64"}}}'
        ),
        r"^{f} at #/log/entries/1/response/content/text: text is not valid base64$",
    ),
    (
        "encoding",
        har(
            '{"request": {"method": "GET", "url": "http://h/"}, "response": {"status": 200,'
            ' "content": {"text": "x", "encoding": "rot13"}}}'
        ),
        r"^{f} at #/log/entries/1/response/content/encoding: unsupported encoding 'rot13'$",
    ),
    (
        "date",
        har(
            '{"startedDateTime": "yesterday", "request": {"method": "GET", "url": "http://h/"},'
            ' "response": {"status": 200}}'
        ),
        r"^{f} at #/log/entries/1/startedDateTime: expected an ISO 8601 date, found 'yesterday'$",
    ),
    (
        "time",
        har(
            '{"time": "5", "request": {"method": "GET", "url": "http://h/"},'
            ' "response": {"status": 200}}'
        ),
        r"^{f} at #/log/entries/1/time: expected a number, found '5'$",
    ),
]


@pytest.mark.parametrize(
    ("text", "pattern"), [c[1:] for c in MALFORMED_HARS], ids=[c[0] for c in MALFORMED_HARS]
)
def test_malformed_har_is_one_line_naming_file_and_place(
    tmp_path: Path, text: str, pattern: str
) -> None:
    path = tmp_path / "bad.har"
    path.write_text(text)
    with pytest.raises(CassetteError, match=pattern.replace("{f}", _escaped(path))) as caught:
        load_har(path)
    assert "\n" not in str(caught.value)


# --- load_recordings --------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".YAML"])
def test_load_recordings_reads_cassettes_by_extension(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"pets{suffix}"
    path.write_text((FIXTURES / "pets.yaml").read_text())
    assert load_recordings(path) == load_cassette(FIXTURES / "pets.yaml")


@pytest.mark.parametrize("suffix", [".har", ".json"])
def test_load_recordings_reads_har_by_extension(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"session{suffix}"
    path.write_text((FIXTURES / "browser.har").read_text())
    assert load_recordings(str(path)) == load_har(FIXTURES / "browser.har")


def test_load_recordings_reads_vcr_json_cassettes(tmp_path: Path) -> None:
    path = tmp_path / "cassette.json"
    data = yaml.safe_load((FIXTURES / "pets.yaml").read_text())
    path.write_text(json.dumps(data, indent=4))
    assert load_recordings(path) == load_cassette(FIXTURES / "pets.yaml")


def test_load_recordings_refuses_unknown_extensions_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    with pytest.raises(CassetteError) as caught:
        load_recordings(path)
    assert str(caught.value) == (
        f"{path}: unknown recordings format '.txt'; "
        "expected .yaml or .yml (VCR.py cassette), .har or .json (HAR)"
    )


def test_format_functions_are_reexported() -> None:
    import specmock.record.formats as formats

    assert formats.load_har is load_har
    assert formats.dump_cassette is dump_cassette
    with pytest.raises(AttributeError):
        _ = formats.load_nothing  # type: ignore[attr-defined]


def _har_answer(coding: str, content: dict[str, str]) -> RecordedResponse:
    entry = {
        "request": {"method": "GET", "url": "http://h/"},
        "response": {
            "status": 200,
            "headers": [{"name": "Content-Encoding", "value": coding}],
            "content": content,
        },
    }
    (exchange,) = load_har(json.dumps({"log": {"entries": [entry]}}))
    return exchange.response


def _b64(data: bytes) -> dict[str, str]:
    return {"text": base64.b64encode(data).decode(), "encoding": "base64"}


@pytest.mark.parametrize(
    ("coding", "content", "kept"),
    [
        ("gzip", {"text": "decoded"}, False),
        ("gzip", _b64(GZIPPED_OK), True),
        ("gzip", _b64(PNG_START), False),
        ("deflate", _b64(zlib.compress(b"x" * 50)), True),
        ("deflate", _b64(PNG_START), False),
        ("br", _b64(b"\x0b\x02\x80hi\x03"), True),
        ("br", {"text": "decoded"}, False),
        ("identity", {"text": "plain"}, True),
    ],
    ids=[
        "gzip-text",
        "gzip-raw",
        "gzip-decoded-binary",
        "deflate-raw",
        "deflate-decoded",
        "br-base64",
        "br-text",
        "identity",
    ],
)
def test_har_content_encoding_kept_only_while_the_body_is_encoded(
    coding: str, content: dict[str, str], kept: bool
) -> None:
    response = _har_answer(coding, content)
    assert (("content-encoding", coding) in response.headers) is kept


def test_cassette_python_tuple_tag_reads_as_a_list() -> None:
    text = (
        "interactions:\n- request: {method: GET, uri: 'http://h/',"
        " headers: {Accept: !!python/tuple [a, b]}}\n"
        "  response: {status: {code: 200}, body: {string: !!python/bytes aGk=}}\nversion: 1\n"
    )
    (exchange,) = load_cassette(text)
    assert exchange.request.headers == (("accept", "a"), ("accept", "b"))
    assert exchange.response.body == b"hi"
