"""Prometheus metrics (the official client), safe for `shg serve --workers N`: with
PROMETHEUS_MULTIPROC_DIR set (shg serve sets it for more than one worker) every process writes
its own files and /metrics adds them up.

Labels are bounded: an operation name is the client's word, so only names of the GraphQL
form are kept and at most MAX_OPERATIONS of them per process (the rest count as `other`).
"""

from __future__ import annotations

import os
import re
import threading

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response

MAX_OPERATIONS = 200
NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

REQUESTS = Counter(
    "shg_requests_total",
    "GraphQL requests answered, by operation name, HTTP status and first error code.",
    ["operation", "status", "code"],
)
DURATION = Histogram(
    "shg_request_duration_seconds",
    "Time from the request's arrival to its answer, by operation name.",
    ["operation"],
    buckets=LATENCY,
)
STATEMENTS = Histogram(
    "shg_sql_statements_per_request",
    "Registry SQL statements one GraphQL request ran.",
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100),
)
IN_FLIGHT = Gauge(
    "shg_requests_in_flight",
    "GraphQL requests being answered now.",
    multiprocess_mode="livesum",
)
REGION_CALLS = Counter(
    "shg_region_calls_total",
    "Calls to a region source, by Land and outcome.",
    ["region", "outcome"],
)
REGION_DURATION = Histogram(
    "shg_region_call_duration_seconds",
    "Time of one call to a region source (its retry included).",
    ["region"],
    buckets=LATENCY,
)
REGION_FAILURES = Counter(
    "shg_region_failures_total",
    "Region source failures, by Land and reason (timeout, HTTP 5xx, ...).",
    ["region", "reason"],
)
DISCLOSURES = Counter(
    "shg_disclosures_written_total", "Protected values disclosed and recorded in the audit."
)
RATE_LIMITED = Counter("shg_rate_limited_total", "Requests refused with 429 RATE_LIMITED.")
SHED = Counter("shg_shed_total", "Requests refused with 503 OVERLOADED (load shedding).")
RESPONSE_CACHE = Counter(
    "shg_response_cache_total",
    "Response cache lookups (hit, miss) and answers kept (stored).",
    ["outcome"],
)

_known: set[str] = set()
_lock = threading.Lock()


def operation_label(name: str | None) -> str:
    if not name:
        return "anonymous"
    if not NAME.fullmatch(name):
        return "other"
    with _lock:
        if name in _known:
            return name
        if len(_known) >= MAX_OPERATIONS:
            return "other"
        _known.add(name)
        return name


def exposition() -> bytes:
    """The metrics text: every worker's, when they run as several processes."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()


async def metrics(request: Request) -> Response:
    settings = request.app.state.settings
    if not settings.metrics or settings.metrics_port:  # off, or on a port of its own
        return Response(status_code=404)
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)


LIVE_GAUGE = re.compile(r"gauge_live[a-z]*_(\d+)\.db")


def forget_dead_workers(folder: str | None = None) -> list[int]:
    """Drop the live gauges (in-flight requests) of workers that are gone, so /metrics stops
    adding what a killed or restarted worker last had in flight. A worker calls it when it
    starts (uvicorn's supervisor starts one in place of each that died) and, for itself, when
    it stops (`mark_dead`). Returns the process ids forgotten."""
    folder = folder or os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder or not os.path.isdir(folder):
        return []
    dead = []
    for name in os.listdir(folder):
        match = LIVE_GAUGE.fullmatch(name)
        if match and not _alive(pid := int(match.group(1))) and pid not in dead:
            multiprocess.mark_process_dead(pid, folder)
            dead.append(pid)
    return dead


def mark_dead(folder: str | None = None) -> None:
    """This worker is stopping: its live gauges go (its counters stay, as they must)."""
    folder = folder or os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder and os.path.isdir(folder):
        multiprocess.mark_process_dead(os.getpid(), folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True
