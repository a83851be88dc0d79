"""Logging: plain lines in development, one JSON object per line in production (structlog
over the standard library, so every logger, uvicorn's included, writes the same way).

The request id of the request being answered is bound in a context variable (observe.py) and
added to every line logged while answering it. Nothing logs a token or personal data: request
lines carry the operation's name and the caller's kind, never the query or its variables.
"""

from __future__ import annotations

import logging
import logging.config
from typing import Any

import structlog

_configured: tuple[str, str] | None = None


def json_wanted(settings: Any) -> bool:
    if settings.log_format == "auto":
        return not settings.development
    return bool(settings.log_format == "json")


def configure(settings: Any) -> None:
    """Once per process (each worker calls it too)."""
    global _configured
    fmt = "json" if json_wanted(settings) else "plain"
    if _configured == (fmt, settings.log_level):
        return
    _configured = (fmt, settings.log_level)
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    if fmt == "json":
        renderer: list[Any] = [
            structlog.processors.dict_tracebacks,
            structlog.processors.JSONRenderer(),
        ]
    else:
        renderer = [structlog.dev.ConsoleRenderer(colors=False)]
    formatter = {
        "()": structlog.stdlib.ProcessorFormatter,
        "foreign_pre_chain": shared,
        "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta, *renderer],
    }
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"shg": formatter},
            "handlers": {"out": {"class": "logging.StreamHandler", "formatter": "shg"}},
            "root": {"handlers": ["out"], "level": settings.log_level.upper()},
            "loggers": {
                # uvicorn's own lines through ours; its plain access log is off (observe.py
                # writes one structured line per request instead)
                "uvicorn": {"handlers": [], "propagate": True},
                "uvicorn.error": {"handlers": [], "propagate": True},
                "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
            },
        }
    )
    structlog.configure(
        processors=[*shared[:2], structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
