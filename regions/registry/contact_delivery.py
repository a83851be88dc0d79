"""The mail deliverer: sends due contact requests by SMTP, with the outbox's backoff.

One pass (`deliver_once`) runs beside the corrections outbox's in `shg outbox deliver` and in
the API's deliverer loop (`delivery.run`). Each request is claimed (attempts + 1, a lease,
`last_error` emptied) before its mail is handed to the server:

- server down, 4xx, timeout: due again after 5 s, 10 s, 20 s, ... (`delivery.backoff`);
- 5xx, or no address behind the subject any more: failed for good, never retried;
- accepted (250): `sent_at`.

**Never twice.** A row found due with attempts > 0 and no `last_error` had an attempt whose
outcome was never recorded: the process died between the claim and the record, possibly
after the server had accepted the mail. SMTP cannot be asked whether it has a message, so
such a row is not sent again: it is failed as "in doubt" (at most once, not at least once;
a visitor can ask again, a person cannot be un-mailed). Every attempt sends the request's one
`Message-ID`, so even a repeat the server itself made is recognisable as the same message.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry import SOURCE
from regions.registry.delivery import BATCH, Report, backoff
from regions.registry.mail import MailRefused, MailSettings, MailUnavailable, compose, send
from regions.registry.store import contact_requests as store
from regions.sources.protocol import RegionSource, SourceUnavailable
from regions.sources.vocabulary import ContactMode

log = logging.getLogger(__name__)
IN_DOUBT = "in doubt: an earlier attempt was interrupted; not sent again"


class NoAddress(Exception):
    """Nothing to send to (any more)."""


async def _recipient(engine: AsyncEngine, sources: Mapping[str, RegionSource], row: Any) -> str:
    today = datetime.now(UTC).date()
    if row.source == SOURCE:
        found = await store.registry_recipient(
            engine, row.subject_type, int(row.subject_key), today
        )
    else:  # a region's group: the address comes from the region's contacts call
        source = sources.get(row.source)
        if source is None:
            raise SourceUnavailable(row.source, "region not configured")
        group = (await source.by_keys([row.subject_key])).get(row.subject_key)
        if group is None:
            raise NoAddress("the region has no such group")
        if group.contact_mode == ContactMode.VIA_CONTACT_POINT:
            point = group.contact_point_key
            found = None if point is None else await store.office_of(engine, point)
        else:
            contact = (await source.contacts_of([row.subject_key])).get(row.subject_key)
            found = contact.email.strip() if contact and contact.email else None
    if not found:
        raise NoAddress("no address to send to")
    return found


async def _abuse_token(engine: AsyncEngine, key: int) -> str:
    """A fresh token per attempt; only its digest is stored (the mail carries the token)."""
    token = secrets.token_urlsafe(24)
    async with engine.begin() as conn:
        await conn.execute(
            update(store.requests)
            .where(store.requests.c.id == key)
            .values(abuse_token_hash=sha256(token.encode()).hexdigest())
        )
    return token


async def deliver_once(
    engine: AsyncEngine,
    sources: Mapping[str, RegionSource],
    mail: MailSettings,
    *,
    base: float = 5.0,
    everything: bool = False,
    ids: Sequence[int] | None = None,
) -> Report:
    """One pass over the due contact requests (every unsent one with `everything`)."""
    report = Report()
    now = datetime.now(UTC)
    for row in await store.due(engine, None if everything else now, BATCH, ids):
        if row.attempts > 0 and row.last_error is None:
            await store.failed(engine, row.id, datetime.now(UTC), IN_DOUBT)
            report.refused.append(row.id)
            log.warning("contact request %s: %s", row.id, IN_DOUBT)
            continue
        attempts = row.attempts + 1
        lease = datetime.now(UTC) + timedelta(seconds=mail.timeout * 4 + 60)
        if not await store.claim(engine, row, lease):
            continue  # another deliverer has it
        try:
            to = await _recipient(engine, sources, row)
            token = await _abuse_token(engine, row.id)
            message = compose(
                mail,
                to=to,
                reply_to=row.reply_to or "",
                message=row.message or "",
                message_id=row.message_id,
                subject_type=row.subject_type,
                abuse_token=token,
            )
            await send(mail, message)
        except (MailUnavailable, SourceUnavailable) as exc:
            reason = str(exc) if isinstance(exc, MailUnavailable) else exc.reason
            later = datetime.now(UTC) + timedelta(seconds=backoff(attempts, base))
            await store.retry_later(engine, row.id, later, reason or "unavailable")
            report.retrying.append(row.id)
            log.info("contact request %s: %s; next attempt %s", row.id, reason, later)
        except (MailRefused, NoAddress) as exc:
            await store.failed(engine, row.id, datetime.now(UTC), str(exc))
            report.refused.append(row.id)
            log.warning("contact request %s failed: %s", row.id, exc)
        else:
            await store.sent(engine, row.id, datetime.now(UTC))
            report.delivered.append(row.id)
    return report
