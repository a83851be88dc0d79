"""`shg tokens issue|list|revoke` against the test registry, and the issued token over HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

import jwt
import pytest
from click.testing import Result
from typer.testing import CliRunner

from graph.cli import app as cli
from graph.settings import Settings, get_settings
from tests.access_tokens import TokenKeys
from tests.conftest import PrivateRegistry

QUERY = (
    "{ contactPoints(first: 100) { nodes { id region { code } contactAccess staff { name } } } }"
)


def command(settings: Settings, token_keys: TokenKeys) -> Any:
    """Run `shg ...` in a thread (it runs its own event loop) against a registry."""
    env = {
        "SHG_DATABASE_URL": settings.database_url,
        "SHG_DATABASE_SCHEMA": settings.database_schema or "",
        "SHG_TOKEN_SECRET": token_keys.secret,
        "SHG_DEMO_DATA": "false",
    }

    async def run(*args: str) -> Result:
        def invoke() -> Result:
            get_settings.cache_clear()
            try:
                return CliRunner().invoke(cli, list(args), env=env)
            finally:
                get_settings.cache_clear()

        return await asyncio.to_thread(invoke)

    return run


@pytest.fixture
def shg(private_registry: PrivateRegistry, token_keys: TokenKeys) -> Any:
    """`shg` on a registry of the test's own: issuing and revoking write to it."""
    return command(private_registry.settings, token_keys)


@pytest.fixture
def shg_shared(settings: Settings, token_keys: TokenKeys) -> Any:
    """`shg` on the shared registry, for commands that must not write (the guard checks)."""
    return command(settings, token_keys)


async def test_issue_list_revoke_and_use_a_token(
    shg: Any, private_registry: PrivateRegistry
) -> None:
    client = private_registry.gql.http
    # when national staff issue a token for a Bavarian partner
    issued = await shg(
        "tokens",
        "issue",
        "--name",
        "Uniklinik Würzburg",
        "--scope",
        "contacts:read:DE-BY",
        "--purpose",
        "referral",
        "--days",
        "30",
    )
    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip()
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["sub"] == "Uniklinik Würzburg" and claims["scope"] == "contacts:read:DE-BY"
    assert claims["exp"] - claims["iat"] == 30 * 86400
    assert claims["jti"] in issued.stderr
    # then the token shows Bavarian staff only
    auth = {"Authorization": f"Bearer {token}"}
    response = await client.post("/graphql", json={"query": QUERY}, headers=auth)
    nodes = response.json()["data"]["contactPoints"]["nodes"]
    # (real offices carry no staff in the demo: nothing to grant there, NONE)
    bavarian = [n for n in nodes if n["region"]["code"] == "DE-BY"]
    assert {n["contactAccess"] for n in bavarian if n["staff"]} == {"GRANTED"}
    assert {n["contactAccess"] for n in bavarian if not n["staff"]} <= {"NONE"}
    assert {n["contactAccess"] for n in nodes if n["region"]["code"] != "DE-BY"} == {"REDACTED"}
    # and `list` shows it as active, without the token itself
    listed = await shg("tokens", "list")
    line = next(row for row in listed.stdout.splitlines() if row.startswith(claims["jti"]))
    assert line.split("\t")[1:][:5] == [
        "Uniklinik Würzburg",
        "partner",
        "contacts:read:DE-BY",
        "-",
        "referral",
    ]
    assert line.endswith("\tactive") and token not in listed.stdout
    # when it is revoked, it is refused at once and listed as revoked
    revoked = await shg("tokens", "revoke", claims["jti"], "--reason", "partnership ended")
    assert revoked.exit_code == 0 and f"revoked {claims['jti']}" in revoked.stdout
    response = await client.post("/graphql", json={"query": QUERY}, headers=auth)
    assert response.status_code == 401
    listed = await shg("tokens", "list")
    assert f"{claims['jti']}\t" in listed.stdout
    assert any(
        r.startswith(claims["jti"]) and r.endswith("\trevoked") for r in listed.stdout.splitlines()
    )


