"""The app instance for ASGI servers: `uvicorn graph.asgi:app`."""

from .app import create_app

app = create_app()
