"""What the benchmarks share: the sources they measure, said up front, and settings that keep
every file in the benchmark's own temporary folder (nothing in var/, no region by default)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from graph.settings import Settings

REGISTRY_ALONE = "the national registry alone (SQLite; no region source)"
FEDERATED = "the national registry + Bavaria (SQL) + NRW (HTTP, its own process)"


def header(script: str, sources: str) -> None:
    print(f"{script}: measures {sources}")


def registry_settings(folder: Path, **overrides: Any) -> Settings:
    """A demo registry in `folder`, no region source, a token secret of its own."""
    base: dict[str, Any] = {
        "database_url": f"sqlite+aiosqlite:///{folder / 'national.db'}",
        "regions": [],
        "token_secret": secrets.token_urlsafe(48),
    }
    return Settings(**{**base, **overrides})
