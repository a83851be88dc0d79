"""HTTP: mutations over GET (405), form and multipart POSTs (CSRF), CORS, the time limit."""

from __future__ import annotations

import json
import time

import pytest

from tests.attack.conftest import Api, ApiFactory
from tests.attack.probe import Probe, probe_schema


@pytest.fixture
def probe() -> Probe:
    return Probe()


async def test_mutation_over_get_is_refused_with_405_and_not_run(
    make_api: ApiFactory, probe: Probe
) -> None:
    async with make_api(schema=probe_schema(probe), environment="production") as api:
        response = await api.http.get("/graphql", params={"query": "mutation { bump }"})
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        body = response.json()
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
        assert probe.mutations == 0
        # the same mutation over POST runs: the refusal was the method, nothing else
        assert (await api.body("mutation { bump }"))["data"] == {"bump": 1}


async def test_mutation_over_get_is_refused_on_the_real_schema(api: Api) -> None:
    response = await api.http.get("/graphql", params={"query": "mutation { x }"})
    assert response.status_code == 405


async def test_queries_over_get_are_served(api: Api) -> None:
    response = await api.http.get(
        "/graphql", params={"query": '{ region(code: "DE-BY") { code } }'}
    )
    assert response.status_code == 200
    assert response.json()["data"] == {"region": {"code": "DE-BY"}}


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("application/x-www-form-urlencoded", "query=mutation+%7B+bump+%7D"),
        ("text/plain", json.dumps({"query": "mutation { bump }"})),
        (
            "multipart/form-data; boundary=b",
            '--b\r\nContent-Disposition: form-data; name="query"'
            "\r\n\r\nmutation { bump }\r\n--b--\r\n",
        ),
    ],
)
async def test_form_and_other_simple_posts_are_refused(
    make_api: ApiFactory, probe: Probe, content_type: str, content: str
) -> None:
    async with make_api(schema=probe_schema(probe)) as api:
        response = await api.http.post(
            "/graphql", content=content, headers={"content-type": content_type}
        )
        assert response.status_code == 415
        assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
        assert probe.mutations == 0


async def test_cors_allows_only_configured_origins(make_api: ApiFactory) -> None:
    async with make_api(cors_origins=["https://suche.example.org"]) as api:
        ok = await api.http.options(
            "/graphql",
            headers={
                "origin": "https://suche.example.org",
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type",
            },
        )
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "https://suche.example.org"
        evil = await api.http.options(
            "/graphql",
            headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
        )
        assert evil.status_code == 400
        assert "access-control-allow-origin" not in evil.headers
        simple = await api.post("{ __typename }", headers={"origin": "https://evil.example"})
        assert "access-control-allow-origin" not in simple.headers


async def test_slow_request_is_cancelled_at_the_time_limit(
    make_api: ApiFactory, probe: Probe
) -> None:
    async with make_api(schema=probe_schema(probe), request_timeout=0.3) as api:
        started = time.perf_counter()
        response = await api.post("{ slow(seconds: 30) }")
        # cancelled at 0.3 s; 4 s of margin for a loaded machine, far below the 30 s asked
        assert time.perf_counter() - started < 0.3 + 4
        assert response.status_code == 504
        assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
        assert (probe.started, probe.cancelled, probe.finished) == (1, 1, 0)
        fast = await api.body("{ slow(seconds: 0.01) }")
        assert fast["data"] == {"slow": "done"}
