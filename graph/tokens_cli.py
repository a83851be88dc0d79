"""`shg tokens issue|list|revoke`: national staff hand out, review and revoke access tokens."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.migrate import upgrade
from regions.registry.store import access as store
from regions.sources.codes import is_land
from regions.sources.engine import create_engine

from .auth.claims import TOKEN_KINDS
from .auth.keys import load_keyring
from .auth.kinds import (
    default_purpose,
    default_scopes,
    purpose_refusal,
    region_refusal,
    scope_refusal,
)
from .auth.scopes import PURPOSES
from .auth.tokens import issue as sign
from .caller import CallerKind
from .settings import get_settings

app = typer.Typer(help="Issue, list and revoke access tokens (national staff).")
T = TypeVar("T")
MAX_DAYS = 366


def _run(work: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    settings = get_settings()

    async def main() -> T:
        engine = create_engine(settings.database_url, settings.database_schema)
        try:
            await upgrade(engine)
            return await work(engine)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def _checked(kind: CallerKind, scopes: list[str], region: str | None, purpose: str | None) -> None:
    """Refuse what the kind may not hold (graph/auth/kinds.py), before anything is signed."""
    if region is not None and not is_land(region):
        raise typer.BadParameter(
            f"{region!r} is not a Land code such as DE-BY", param_hint="--region"
        )
    if (refusal := region_refusal(kind, region)) is not None:
        raise typer.BadParameter(refusal, param_hint="--region")
    for scope in scopes:
        if (refusal := scope_refusal(kind, scope, region)) is not None:
            raise typer.BadParameter(refusal, param_hint="--scope")
    if purpose is None:
        raise typer.BadParameter("the token must name its purpose", param_hint="--purpose")
    if purpose not in PURPOSES:
        known = ", ".join(PURPOSES)
        raise typer.BadParameter(
            f"unknown purpose {purpose!r}; one of {known}", param_hint="--purpose"
        )
    if (refusal := purpose_refusal(kind, purpose)) is not None:
        raise typer.BadParameter(refusal, param_hint="--purpose")


@app.command("issue")
def issue_token(
    name: Annotated[str, typer.Option("--name", help="Partner, office or person (`sub`).")],
    scope: Annotated[list[str] | None, typer.Option("--scope", help="A scope; repeat.")] = None,
    region: Annotated[str | None, typer.Option(help="Fence every scope to this Land.")] = None,
    purpose: Annotated[str | None, typer.Option(help="What the access is for.")] = None,
    kind: Annotated[
        str, typer.Option(help="partner, regional_office, national_staff, auditor.")
    ] = "partner",
    days: Annotated[int, typer.Option(min=1, max=MAX_DAYS, help="Lifetime in days.")] = 90,
) -> None:
    """Issue a token and print it once: it is not stored and cannot be shown again."""
    caller_kind = TOKEN_KINDS.get(kind)
    if caller_kind is None:
        raise typer.BadParameter(f"unknown kind {kind!r}", param_hint="--kind")
    region = region.upper() if region else None
    scopes = scope or default_scopes(caller_kind, region)
    purpose = purpose or default_purpose(caller_kind)
    _checked(caller_kind, scopes, region, purpose)
    if not name.strip():
        raise typer.BadParameter("must not be empty", param_hint="--name")
    settings = get_settings()
    claims: dict[str, Any] = {"sub": name.strip(), "kind": kind, "scope": " ".join(scopes)}
    claims |= {"purpose": purpose} | ({"region": region} if region else {})
    token, full = sign(settings, load_keyring(settings), claims, timedelta(days=days))
    row = {
        "jti": full["jti"],
        "subject": full["sub"],
        "kind": kind,
        "scopes": full["scope"],
        "region_code": region,
        "purpose": purpose,
        "issued_at": datetime.fromtimestamp(full["iat"], UTC),
        "expires_at": datetime.fromtimestamp(full["exp"], UTC),
    }
    _run(lambda engine: store.record_issued(engine, row))
    typer.echo(
        f"issued token {full['jti']} to {full['sub']!r}, expires {row['expires_at']:%Y-%m-%d}",
        err=True,
    )
    typer.echo(token)


@app.command("list")
def list_tokens() -> None:
    """Every token issued here, with its state (active, expired, revoked)."""
    rows = _run(store.issued_tokens)
    now = datetime.now(UTC)
    typer.echo("jti\tsubject\tkind\tscopes\tregion\tpurpose\tissued\texpires\tstate")
    for row in rows:
        expires = _aware(row.expires_at)
        state = "revoked" if row.revoked_at else ("expired" if expires <= now else "active")
        typer.echo(
            "\t".join(
                [
                    row.jti,
                    row.subject,
                    row.kind,
                    row.scopes,
                    row.region_code or "-",
                    row.purpose or "-",
                    f"{_aware(row.issued_at):%Y-%m-%d}",
                    f"{expires:%Y-%m-%d}",
                    state,
                ]
            )
        )


@app.command("revoke")
def revoke_token(
    jti: Annotated[str, typer.Argument(help="The token id (`jti`), from `shg tokens list`.")],
    reason: Annotated[str | None, typer.Option(help="Why, for the record.")] = None,
) -> None:
    """Revoke a token: every replica refuses it from its next request on."""
    jti = jti.strip()
    if not jti or len(jti) > 64:
        raise typer.BadParameter("not a token id", param_hint="JTI")

    async def work(engine: AsyncEngine) -> tuple[bool, bool]:
        known = await store.is_issued(engine, jti)
        return known, await store.revoke(engine, jti, datetime.now(UTC), reason)

    known, revoked = _run(work)
    if not known:
        typer.echo(f"note: {jti} was not issued by this registry; revoked all the same", err=True)
    typer.echo(f"revoked {jti}" if revoked else f"{jti} was already revoked")


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
