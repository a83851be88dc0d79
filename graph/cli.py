"""The `shg` command: serve the API, export the schema, build the demo database."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from .settings import get_settings
from .tokens_cli import app as tokens_app

app = typer.Typer(help="selbsthilfe-graph: one GraphQL API over Germany's self-help registries.")
app.add_typer(tokens_app, name="tokens")
outbox_app = typer.Typer(help="The outbox of operations owed to the regions (corrections).")
app.add_typer(outbox_app, name="outbox")


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Bind address (default from SHG_HOST)."),
    port: int | None = typer.Option(None, help="Port (default from SHG_PORT)."),
    reload: bool = typer.Option(False, help="Restart on code changes (development)."),
) -> None:
    """Serve the API (and the shipped NRW service, its own process); on first run this
    creates and fills the demo databases."""
    import uvicorn

    from regions.standins.services import stand_ins

    settings = get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s:     %(message)s")
    with stand_ins(settings.regions, settings.demo_seed, settings.demo_scale):
        uvicorn.run(
            "graph.asgi:app",
            host=host or settings.host,
            port=port or settings.port,
            reload=reload,
            log_level=settings.log_level,
            # uvicorn would believe X-Forwarded-For from 127.0.0.1 (or FORWARDED_ALLOW_IPS) and
            # hide the real peer; the app reads forwarded headers itself, from
            # SHG_TRUSTED_PROXIES only (graph/hardening/identity.py)
            proxy_headers=False,
        )


@app.command()
def schema(
    output: Annotated[Path, typer.Option(help="Where to write the SDL.")] = Path("schema.graphql"),
    readme: Annotated[Path, typer.Option(help="README with the protected-fields table.")] = Path(
        "README.md"
    ),
    check: bool = typer.Option(False, help="Only check that the files are up to date."),
) -> None:
    """Write the GraphQL schema (SDL) that the service serves, and the README's table of
    protected fields (both from the code)."""
    from .protected import with_table
    from .schema import build_schema

    wanted = {output: build_schema().as_str() + "\n"}
    if readme.exists():
        wanted[readme] = with_table(readme.read_text(encoding="utf-8"))
    for path, text in wanted.items():
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                typer.echo(f"{path} differs from the code: run `shg schema`", err=True)
                raise typer.Exit(1)
            typer.echo(f"{path} is up to date")
        else:
            path.write_text(text, encoding="utf-8")
            typer.echo(f"wrote {path}")


@app.command()
def migrate() -> None:
    """Bring the registry's schema to the newest revision (run once per release)."""
    from regions.registry.migrate import upgrade
    from regions.sources.engine import create_engine

    settings = get_settings()

    async def run() -> None:
        engine = create_engine(settings.database_url, settings.database_schema)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())
    typer.echo("registry schema is up to date")


@app.command()
def reindex() -> None:
    """Rebuild search's topic vocabulary and full-text indexes (after bulk changes)."""
    from regions.registry.search_index import load_postal_codes
    from regions.registry.search_index import reindex as rebuild
    from regions.sources.engine import create_engine

    settings = get_settings()

    async def run() -> dict[str, int]:
        engine = create_engine(settings.database_url, settings.database_schema)
        try:
            counts = {"postal_codes": await load_postal_codes(engine)}
            return counts | await rebuild(engine)
        finally:
            await engine.dispose()

    counts = asyncio.run(run())
    typer.echo(", ".join(f"{name} {n}" for name, n in counts.items()))


@app.command()
def demo(
    scale: float = typer.Option(1.0, help="Size factor: 10 makes ten times the data."),
    database_url: str | None = typer.Option(None, help="Default: SHG_DATABASE_URL."),
) -> None:
    """Create the registry's schema and fill it with demo data, if it is empty."""
    from regions.registry.bootstrap import prepare
    from regions.sources.engine import create_engine

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = get_settings()

    async def run() -> None:
        engine = create_engine(database_url or settings.database_url, settings.database_schema)
        try:
            await prepare(engine, demo=True, scale=scale, seed=settings.demo_seed)
        finally:
            await engine.dispose()

    asyncio.run(run())


@outbox_app.command("deliver")
def outbox_deliver(
    everything: bool = typer.Option(
        False, "--all", help="Every undelivered row now, whatever its next attempt time."
    ),
) -> None:
    """One delivery pass over the outbox (the API's own deliverer does this every few seconds)."""
    from regions.registry import delivery
    from regions.registry.store.outbox import pending_count
    from regions.sources.config import Sources
    from regions.sources.engine import create_engine

    settings = get_settings()

    async def run() -> tuple[delivery.Report, int]:
        engine = create_engine(settings.database_url, settings.database_schema)
        sources = Sources(settings.regions)
        try:
            for source in sources.values():
                await source.start()
            report = await delivery.deliver_once(
                engine, sources, base=settings.outbox_backoff, everything=everything
            )
            return report, await pending_count(engine)
        finally:
            await sources.close()
            await engine.dispose()

    report, pending = asyncio.run(run())
    typer.echo(
        f"delivered {len(report.delivered)}, retrying {len(report.retrying)}, "
        f"refused {len(report.refused)}, pending {pending}"
    )


export_app = typer.Typer(help="Bulk exports of the public registry.")
app.add_typer(export_app, name="export")


@export_app.command("hsds")
def export_hsds(
    out: Annotated[Path, typer.Option("--out", help="Folder for the HSDS JSON files.")],
) -> None:
    """Every public record as HSDS 3.0 (Open Referral) JSON files, with a metadata record of
    when and from which sources; exit code 1 when a region source could not be read."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from regions.sources.config import Sources
    from regions.sources.engine import create_engine

    from .hsds.export import export, totals
    from .hsds.reader import Reader

    settings = get_settings()
    out.mkdir(parents=True, exist_ok=True)

    async def run() -> Any:
        engine = create_engine(settings.database_url, settings.database_schema)
        sources = Sources(settings.regions)
        try:
            for source in sources.values():
                await source.start()
            counts = await totals(Reader(engine, sources))
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
            with Progress(*columns, transient=True) as progress:
                tasks = {name: progress.add_task(name, total=n) for name, n in counts.items()}
                return await export(
                    engine, sources, out, lambda task, n: progress.advance(tasks[task], n)
                )
        finally:
            await sources.close()
            await engine.dispose()

    report = asyncio.run(run())
    typer.echo(", ".join(f"{name} {n}" for name, n in report.counts.items()))
    for code, reason in report.unavailable.items():
        typer.echo(f"region {code} left out: {reason}", err=True)
    if report.unavailable:
        raise typer.Exit(1)
