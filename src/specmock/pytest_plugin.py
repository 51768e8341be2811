"""The pytest plugin: realistic mocks for a test suite, with no fixture to write.

Registered through the ``pytest11`` entry point. Importing it imports nothing heavy:
the engine, httpx and the store load when a fixture first needs them.

Rules:

- Per test, settings resolve as: ``@pytest.mark.specmock(...)`` (closest wins) >
  command-line options (``--specmock-spec``, ``--specmock-mode``, ``--specmock-quality``,
  ``--specmock-seed``, ``--specmock-target``) > ini options (``specmock_spec``) >
  :func:`specmock.config.load_settings` (``MOCK_*`` variables, ``[tool.specmock]``,
  presets). A bad value is a usage error naming it, before any test runs.
- Reproducible by default: the seed is 0 unless a test asks for another, so a test gets
  the same data on every run.
- ``smart_mock_client`` / ``smart_mock_client_sync`` are httpx clients whose transport
  is the mock (:class:`~specmock.http.transport.MockTransport`) in every mode but
  ``disabled`` with ``SPECMOCK_BASE_URL`` set, where they talk to that live API (a
  contract test). Record and playback keep a cassette per test, as pytest-recording
  does: ``<test folder>/cassettes/<module>/<test>.yaml``.
- Interception: while a test runs, httpx clients (sync and async) and ``requests`` that
  code under test creates itself are answered by the mock when they call a host of the
  description's ``servers``; other hosts pass through, or fail with a clear error under
  ``--specmock-block-network`` (loopback always passes). The patching is confined to one
  fixture and undone after each test. aiohttp is intercepted when installed.
- ``async def`` tests run on a fresh event loop when no other async plugin
  (pytest-asyncio, anyio) takes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    import httpx

    from specmock.engine import Engine
    from specmock.http.app import App
    from specmock.http.transport import MockTransport

__all__ = ["MOCK_BASE_URL", "Recording", "SpecmockOptions", "replace_request"]

_SETTINGS = pytest.StashKey[Any]()  # specmock.config.Settings
_ENGINES = pytest.StashKey["dict[tuple[str, str, int], Engine]"]()
#: Where the mock clients point when no live base URL is given.
MOCK_BASE_URL = "http://specmock.test"
_MARKER = (
    "specmock(spec=None, mode=None, quality=None, seed=None, stateful=False, target=None): "
    "answer this test's HTTP calls from a mock of the API description"
)


@dataclass(frozen=True, slots=True)
class SpecmockOptions:
    """The settings one test runs with (``specmock_options`` fixture)."""

    spec: str | None
    mode: str
    quality: str
    seed: int
    stateful: bool
    target: str | None
    block_network: bool
    cassette: Path
    base_url: str | None  # SPECMOCK_BASE_URL: the live API of a contract test


# --- options, marker, settings ----------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``--specmock-*`` options and the ``specmock_spec`` ini option."""
    group = parser.getgroup("specmock", "API mocks from an OpenAPI description")
    group.addoption("--specmock-spec", help="API description (file, folder or URL).")
    group.addoption("--specmock-mode", help="disabled, mock_only, hybrid, record or playback.")
    group.addoption("--specmock-quality", help="basic, realistic, production or exact.")
    group.addoption("--specmock-seed", type=int, help="Seed of generated data (default 0).")
    group.addoption("--specmock-target", help="The live API for record, hybrid and disabled.")
    group.addoption(
        "--specmock-block-network",
        action="store_true",
        help="Fail calls to hosts that are neither mocked nor loopback.",
    )
    parser.addini("specmock_spec", "API description the mock answers from", default="")


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker; read the settings once (a bad value stops the run)."""
    config.addinivalue_line("markers", _MARKER)
    from specmock.config import load_settings
    from specmock.errors import SpecmockError

    overrides = {
        "mode": config.getoption("--specmock-mode"),
        "quality": config.getoption("--specmock-quality"),
    }
    try:
        config.stash[_SETTINGS] = load_settings(overrides, cwd=config.rootpath)
    except SpecmockError as error:
        raise pytest.UsageError(f"specmock: {error}") from None
    config.stash[_ENGINES] = {}


def _resolve(request: pytest.FixtureRequest, spec: str | None) -> SpecmockOptions:
    from specmock.config import Mode, Quality

    config = request.config
    settings = config.stash[_SETTINGS]
    marked: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("specmock"))):
        marked.update(marker.kwargs)  # the closest marker comes first in iter_markers
    unknown = set(marked) - {"spec", "mode", "quality", "seed", "stateful", "target"}
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.specmock: unknown argument(s) {sorted(unknown)}")
    try:
        mode = Mode(str(marked.get("mode") or settings.mode))
        quality = Quality(str(marked.get("quality") or settings.quality))
    except ValueError as error:
        raise pytest.UsageError(f"@pytest.mark.specmock: {error}") from None
    seed = marked.get("seed", config.getoption("--specmock-seed"))
    path = Path(str(request.node.path))
    name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    return SpecmockOptions(
        spec=str(marked["spec"]) if marked.get("spec") else spec,
        mode=str(mode),
        quality=str(quality),
        seed=int(seed) if seed is not None else 0,
        stateful=bool(marked.get("stateful", False)),
        target=marked.get("target") or config.getoption("--specmock-target"),
        block_network=bool(config.getoption("--specmock-block-network")),
        cassette=path.parent / "cassettes" / path.stem / f"{name}.yaml",
        base_url=os.environ.get("SPECMOCK_BASE_URL") or None,
    )


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def specmock_spec(pytestconfig: pytest.Config) -> str | None:
    """The API description: ``--specmock-spec``, the ``specmock_spec`` ini option, or
    ``SPECMOCK_SPEC`` / ``spec`` in ``[tool.specmock]``. Override this fixture in a
    ``conftest.py`` to fix it there."""
    given = pytestconfig.getoption("--specmock-spec") or pytestconfig.getini("specmock_spec")
    settings = pytestconfig.stash[_SETTINGS]
    return str(given or settings.spec or "") or None


@pytest.fixture
def specmock_options(request: pytest.FixtureRequest, specmock_spec: str | None) -> SpecmockOptions:
    """The settings this test runs with (marker > options > ini > environment)."""
    return _resolve(request, specmock_spec)


@pytest.fixture
def mock_engine(request: pytest.FixtureRequest, specmock_options: SpecmockOptions) -> Engine:
    """The engine of the configured description (loaded once per session)."""
    return _engine(request.config, specmock_options)


def _engine(config: pytest.Config, options: SpecmockOptions) -> Engine:
    from specmock.config import Quality
    from specmock.engine import Engine
    from specmock.errors import SpecmockError
    from specmock.spec.model import Spec

    if options.spec is None:
        if options.mode in ("record", "playback", "disabled"):
            return Engine(Spec.empty(options.target or "recordings"))
        raise pytest.UsageError(
            "specmock: no API description; give --specmock-spec, the specmock_spec ini "
            "option, SPECMOCK_SPEC, @pytest.mark.specmock(spec=...) or override the "
            "specmock_spec fixture"
        )
    engines = config.stash[_ENGINES]
    key = (options.spec, options.quality, options.seed)
    engine = engines.get(key)
    if engine is None:
        try:
            engine = Engine.from_source(
                options.spec, quality=Quality(options.quality), seed=options.seed
            )
        except SpecmockError as error:
            raise pytest.UsageError(f"specmock: {error}") from None
        engines[key] = engine
    return engine


@pytest.fixture
def mock_app(request: pytest.FixtureRequest, specmock_options: SpecmockOptions) -> App:
    """The mock as an ASGI app for this test (its own state, cassette and chaos).

    Without a description it still answers (every path a 404 naming no operation), so a
    test that only records or replays through ``using(...)`` needs none.
    """
    from specmock.engine import Engine
    from specmock.spec.model import Spec

    try:
        engine: Engine = request.getfixturevalue("mock_engine")
    except pytest.UsageError:
        engine = Engine(Spec.empty(specmock_options.target or "no description"))
    return _app(engine, specmock_options)


def _app(engine: Engine, options: SpecmockOptions) -> App:
    from specmock.config import Mode
    from specmock.engine.modes import ModeOptions
    from specmock.engine.state import MemoryState
    from specmock.http import create_app
    from specmock.http.upstream import Upstream

    mode = Mode(options.mode)
    modes = ModeOptions(
        mode,
        fallback_to_live=options.target is not None,
        store_url=str(options.cassette),
        spec_key=f"live {options.target}" if options.target else "",
    )
    if modes.needs_upstream and options.target is None:
        raise pytest.UsageError(
            f"specmock: mode {mode} needs the live API: --specmock-target URL or "
            "@pytest.mark.specmock(target=...)"
        )
    upstream = Upstream(options.target) if options.target and modes.needs_upstream else None
    state = MemoryState() if options.stateful else None
    return create_app(engine, modes=modes, upstream=upstream, state=state)


@pytest.fixture
def _specmock_transport(mock_app: App) -> Iterator[MockTransport]:
    from specmock.http.transport import MockTransport

    transport = MockTransport(mock_app)
    yield transport
    transport.close()


def _live(options: SpecmockOptions) -> bool:
    return options.mode == "disabled" and options.base_url is not None


def _factory(request: pytest.FixtureRequest) -> Callable[[SpecmockOptions], MockTransport]:
    """Builds a mock transport for a set of options (closed when the client closes)."""
    from specmock.http.transport import MockTransport

    def make(options: SpecmockOptions) -> MockTransport:
        from specmock.engine import Engine
        from specmock.spec.model import Spec

        if options.spec is None:
            engine = Engine(Spec.empty(options.target or "no description"))
        else:
            engine = _engine(request.config, options)
        return MockTransport(_app(engine, options))

    return make


@pytest.fixture
def smart_mock_client_sync(
    specmock_options: SpecmockOptions, request: pytest.FixtureRequest
) -> Iterator[httpx.Client]:
    """An ``httpx.Client`` answered by the mock (or the live API of a contract test).

    ``smart_mock_client_sync.using(mode="playback")`` gives one in another mode.
    """
    import httpx

    from specmock.testing import SmartClient

    if _live(specmock_options):
        with httpx.Client(base_url=str(specmock_options.base_url), timeout=30) as client:
            yield client
        return
    transport = request.getfixturevalue("_specmock_transport")
    make = _factory(request)
    with SmartClient(specmock_options, make, transport, base_url=MOCK_BASE_URL) as smart:
        yield smart


@pytest.fixture
def smart_mock_client(
    specmock_options: SpecmockOptions, request: pytest.FixtureRequest
) -> Iterator[httpx.AsyncClient]:
    """An ``httpx.AsyncClient`` answered by the mock (or the live API of a contract test).

    Its transport follows the mode: mock, hybrid, record, playback or live;
    ``smart_mock_client.using(mode="record", target=URL)`` gives one in another mode.
    """
    import httpx

    from specmock.testing import SmartAsyncClient

    client: httpx.AsyncClient
    if _live(specmock_options):
        client = httpx.AsyncClient(base_url=str(specmock_options.base_url), timeout=30)
    else:
        transport = request.getfixturevalue("_specmock_transport")
        make = _factory(request)
        client = SmartAsyncClient(specmock_options, make, transport, base_url=MOCK_BASE_URL)
    yield client
    with contextlib.suppress(RuntimeError):  # its connections' loop may be gone
        asyncio.run(client.aclose())


@pytest.fixture
def specmock_recorder(
    request: pytest.FixtureRequest, specmock_options: SpecmockOptions
) -> Iterator[Recording]:
    """Record this test's HTTP calls into its own cassette, or replay them from it.

    The first run (no cassette yet) records through to the real hosts; later runs replay,
    with no network. ``--specmock-mode record`` records again; ``playback`` never records.
    """
    recording = Recording(specmock_options)
    with _Patched(recording.answer_sync, recording.answer_async, lambda host: True, False):
        yield recording
    recording.close()


@pytest.fixture
def specmock_validate(mock_engine: Engine) -> Callable[[Any, str], None]:
    """A check that an ``httpx.Response`` is what the description promises.

    ``specmock_validate(response, "GET /pets/{petId}")`` asserts the status is documented
    and the JSON body is valid against that status's schema (openapi-schema-validator
    when installed, specmock's own validator otherwise).
    """
    return lambda response, operation: _validate(mock_engine, response, operation)


def _validate(engine: Engine, response: Any, operation: str) -> None:
    op = engine.operation(operation)
    status = str(response.status_code)
    documented = op.documented(status)
    assert documented is not None, (
        f"{op.key} answered {status}, which the description does not document "
        f"({', '.join(op.responses)})"
    )
    spec_response = op.responses[documented]
    if not spec_response.content or not response.content:
        return
    from specmock.http.binding import find_media

    media = find_media(spec_response.content, response.headers.get("content-type", ""))
    assert media is not None, (
        f"{op.key} {status} answered {response.headers.get('content-type')!r}, not a "
        f"documented media type ({', '.join(spec_response.content)})"
    )
    if not media.is_json or media.schema is None:
        return
    body = response.json()
    problems = [
        f"{v.instance_path or '/'}: {v.message}" for v in engine.validator(media).errors(body)
    ]
    assert not problems, f"{op.key} {status} body breaks the description: " + "; ".join(
        problems[:5]
    )


# --- interception -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _specmock_intercept(
    request: pytest.FixtureRequest, specmock_options: SpecmockOptions
) -> Iterator[None]:
    """Answer calls to the description's hosts from the mock while the test runs."""
    if "specmock_recorder" in request.fixturenames:
        yield  # the recorder intercepts everything itself
        return
    marked = request.node.get_closest_marker("specmock") is not None
    if specmock_options.spec is None or _live(specmock_options):
        if specmock_options.block_network:
            with _Patched(_refuse, _refuse_async, lambda host: False, True):
                yield
            return
        yield
        return
    engine = _engine(request.config, specmock_options)
    hosts = {urlsplit(url).hostname for url in engine.spec.servers if "://" in url} - {None}
    if not hosts and not marked and not specmock_options.block_network:
        yield
        return
    transport: MockTransport = request.getfixturevalue("_specmock_transport")

    def mocked(host: str) -> bool:
        return host in hosts

    with _Patched(
        transport.handle_request,
        transport.handle_async_request,
        mocked,
        specmock_options.block_network,
    ):
        yield


