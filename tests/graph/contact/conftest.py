"""Contact mediation's fixtures: a local SMTP server and a registry of the test's own whose
mail settings point at it (no deliverer task: tests deliver with `deliver_once`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.settings import Settings
from regions.registry import contact_delivery
from regions.registry.delivery import Report
from regions.registry.mail import MailSettings
from tests.conftest import PrivateRegistry, open_private_registry
from tests.graph.contact.mail import SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def mail_settings(settings: Settings, smtp: SmtpServer, **extra: Any) -> Settings:
    update = {
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.port,
        "smtp_tls": "none",
        "smtp_timeout": 5.0,
        "mail_from": "kontakt@selbsthilfe.test",
        "outbox_interval": 0.0,
        **extra,
    }
    return settings.model_copy(update=update)


@pytest.fixture
async def mediated(
    backend: str, settings: Settings, tmp_path: Path, smtp: SmtpServer
) -> AsyncIterator[PrivateRegistry]:
    async with open_private_registry(backend, mail_settings(settings, smtp), tmp_path) as reg:
        yield reg


async def deliver(registry: PrivateRegistry, everything: bool = True) -> Report:
    state = registry.app.state
    mail = MailSettings.of(registry.settings)
    return await contact_delivery.deliver_once(
        state.engine, state.sources, mail, base=5.0, everything=everything
    )


async def write(registry: PrivateRegistry, sql: str, **params: Any) -> None:
    """A direct change to the test's own registry (setting up a case the API cannot make)."""
    from sqlalchemy import text

    async with registry.app.state.engine.begin() as conn:
        await conn.execute(text(sql), params)
