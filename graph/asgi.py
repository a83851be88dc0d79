"""The app instance for ASGI servers: `uvicorn graph.asgi:app` (each worker imports it).

With several workers (PROMETHEUS_MULTIPROC_DIR set) a worker starting forgets the live gauges
of workers that died (uvicorn's supervisor starts one in place of each), and its own on exit.
"""

import atexit

from . import logs, metrics
from .app import create_app
from .settings import get_settings

logs.configure(get_settings())
metrics.forget_dead_workers()
atexit.register(metrics.mark_dead)
app = create_app()
