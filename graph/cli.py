"""The `shg` command: serve the API, export the schema, build the demo database."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from .config_errors import describe
from .settings import Settings
from .settings import get_settings as _get_settings
from .tokens_cli import app as tokens_app

app = typer.Typer(help="selbsthilfe-graph: one GraphQL API over Germany's self-help registries.")
app.add_typer(tokens_app, name="tokens")
outbox_app = typer.Typer(help="The outbox of operations owed to the regions (corrections).")
app.add_typer(outbox_app, name="outbox")
CONFIG_ERROR = 2


def get_settings() -> Settings:
    """The settings, or one line naming the setting and its problem and exit code 2."""
    try:
        return _get_settings()
    except Exception as error:
        line = describe(error)
        if line is None:
            raise
        typer.echo(line, err=True)
        raise typer.Exit(CONFIG_ERROR) from None


retention_app = typer.Typer(help="Retention: delete each class of data once its period is over.")
app.add_typer(retention_app, name="retention")


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Bind address (default from SHG_HOST)."),
    port: int | None = typer.Option(None, help="Port (default from SHG_PORT)."),
    reload: bool = typer.Option(False, help="Restart on code changes (development)."),
    workers: int | None = typer.Option(
        None,
        min=1,
        help="Processes (default SHG_WORKERS, else the CPUs in production, 1 in development).",
    ),
) -> None:
    """Serve the API (and the shipped NRW service, its own process); on first run this
    creates and fills the demo databases."""
    import uvicorn

    from regions.standins.services import stand_ins

    settings = get_settings()
    from . import logs

    logs.configure(settings)
    processes = 1 if reload else (workers or settings.worker_count())
    _metrics_across_processes(settings, processes)
    with stand_ins(settings.regions, settings.demo_seed, settings.demo_scale):
        uvicorn.run(
            "graph.asgi:app",
            host=host or settings.host,
            port=port or settings.port,
            reload=reload,
            workers=processes,
            log_level=settings.log_level,
            log_config=None,  # graph/logs.py: the same lines (JSON in production) everywhere
            access_log=False,  # one structured line per request instead (graph/observe.py)
            timeout_worker_healthcheck=60,  # a worker builds its app first: allow it time
            # uvicorn would believe X-Forwarded-For from 127.0.0.1 (or FORWARDED_ALLOW_IPS) and
            # hide the real peer; the app reads forwarded headers itself, from
            # SHG_TRUSTED_PROXIES only (graph/hardening/identity.py)
            proxy_headers=False,
        )
    from .metrics import forget_dead_workers, mark_dead

    forget_dead_workers()  # every worker has stopped: none of their live gauges is true now
    mark_dead()  # nor this process's (it imported the metrics, it served none)


def _metrics_across_processes(settings: Settings, processes: int) -> None:
    """Several workers write their metrics to files in one folder (prometheus_client's
    multiprocess mode), emptied at start; SHG_METRICS_PORT serves them from this process."""
    import os
    import shutil
    import tempfile

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder is None and (processes > 1 or settings.metrics_port):
        folder = tempfile.mkdtemp(prefix="shg-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, mode=0o700, exist_ok=True)
    if settings.metrics and settings.metrics_port:
        from prometheus_client import CollectorRegistry, multiprocess, start_http_server

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        start_http_server(settings.metrics_port, addr=settings.host, registry=registry)


RELEASED = Path("schema/released.graphql")


@app.command()
def schema(
    output: Annotated[Path, typer.Option(help="Where to write the SDL.")] = Path("schema.graphql"),
    readme: Annotated[Path, typer.Option(help="README with the protected-fields table.")] = Path(
        "README.md"
    ),
    check: bool = typer.Option(
        False, help="Only check that the files are up to date and nothing released breaks."
    ),
    release: bool = typer.Option(
        False, help="Make the schema the released one (schema/released.graphql)."
    ),
    released: Annotated[Path, typer.Option(help="The last released schema.")] = RELEASED,
) -> None:
    """Write the GraphQL schema (SDL) that the service serves, and the README's table of
    protected fields (both from the code); with --check, also compare it with the released
    schema and fail on a breaking change not announced by @deprecated."""
    from .evolution import breaking_changes
    from .protected import with_table
    from .schema import build_schema

    sdl = build_schema().as_str() + "\n"
    if release:
        released.parent.mkdir(parents=True, exist_ok=True)
        released.write_text(sdl, encoding="utf-8")
        typer.echo(f"released the schema as {released}")
        return
    if check and released.exists():
        broken = breaking_changes(released.read_text(encoding="utf-8"), sdl)
        for change in broken:
            typer.echo(f"breaking change against {released}: {change}", err=True)
        if broken:
            typer.echo("deprecate first, or release deliberately: shg schema --release", err=True)
            raise typer.Exit(1)
    wanted = {output: sdl}
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
        engine = create_engine(
            settings.database_url,
            settings.database_schema,
            connect_timeout=settings.database_connect_timeout,
        )
        try:
            await upgrade(engine)  # PostgreSQL: under an advisory lock, so runs may overlap
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
    """One delivery pass over the outbox and the contact requests' mails (the API's own
    deliverer does this every few seconds)."""
    from regions.registry import contact_delivery, delivery
    from regions.registry.mail import MailSettings
    from regions.registry.store.outbox import pending_count
    from regions.sources.config import Sources
    from regions.sources.engine import create_engine

    settings = get_settings()

    async def run() -> tuple[delivery.Report, delivery.Report, int]:
        engine = create_engine(settings.database_url, settings.database_schema)
        sources = Sources(settings.regions, settings.region_candidate_limit)
        try:
            for source in sources.values():
                await source.start()
            report = await delivery.deliver_once(
                engine, sources, base=settings.outbox_backoff, everything=everything
            )
            mails = await contact_delivery.deliver_once(
                engine,
                sources,
                MailSettings.of(settings),
                base=settings.outbox_backoff,
                everything=everything,
            )
            return report, mails, await pending_count(engine)
        finally:
            await sources.close()
            await engine.dispose()

    report, mails, pending = asyncio.run(run())
    typer.echo(
        f"delivered {len(report.delivered)}, retrying {len(report.retrying)}, "
        f"refused {len(report.refused)}, pending {pending}"
    )
    typer.echo(
        f"contact mails: sent {len(mails.delivered)}, retrying {len(mails.retrying)}, "
        f"failed {len(mails.refused)}"
    )


@app.command("subject-access")
def subject_access(
    email: str | None = typer.Option(None, help="The person's email."),
    phone: str | None = typer.Option(None, help="The person's phone (any usual form)."),
    name: str | None = typer.Option(None, help="The person's full name."),
) -> None:
    """Print everything held about one person (registry, every region, consents, disclosures)
    as one JSON document: the same as the `subjectAccess` query. Exit 2 for bad identifiers."""
    import json

    from regions.sources.config import Sources
    from regions.sources.engine import create_engine
    from regions.sources.subjects import BadIdentifier, SubjectMatch

    from .subject_access import report

    try:
        match = SubjectMatch.parse(email, phone, name)
    except BadIdentifier as exc:
        typer.echo(f"{exc.field}: {exc.reason}", err=True)
        raise typer.Exit(2) from None
    settings = get_settings()

    async def run() -> dict[str, object]:
        engine = create_engine(settings.database_url, settings.database_schema)
        sources = Sources(settings.regions, settings.region_candidate_limit)
        try:
            for source in sources.values():
                await source.start()
            return await report(engine, sources, match)
        finally:
            await sources.close()
            await engine.dispose()

    typer.echo(json.dumps(asyncio.run(run()), ensure_ascii=False, indent=2))


@retention_app.command("run")
def retention_run(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="List what would be deleted per class (keys); delete nothing."
    ),
) -> None:
    """Delete, for real, what each class's retention period is over for (README, *Retention*);
    counts per class go to the change log. Idempotent; safe to start from a CronJob that may
    overlap (PostgreSQL: a second run at once exits, `skipped`)."""
    from datetime import UTC, datetime

    from regions.registry import retention
    from regions.sources.engine import create_engine

    settings = get_settings()

    async def run() -> retention.Report:
        engine = create_engine(settings.database_url, settings.database_schema)
        try:
            return await retention.run(
                engine, settings.retention_policy(), datetime.now(UTC), dry_run=dry_run
            )
        finally:
            await engine.dispose()

    report = asyncio.run(run())
    if report.skipped:
        typer.echo("skipped: another retention run holds the lock")
        return
    for cls in retention.CLASSES:
        count = report.counts[cls.name]
        line = f"{cls.name}: {'would delete' if dry_run else 'deleted'} {count}"
        if dry_run and count:
            keys = report.keys[cls.name]
            line += " (keys " + ", ".join(str(k) for k in keys[:50])
            line += ", ...)" if len(keys) > 50 else ")"
        typer.echo(line)


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
        sources = Sources(settings.regions, settings.region_candidate_limit)
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
