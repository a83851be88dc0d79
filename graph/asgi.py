"""The app instance for ASGI servers: `uvicorn graph.asgi:app` (each worker imports it).

Once the worker has started (demo data loaded, schema built), its heap is frozen out of the
garbage collector (`gc.freeze`): a full collection then no longer walks those objects, which
otherwise stopped the event loop for ~190 ms about once per ten 100-group pages, delaying every
answer in that time, shed ones included (bench/shedding.py).

With several workers (PROMETHEUS_MULTIPROC_DIR set) a worker starting forgets the live gauges
of workers that died (uvicorn's supervisor starts one in place of each), and its own on exit.
"""

import atexit
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette

from . import logs, metrics
from .app import create_app
from .settings import get_settings

logs.configure(get_settings())
metrics.forget_dead_workers()
atexit.register(metrics.mark_dead)
app = create_app()
_started = app.router.lifespan_context


@asynccontextmanager
async def _frozen_after_start(application: Starlette) -> AsyncIterator[Any]:
    async with _started(application) as state:
        gc.collect()
        gc.freeze()
        yield state


app.router.lifespan_context = _frozen_after_start
