"""The pytest plugin, through real pytest runs of small test files (pytester)."""

from __future__ import annotations

import json

import pytest

from corpus import EXAMPLES
from serving import serving
from upstream import Upstream as UpstreamApp

PETSTORE = str(EXAMPLES / "petstore.yaml")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q", *args)


def test_fixtures_answer_from_the_description(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_sync(smart_mock_client_sync, specmock_validate):
            answer = smart_mock_client_sync.get("/pets/42")
            assert answer.status_code == 200 and answer.json()["id"] == 42
            specmock_validate(answer, "GET /pets/{petId}")

        async def test_async(smart_mock_client, specmock_validate):
            answer = await smart_mock_client.get("/pets", params={"limit": 3})
            assert len(answer.json()["data"]) == 3
            specmock_validate(answer, "listPets")

        def test_engine(mock_engine):
            assert mock_engine.spec.title
        """
    )
    run(pytester, f"--specmock-spec={PETSTORE}").assert_outcomes(passed=3)


def test_data_is_the_same_on_every_run_unless_the_seed_changes(pytester: pytest.Pytester) -> None:
    out = pytester.path / "seen.jsonl"
    pytester.makepyfile(
        f"""
        import json, pytest

        def test_default(smart_mock_client_sync):
            with open({str(out)!r}, "a") as f:
                f.write(json.dumps(smart_mock_client_sync.get("/pets").json()) + "\\n")

        @pytest.mark.specmock(seed=7)
        def test_seeded(smart_mock_client_sync):
            with open({str(out)!r}, "a") as f:
                f.write(json.dumps(smart_mock_client_sync.get("/pets").json()) + "\\n")
        """
    )
    run(pytester, f"--specmock-spec={PETSTORE}").assert_outcomes(passed=2)
    run(pytester, f"--specmock-spec={PETSTORE}").assert_outcomes(passed=2)
    first_default, first_seeded, again_default, again_seeded = (
        json.loads(line) for line in out.read_text().splitlines()
    )
    assert first_default == again_default and first_seeded == again_seeded
    assert first_default != first_seeded


def test_code_that_makes_its_own_clients_is_intercepted(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import aiohttp, httpx, requests

        BASE = "https://petstore.example.com/v1"

        def test_httpx_sync():
            with httpx.Client() as client:
                assert client.get(f"{BASE}/pets/5").json()["id"] == 5

        def test_httpx_async():
            async def go():
                async with httpx.AsyncClient() as client:
                    return (await client.get(f"{BASE}/pets/6")).json()
            assert asyncio.run(go())["id"] == 6

        def test_requests():
            answer = requests.get(f"{BASE}/pets/7")
            assert answer.status_code == 200 and answer.json()["id"] == 7

        def test_aiohttp():
            async def go():
                async with aiohttp.ClientSession() as session:
                    async with session.get(f"{BASE}/pets/8") as answer:
                        return answer.status, await answer.json()
            status, body = asyncio.run(go())
            assert status == 200 and body["id"] == 8
        """
    )
    run(pytester, f"--specmock-spec={PETSTORE}").assert_outcomes(passed=4)


def test_other_hosts_pass_through_or_are_blocked(pytester: pytest.Pytester) -> None:
    with serving(UpstreamApp()) as local:  # type: ignore[arg-type]
        pytester.makepyfile(
            f"""
            import httpx, pytest, requests

            def test_loopback_passes():
                assert httpx.get("{local}/count").json() == {{"n": 1}}

            def test_elsewhere_is_blocked():
                with pytest.raises(httpx.ConnectError, match="specmock blocked .*example.org"):
                    httpx.get("https://example.org/")
                with pytest.raises(requests.ConnectionError, match="specmock blocked"):
                    requests.get("https://example.org/")
            """
        )
        run(pytester, f"--specmock-spec={PETSTORE}", "--specmock-block-network").assert_outcomes(
            passed=2
        )


def test_recorder_records_once_then_replays_without_the_network(
    pytester: pytest.Pytester,
) -> None:
    upstream = UpstreamApp()
    with serving(upstream) as local:  # type: ignore[arg-type]
        pytester.makepyfile(
            f"""
            import httpx

            def test_counts(specmock_recorder):
                numbers = [httpx.get("{local}/count").json()["n"] for _ in range(2)]
                with open("modes.txt", "a") as f:
                    f.write(specmock_recorder.mode + " " + str(numbers) + "\\n")
            """
        )
        run(pytester).assert_outcomes(passed=1)
        asked = upstream.requests
    assert asked == 2
    cassette = (
        pytester.path
        / "cassettes"
        / "test_recorder_records_once_then_replays_without_the_network"
        / "test_counts.yaml"
    )
    assert cassette.exists()
    run(pytester).assert_outcomes(passed=1)  # the upstream is gone
    assert (pytester.path / "modes.txt").read_text().splitlines() == [
        "record [1, 2]",
        "playback [1, 2]",
    ]


def test_bad_settings_stop_the_run_in_one_line(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    monkeypatch.setenv("MOCK_MODE", "hybird")
    result = run(pytester)
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*specmock: MOCK_MODE='hybird' is not one of*"])


def test_a_test_without_a_description_is_told_how_to_give_one(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_engine(mock_engine): pass")
    result = run(pytester)
    result.stdout.fnmatch_lines(["*no API description*--specmock-spec*"])


def test_conftest_can_fix_the_description(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        f"""
        import pytest

        @pytest.fixture(scope="session")
        def specmock_spec():
            return {PETSTORE!r}
        """
    )
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.specmock(stateful=True)
        def test_created_pet_comes_back(smart_mock_client_sync):
            created = smart_mock_client_sync.post(
                "/pets", json={"name": "Rex", "species": "dog"}
            ).json()
            again = smart_mock_client_sync.get(f"/pets/{created['id']}").json()
            assert again["name"] == "Rex"
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_contract_mode_talks_to_the_live_api(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serving(UpstreamApp()) as local:  # type: ignore[arg-type]
        monkeypatch.setenv("MOCK_MODE", "disabled")
        monkeypatch.setenv("SPECMOCK_BASE_URL", local)
        pytester.makepyfile(
            """
            def test_live(smart_mock_client_sync):
                assert smart_mock_client_sync.get("/count").json() == {"n": 1}
            """
        )
        run(pytester, f"--specmock-spec={PETSTORE}").assert_outcomes(passed=1)


def test_plugin_import_is_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, specmock.pytest_plugin; "
        "heavy = ('httpx', 'sqlalchemy', 'redis', 'uvicorn', 'faker'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