def _loopback(host: str) -> bool:
    from specmock.http.ratelimit import is_loopback

    return host in ("testserver", "specmock.test") or is_loopback(host)


def _refuse(request: Any) -> Any:
    import httpx

    raise httpx.ConnectError(
        f"specmock blocked a request to {request.url.host} (--specmock-block-network)",
        request=request,
    )


async def _refuse_async(request: Any) -> Any:
    return _refuse(request)


class _Patched:
    """Patches httpx's transports, requests' adapter and aiohttp while active."""

    def __init__(
        self,
        answer: Callable[[Any], Any],
        answer_async: Callable[[Any], Any],
        mocked: Callable[[str], bool],
        block: bool,
    ) -> None:
        self.answer = answer
        self.answer_async = answer_async
        self.mocked = mocked
        self.block = block
        self._restore: list[Callable[[], None]] = []

    def _route(self, host: str) -> str:
        """``"mock"``, ``"pass"`` or ``"block"`` for a request to ``host``."""
        if self.mocked(host):
            return "mock"
        if self.block and not _loopback(host):
            return "block"
        return "pass"

    def __enter__(self) -> None:
        import httpx

        from specmock.http.upstream import DIRECT

        sync_original = httpx.HTTPTransport.handle_request
        async_original = httpx.AsyncHTTPTransport.handle_async_request
        patched = self

        def handle_request(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
            route = patched._route(request.url.host)
            if request.extensions.get(DIRECT) or route == "pass":
                return sync_original(self, request)
            if route == "block":
                return _refuse(request)  # type: ignore[no-any-return]
            return patched.answer(request)  # type: ignore[no-any-return]

        async def handle_async_request(
            self: httpx.AsyncHTTPTransport, request: httpx.Request
        ) -> httpx.Response:
            route = patched._route(request.url.host)
            if request.extensions.get(DIRECT) or route == "pass":
                return await async_original(self, request)
            if route == "block":
                return _refuse(request)  # type: ignore[no-any-return]
            return await patched.answer_async(request)  # type: ignore[no-any-return]

        httpx.HTTPTransport.handle_request = handle_request  # type: ignore[method-assign]
        httpx.AsyncHTTPTransport.handle_async_request = handle_async_request  # type: ignore[method-assign]
        self._restore.append(lambda: setattr(httpx.HTTPTransport, "handle_request", sync_original))
        self._restore.append(
            lambda: setattr(httpx.AsyncHTTPTransport, "handle_async_request", async_original)
        )
        self._patch_requests()
        self._patch_aiohttp()

    def _patch_requests(self) -> None:
        try:
            import requests
            import requests.adapters
        except ImportError:
            return
        original = requests.adapters.HTTPAdapter.send
        patched = self

        def send(self: Any, prepared: Any, *args: Any, **kwargs: Any) -> Any:
            import httpx

            host = urlsplit(prepared.url).hostname or ""
            route = patched._route(host)
            if route == "pass":
                return original(self, prepared, *args, **kwargs)
            if route == "block":
                raise requests.ConnectionError(
                    f"specmock blocked a request to {host} (--specmock-block-network)"
                )
            body = prepared.body
            content = body.encode() if isinstance(body, str) else (body or b"")
            request = httpx.Request(
                prepared.method, prepared.url, headers=dict(prepared.headers), content=content
            )
            answer = patched.answer(request)
            response = requests.Response()
            response.status_code = answer.status_code
            response.headers.update(answer.headers)
            response._content = answer.content
            response.url = prepared.url
            response.request = prepared
            response.encoding = answer.encoding
            response.reason = answer.reason_phrase
            return response

        requests.adapters.HTTPAdapter.send = send  # type: ignore[method-assign, assignment]
        self._restore.append(lambda: setattr(requests.adapters.HTTPAdapter, "send", original))

    def _patch_aiohttp(self) -> None:
        try:
            import aiohttp
        except ImportError:
            return
        original = aiohttp.ClientSession._request
        patched = self

        async def _request(self: Any, method: str, url: Any, **kwargs: Any) -> Any:
            import httpx

            target = httpx.URL(str(url))
            params = kwargs.get("params")
            if params:
                target = target.copy_merge_params(params)
            route = patched._route(target.host)
            if route == "pass":
                return await original(self, method, url, **kwargs)
            if route == "block":
                raise aiohttp.ClientConnectionError(
                    f"specmock blocked a request to {target.host} (--specmock-block-network)"
                )
            headers = dict(kwargs.get("headers") or {})
            content: bytes = b""
            if kwargs.get("json") is not None:
                import orjson

                content = orjson.dumps(kwargs["json"])
                headers.setdefault("content-type", "application/json")
            elif isinstance(kwargs.get("data"), bytes | str):
                data = kwargs["data"]
                content = data.encode() if isinstance(data, str) else data
            request = httpx.Request(method, target, headers=headers, content=content)
            answer = await patched.answer_async(request)
            return _AiohttpResponse(answer)

        aiohttp.ClientSession._request = _request  # type: ignore[method-assign, assignment]
        self._restore.append(lambda: setattr(aiohttp.ClientSession, "_request", original))

    def __exit__(self, *exc: object) -> None:
        for restore in reversed(self._restore):
            restore()
        self._restore.clear()


class _AiohttpResponse:
    """What aiohttp code reads of a response, answered from an httpx response."""

    def __init__(self, answer: httpx.Response) -> None:
        self._answer = answer
        self.status = answer.status_code
        self.headers = dict(answer.headers)
        self.reason = answer.reason_phrase
        self.url = str(answer.request.url)
        self.content_type = answer.headers.get("content-type", "").split(";")[0]
        self.ok = answer.status_code < 400

    async def read(self) -> bytes:
        return self._answer.content

    async def text(self, encoding: str | None = None) -> str:
        return self._answer.content.decode(encoding or self._answer.encoding or "utf-8")

    async def json(self, **_: Any) -> Any:
        return self._answer.json()

    def raise_for_status(self) -> None:
        import aiohttp

        if self.status >= 400:
            raise aiohttp.ClientResponseError(
                None,  # type: ignore[arg-type]
                (),
                status=self.status,
                message=self.reason,
            )

    def release(self) -> None:
        """Nothing to release."""

    async def __aenter__(self) -> _AiohttpResponse:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    def __await__(self) -> Any:
        async def itself() -> _AiohttpResponse:
            return self

        return itself().__await__()


# --- recording per test --------------------------------------------------------------------


class Recording:
    """One test's cassette: replayed when it exists, recorded (redacted) otherwise."""

    def __init__(self, options: SpecmockOptions) -> None:
        self.options = options
        self.cassette = options.cassette
        replaying = options.mode == "playback" or (
            options.mode != "record" and self.cassette.exists()
        )
        self.mode = "playback" if replaying else "record"
        self._loop = asyncio.new_event_loop()
        self._recorder = self._loop.run_until_complete(self._open())
        self._playback = self._build_playback()

    async def _open(self) -> Any:
        from specmock.record.cassette import CassetteRecorder

        if self.options.mode == "record" and self.cassette.exists():
            self.cassette.unlink()  # record again from scratch
        return await CassetteRecorder.open(str(self.cassette))

    def _build_playback(self) -> Any:
        from specmock.record.matchers import Playback

        exchanges = self._loop.run_until_complete(self._recorder.exchanges())
        return Playback(exchanges)

    @property
    def exchanges(self) -> tuple[Any, ...]:
        """What the cassette holds now (redacted)."""
        return tuple(self._playback.exchanges)

    def _recorded_request(self, request: httpx.Request) -> Any:
        from specmock.record.exchange import RecordedRequest

        return RecordedRequest.from_url(
            request.method, str(request.url), request.headers.multi_items(), request.content
        )

    def answer_sync(self, request: httpx.Request) -> httpx.Response:
        """Replay ``request``, or send it for real and record the answer."""
        import httpx

        from specmock.http.upstream import DIRECT

        request.read()
        if self.mode == "playback":
            return self._replayed(request)
        extensions = {**request.extensions, DIRECT: True}
        live = replace_request(request, extensions)
        with httpx.Client() as client:
            answer = client.send(live)
            answer.read()
        self._keep(request, answer)
        return answer

    async def answer_async(self, request: httpx.Request) -> httpx.Response:
        """:meth:`answer_sync` for async clients."""
        import httpx

        from specmock.http.upstream import DIRECT

        await request.aread()
        if self.mode == "playback":
            return self._replayed(request)
        live = replace_request(request, {**request.extensions, DIRECT: True})
        async with httpx.AsyncClient() as client:
            answer = await client.send(live)
            await answer.aread()
        self._keep(request, answer)
        return answer

    def _replayed(self, request: httpx.Request) -> httpx.Response:
        import httpx

        from specmock.record.matchers import replay_headers

        incoming = self._recorder.redact_request(self._recorded_request(request))
        found = self._playback.find(incoming)
        headers = [*replay_headers(found.response.headers), ("x-specmock-source", "recorded")]
        return httpx.Response(
            found.response.status, headers=headers, content=found.response.body, request=request
        )

    def _keep(self, request: httpx.Request, answer: httpx.Response) -> None:
        import time

        from specmock.record.exchange import Exchange, RecordedResponse

        exchange = Exchange(
            self._recorded_request(request),
            RecordedResponse(
                answer.status_code, tuple(answer.headers.multi_items()), answer.content
            ),
            time.time(),
        )
        stored = self._loop.run_until_complete(self._recorder.record(exchange))
        self._playback.add(stored)

    def close(self) -> None:
        """Write the cassette (when something was recorded)."""
        self._loop.run_until_complete(self._recorder.aclose())
        self._loop.close()


def replace_request(request: httpx.Request, extensions: dict[str, Any]) -> httpx.Request:
    """A copy of ``request`` with other extensions."""
    import httpx

    return httpx.Request(
        request.method,
        request.url,
        headers=request.headers,
        content=request.content,
        extensions=extensions,
    )


# --- async tests ------------------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests when no other async plugin does."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    manager = pyfuncitem.config.pluginmanager
    if manager.hasplugin("asyncio") or pyfuncitem.get_closest_marker("anyio") is not None:
        return None
    arguments = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in arguments}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True
