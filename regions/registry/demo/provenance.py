"""Provenance columns (source, last modified, last verified) relative to a fixed day."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from regions.registry import SOURCE

WINDOW_SECONDS = 2 * 365 * 24 * 3600  # everything was touched within the last two years


def provenance(
    rng: random.Random, today: date, unverified: float = 0.15, since: date | None = None
) -> dict[str, Any]:
    """Source, updated_at and (mostly) verified_at, timezone-aware, within two years of today.

    With `since` (the day the record was created) it is never changed before that day.
    """
    midnight = datetime.combine(today, time(0), tzinfo=UTC)
    window = WINDOW_SECONDS
    if since is not None:
        window = min(window, max(int((today - since).total_seconds()), 1))
    start = midnight - timedelta(seconds=window)
    updated = midnight - timedelta(seconds=rng.randrange(window))
    verified: datetime | None = None
    if rng.random() >= unverified:
        # Checked some time after the last change, or (a re-check) within a year before it.
        earliest = max(updated - timedelta(days=365), start)
        span = int((midnight - earliest).total_seconds())
        verified = earliest + timedelta(seconds=rng.randrange(max(span, 1)))
    return {"source": SOURCE, "updated_at": updated, "verified_at": verified}
