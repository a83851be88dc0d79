"""The time of a publish (publishGroupRegistration: state, version, search index row and
change-log entry in one transaction) against a plain query, in the same run.

Run from the repository root: .venv/bin/python -m bench.write [--scale 1] [--rounds 30]
Measures the national registry alone (a fresh SQLite demo registry in a temporary folder; no
region source). Each round publishes another registration (submitted and taken into review
beforehand, not timed); the plain query is a page of 20 groups.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
from sqlalchemy import event

from bench.common import REGISTRY_ALONE, header, registry_settings
from graph.app import create_app
from graph.ids import encode_id

PLAIN = "{ groups(first: 20) { nodes { id name format reach } } }"
SUBMIT = """mutation($i: SubmitGroupRegistrationInput!) { submitGroupRegistration(input: $i) {
  registration { id } errors { code } } }"""
START = """mutation($i: StartReviewInput!) { startReview(input: $i) { errors { code } } }"""
PUBLISH = """mutation($i: PublishGroupRegistrationInput!) { publishGroupRegistration(input: $i) {
  registration { state group { id } } errors { code } } }"""


def token(secret: str) -> str:
    now = datetime.now(UTC)
    claims = {
        "iss": "selbsthilfe-graph",
        "aud": "selbsthilfe-graph",
        "sub": "bench reviewer",
        "jti": uuid.uuid4().hex,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=1)).timestamp()),
        "kind": "national_staff",
        "scope": "registry:review",
        "purpose": "administration",
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def registration(n: int) -> dict[str, Any]:
    return {
        "name": f"Bench-Gruppe {n}",
        "description": "Digitale Selbsthilfegruppe zu Angst und Panik, wöchentlich per Video.",
        "topics": [encode_id("Topic", "nakos", 1)],
        "format": "DIGITAL",
        "reach": "NATIONWIDE",
        "audience": "AFFECTED",
        "tool": "VIDEO",
        "contact": {"name": "Bench Person", "email": "bench@example.org"},
        "confirmations": {
            "noProfessionalLeadership": True,
            "notCommercial": True,
            "disclosesFunding": True,
            "neutral": True,
            "confidentialityAgreed": True,
        },
        "noticeVersion": "bench",
    }


async def post(client: httpx.AsyncClient, query: str, variables: Any = None) -> dict[str, Any]:
    body = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
    assert "errors" not in body, body["errors"]
    return dict(body["data"])


async def main(scale: float, rounds: int) -> None:
    header("bench.write", REGISTRY_ALONE)
    with tempfile.TemporaryDirectory() as tmp:
        settings = registry_settings(
            Path(tmp),
            demo_scale=scale,
            environment="production",
            rate_limits=False,
            registration_rate_limit=None,
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            statements: list[str] = []
            event.listen(
                app.state.engine.sync_engine,
                "before_cursor_execute",
                lambda *args: statements.append(args[2]),
            )
            auth = {"Authorization": f"Bearer {token(settings.token_secret.get_secret_value())}"}
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", headers=auth
            ) as client:
                ids = []
                for n in range(rounds + 3):  # not timed: the registrations to publish
                    data = await post(client, SUBMIT, {"i": registration(n)})
                    rid = data["submitGroupRegistration"]["registration"]["id"]
                    await post(client, START, {"i": {"id": rid, "expectedVersion": 1}})
                    ids.append(rid)
                plain, publish, counts = [], [], []
                for rid in ids:
                    started = time.perf_counter()
                    await post(client, PLAIN)
                    plain.append(time.perf_counter() - started)
                    statements.clear()
                    started = time.perf_counter()
                    data = await post(client, PUBLISH, {"i": {"id": rid, "expectedVersion": 2}})
                    publish.append(time.perf_counter() - started)
                    counts.append(len(statements))
                    assert data["publishGroupRegistration"]["registration"]["state"] == "PUBLISHED"
                plain, publish = plain[3:], publish[3:]  # the first rounds warm caches and pool
                p, q = statistics.median(publish) * 1000, statistics.median(plain) * 1000
                print(
                    f"plain page of 20 groups: median {q:.1f} ms, best {min(plain) * 1000:.1f} ms"
                )
                print(
                    f"publishGroupRegistration: {counts[-1]} SQL statements (with the token's "
                    f"revocation check and the answer's reads), median {p:.1f} ms, "
                    f"best {min(publish) * 1000:.1f} ms"
                )
                print(f"publish / plain: {p / q:.2f}x ({rounds} rounds)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(main(args.scale, args.rounds))
