"""The deliverer (regions/registry/delivery.py) over an in-memory outbox and a fake region:
backoff, claims, a lost answer delivered again under the same key, refusals not retried."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from regions.registry import delivery
from regions.registry.models import Base, Correction, OutboxMessage, SourceVersion
from regions.registry.store import outbox
from regions.sources.engine import create_engine
from regions.sources.protocol import Correction as Forwarded
from regions.sources.protocol import DeliveryRefused, SourceUnavailable

NOW = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
PAYLOAD = {
    "group_key": "NW-000001",
    "field": "meeting_note",
    "proposed_value": "jeden 2. Dienstag",
    "note": None,
    "reported_at": NOW.isoformat(),
    "reference": "Q29ycmVjdGlvbjpuYWtvczox",
}


class Region:
    """A region that stores each delivery key once; it can be down, refuse, or lose answers."""

    code = "DE-NW"
    kind = "http"
    timeout = 1.0

    def __init__(self) -> None:
        self.stored: dict[str, Forwarded] = {}
        self.calls = 0
        self.down = False
        self.refuse = False
        self.lose_answer = False

    async def report_correction(self, delivery_key: str, correction: Forwarded) -> None:
        self.calls += 1
        if self.down:
            raise SourceUnavailable(self.code, "connection failed")
        if self.refuse:
            raise DeliveryRefused(self.code, "HTTP 404")
        self.stored.setdefault(delivery_key, correction)
        if self.lose_answer:
            raise SourceUnavailable(self.code, "timeout")


@pytest.fixture
async def engine() -> AsyncIterator[Any]:
    engine = create_engine("sqlite+aiosqlite:///:memory:")
    tables = [OutboxMessage.__table__, Correction.__table__, SourceVersion.__table__]
    async with engine.begin() as conn:
        await conn.run_sync(lambda sync: Base.metadata.create_all(sync, tables=tables))
        outbox_id = await outbox.enqueue(conn, "DE-NW", "report_correction", PAYLOAD, "k-1", NOW)
        await conn.execute(
            Correction.__table__.insert().values(
                subject_id="R3JvdXA6REUtTlc6TlctMDAwMDAx",
                subject_type="Group",
                source="DE-NW",
                subject_key="NW-000001",
                region_code="DE-NW",
                field="meetingNote",
                proposed_value="jeden 2. Dienstag",
                state="PENDING_DELIVERY",
                version=1,
                reported_at=NOW,
                reporter_kind="anonymous",
                outbox_id=outbox_id,
            )
        )
    yield engine
    await engine.dispose()


async def state(engine: Any) -> tuple[Any, ...]:
    o, c = OutboxMessage.__table__.c, Correction.__table__.c
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(
                    o.attempts, o.delivered_at.is_not(None), o.failed_at.is_not(None), c.state
                ).select_from(OutboxMessage.__table__.join(Correction.__table__))
            )
        ).one()
    return tuple(row)


def test_backoff_doubles_and_is_capped() -> None:
    assert [delivery.backoff(n, 5.0) for n in (1, 2, 3, 4)] == [5.0, 10.0, 20.0, 40.0]
    assert delivery.backoff(30, 5.0) == delivery.MAX_BACKOFF


async def test_a_region_that_is_down_keeps_the_row_pending_until_it_answers(engine: Any) -> None:
    region = Region()
    region.down = True
    report = await delivery.deliver_once(engine, {"DE-NW": region})
    assert report.retrying == [1] and await state(engine) == (1, False, False, "PENDING_DELIVERY")
    # not due yet: a pass before its next attempt leaves it alone
    assert (await delivery.deliver_once(engine, {"DE-NW": region})).retrying == []
    region.down = False
    report = await delivery.deliver_once(engine, {"DE-NW": region}, everything=True)
    assert report.delivered == [1]
    assert await state(engine) == (2, True, False, "DELIVERED")
    assert list(region.stored) == ["k-1"]
    assert region.stored["k-1"].group_key == "NW-000001"
    # delivered rows are never sent again
    await delivery.deliver_once(engine, {"DE-NW": region}, everything=True)
    assert region.calls == 2


async def test_a_lost_answer_is_delivered_again_under_the_same_key_and_stored_once(
    engine: Any,
) -> None:
    region = Region()
    region.lose_answer = True
    await delivery.deliver_once(engine, {"DE-NW": region})
    region.lose_answer = False
    await delivery.deliver_once(engine, {"DE-NW": region}, everything=True)
    assert region.calls == 2 and len(region.stored) == 1
    assert (await state(engine))[3] == "DELIVERED"


async def test_a_refusal_fails_the_row_for_good(engine: Any) -> None:
    region = Region()
    region.refuse = True
    assert (await delivery.deliver_once(engine, {"DE-NW": region})).refused == [1]
    assert await state(engine) == (1, False, True, "REFUSED")
    await delivery.deliver_once(engine, {"DE-NW": region}, everything=True)
    assert region.calls == 1


async def test_a_row_claimed_by_another_deliverer_is_not_sent(engine: Any) -> None:
    [row] = await outbox.due(engine, NOW + timedelta(seconds=1), 10)
    assert await outbox.claim(engine, row, NOW + timedelta(minutes=5))
    assert not await outbox.claim(engine, row, NOW + timedelta(minutes=5))  # stale attempt count
    async with engine.begin() as conn:  # the lease: not due for a pass at its own time
        await conn.execute(
            update(OutboxMessage.__table__).values(next_attempt_at=NOW + timedelta(days=1))
        )
    region = Region()
    await delivery.deliver_once(engine, {"DE-NW": region})
    assert region.calls == 0
