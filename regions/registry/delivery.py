"""The deliverer: sends the outbox's due rows to their regions, with backoff.

`deliver_once` is one pass (what `shg outbox deliver` runs); `run` repeats it every few seconds
in the API process (started in the app's lifespan). A region that is down keeps its rows
pending, each retried after 5 s, 10 s, 20 s, ... (at most an hour); a region that refuses a
row (DeliveryRefused) fails it for good. Nothing is lost (the row stays until the region has
it) and nothing is stored twice (the delivery key travels with every attempt).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.store import outbox
from regions.sources.protocol import Correction, DeliveryRefused, RegionSource, SourceUnavailable
from regions.sources.subjects import SubjectMatch

log = logging.getLogger(__name__)
BATCH = 100
MAX_BACKOFF = 3600.0


@dataclass
class Report:
    """What one pass did, by outbox id."""

    delivered: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)


def backoff(attempts: int, base: float) -> float:
    """Seconds before the next attempt after `attempts` failed ones."""
    return float(min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF))


def correction(payload: Mapping[str, Any]) -> Correction:
    return Correction(
        group_key=str(payload["group_key"]),
        field=str(payload["field"]),
        proposed_value=str(payload["proposed_value"]),
        note=payload.get("note"),
        reported_at=datetime.fromisoformat(str(payload["reported_at"])),
        reference=str(payload["reference"]),
    )


ERASE = "erase_subject"


def kept(row: Any, **outcome: Any) -> dict[str, Any] | None:
    """What an erasure's row keeps once it is settled: which erasure and the outcome, never
    the person's identifiers (a correction's row is kept as it is: None)."""
    if row.operation != ERASE:
        return None
    return {"erasure": row.payload.get("erasure"), **outcome}


async def _send(source: RegionSource, row: Any) -> dict[str, Any] | None:
    """Deliver one row; an erasure answers what the row keeps (the region's counts)."""
    if row.operation == "report_correction":
        await source.report_correction(row.delivery_key, correction(row.payload))
        return None
    if row.operation == ERASE:
        match = SubjectMatch.from_dict(row.payload["match"])
        receipt = await source.erase_subject(row.delivery_key, match)
        return kept(row, deleted=receipt.deleted)
    raise DeliveryRefused(source.code, f"unknown operation {row.operation!r}")


async def deliver_once(
    engine: AsyncEngine,
    sources: Mapping[str, RegionSource],
    *,
    base: float = 5.0,
    everything: bool = False,
    ids: Sequence[int] | None = None,
) -> Report:
    """One pass over the due rows (every undelivered one with `everything`, backoff ignored;
    only these `ids`, if given: an erasure tries its own rows at once)."""
    report = Report()
    now = datetime.now(UTC)
    for row in await outbox.due(engine, None if everything else now, BATCH, ids):
        source = sources.get(row.region)
        attempts = row.attempts + 1
        if source is None:
            later = datetime.now(UTC) + timedelta(seconds=backoff(attempts, base))
            await outbox.retry_later(engine, row.id, later, "region not configured", attempts)
            report.retrying.append(row.id)
            continue
        lease = datetime.now(UTC) + timedelta(seconds=source.timeout * 3 + 30)
        if not await outbox.claim(engine, row, lease):
            continue  # another deliverer has it
        try:
            payload = await _send(source, row)
        except SourceUnavailable as exc:
            later = datetime.now(UTC) + timedelta(seconds=backoff(attempts, base))
            await outbox.retry_later(engine, row.id, later, exc.reason)
            report.retrying.append(row.id)
            log.info("outbox %s to %s: %s; next attempt %s", row.id, row.region, exc.reason, later)
        except DeliveryRefused as exc:
            settled = kept(row, refused=exc.reason)
            await outbox.refused(engine, row.id, datetime.now(UTC), exc.reason, settled)
            report.refused.append(row.id)
            log.warning("outbox %s refused by %s: %s", row.id, row.region, exc.reason)
        else:
            await outbox.delivered(engine, row.id, datetime.now(UTC), payload)
            report.delivered.append(row.id)
    return report


Pass = Callable[[], Awaitable[Any]]


async def run(
    engine: AsyncEngine,
    sources: Mapping[str, RegionSource],
    interval: float,
    base: float,
    also: Sequence[Pass] = (),
) -> None:
    """Deliver every `interval` seconds until cancelled; a failing pass is logged, not fatal.
    `also`: further passes run in the same loop (the contact requests' mail deliverer)."""
    passes: list[Pass] = [lambda: deliver_once(engine, sources, base=base), *also]
    while True:
        for one in passes:
            try:
                await one()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox: a delivery pass failed")
        await asyncio.sleep(interval)