async def test_office_token_gets_default_scopes_and_purpose(shg: Any) -> None:
    issued = await shg(
        "tokens", "issue", "--name", "KOSKON", "--kind", "regional_office", "--region", "de-nw"
    )
    assert issued.exit_code == 0, issued.output
    claims = jwt.decode(issued.stdout.strip(), options={"verify_signature": False})
    assert claims["scope"] == "contacts:read:DE-NW region:DE-NW:write"
    assert (claims["kind"], claims["region"], claims["purpose"]) == (
        "regional_office",
        "DE-NW",
        "coordination",
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--scope", "contacts:write", "--purpose", "referral"], "unknown scope"),
        (["--scope", "contacts:read:DE-XX", "--purpose", "referral"], "unknown scope"),
        (["--scope", "contacts:read"], "must name its purpose"),
        (["--scope", "contacts:read", "--purpose", "marketing"], "unknown purpose"),
        (["--kind", "regional_office"], "needs its region"),
        (["--kind", "root", "--purpose", "referral"], "unknown kind"),
        (["--region", "Bayern", "--purpose", "referral"], "not a Land code"),
        (
            ["--region", "DE-NW", "--scope", "contacts:read:DE-BY", "--purpose", "referral"],
            "another Land",
        ),
        (["--purpose", "referral", "--days", "400"], "--days"),
        # what a kind may hold (graph/auth/kinds.py; README, Access control)
        (
            ["--kind", "auditor", "--scope", "audit:read", "--scope", "contacts:read"],
            "kind auditor may not hold 'contacts:read'",
        ),
        (["--kind", "auditor", "--scope", "rare:contact:DE-BY"], "may not hold"),
        (["--kind", "auditor", "--purpose", "referral"], "may not have purpose 'referral'"),
        (
            ["--kind", "auditor", "--scope", "audit:read", "--scope", "contacts:read"]
            + ["--purpose", "referral"],
            "may not hold 'contacts:read'",
        ),
        (["--scope", "audit:read", "--purpose", "referral"], "kind partner may not hold"),
        (["--scope", "registry:write", "--purpose", "referral"], "may not hold"),
        (["--scope", "registry:review", "--purpose", "referral"], "may not hold"),
        (["--scope", "region:DE-BY:write", "--purpose", "coordination"], "may not hold"),
        (["--scope", "contacts:read", "--purpose", "administration"], "may not have purpose"),
        (["--scope", "contacts:read", "--purpose", "audit"], "may not have purpose"),
        (["--kind", "regional_office", "--scope", "contacts:read:DE-BY"], "needs its region"),
        (
            ["--kind", "regional_office", "--region", "DE-BY", "--scope", "audit:read"],
            "may not hold 'audit:read'",
        ),
        (
            ["--kind", "regional_office", "--region", "DE-BY", "--scope", "registry:review"],
            "may not hold",
        ),
        (
            ["--kind", "regional_office", "--region", "DE-BY", "--scope", "region:DE-NW:write"],
            "another Land",
        ),
        (
            ["--kind", "regional_office", "--region", "DE-BY", "--scope", "contacts:read:DE-NW"],
            "another Land",
        ),
        (
            ["--kind", "regional_office", "--region", "DE-BY", "--purpose", "administration"],
            "may not have purpose",
        ),
        (["--kind", "anonymous", "--purpose", "statistics"], "unknown kind"),
        (["--kind", "AUDITOR"], "unknown kind"),
        # scopes are joined with spaces into the claim: one --scope cannot smuggle in two
        (["--kind", "auditor", "--scope", "audit:read contacts:read"], "unknown scope"),
        (["--scope", "contacts:read:DE-BY audit:read", "--purpose", "referral"], "unknown scope"),
    ],
)
async def test_bad_input_is_refused_and_nothing_issued(
    shg_shared: Any, args: list[str], said: str
) -> None:
    before = (await shg_shared("tokens", "list")).stdout
    result = await shg_shared("tokens", "issue", "--name", "Someone", *args)
    assert result.exit_code == 2
    assert said in " ".join(result.output.replace("│", " ").split())  # however rich wraps it
    assert result.stdout.strip() == ""  # no token printed
    assert (await shg_shared("tokens", "list")).stdout == before


@pytest.mark.parametrize(
    ("args", "scope", "purpose"),
    [
        (["--kind", "auditor"], "audit:read", "audit"),
        (
            ["--kind", "national_staff"],
            "contacts:read rare:contact registry:write registry:review audit:read",
            "administration",
        ),
        (["--kind", "regional_office", "--region", "DE-BY"], None, "coordination"),
        (
            ["--kind", "regional_office", "--region", "DE-BY", "--scope", "contacts:read"]
            + ["--scope", "rare:contact:DE-BY", "--purpose", "referral"],
            "contacts:read rare:contact:DE-BY",
            "referral",
        ),
        (["--scope", "rare:contact:DE-NW", "--purpose", "statistics"], None, "statistics"),
    ],
)
async def test_each_kinds_defaults_are_within_its_bounds(
    shg: Any, args: list[str], scope: str | None, purpose: str
) -> None:
    issued = await shg("tokens", "issue", "--name", "Someone", *args)
    assert issued.exit_code == 0, issued.output
    claims = jwt.decode(issued.stdout.strip(), options={"verify_signature": False})
    assert claims["purpose"] == purpose
    if scope is not None:
        assert claims["scope"] == scope


async def test_revoking_a_foreign_or_repeated_token_id(shg: Any) -> None:
    first = await shg("tokens", "revoke", "issued-elsewhere-1")
    assert first.exit_code == 0 and "not issued by this registry" in first.stderr
    again = await shg("tokens", "revoke", "issued-elsewhere-1")
    assert "already revoked" in again.stdout
