"""The app instance for ASGI servers: `uvicorn graph.asgi:app` (each worker imports it)."""

from . import logs
from .app import create_app
from .settings import get_settings

logs.configure(get_settings())
app = create_app()
