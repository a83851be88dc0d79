"""Service settings, read from SHG_* environment variables (and a .env file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from regions.registry import RegionConfig

VAR_DIR = Path("var")
# The shipped stand-ins: Bavaria's database and NRW's publishing service (run by `shg serve`).
DEFAULT_REGIONS = [
    RegionConfig(
        code="DE-BY",
        kind="sql",
        url=f"sqlite+aiosqlite:///{VAR_DIR / 'bavaria.db'}",
        layout="bavaria",
        demo_groups=3000,
    ),
    RegionConfig(code="DE-NW", kind="http", url="http://127.0.0.1:8001", layout="nrw", serve=True),
]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHG_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{VAR_DIR / 'national.db'}",
        description="The national registry. SQLite (embedded default) or postgresql+asyncpg.",
    )
    database_schema: str | None = Field(
        default=None, description="PostgreSQL only: the schema (search_path) to use."
    )
    demo_data: bool = Field(
        default=True, description="Fill an empty registry with the deterministic demo data set."
    )
    demo_scale: float = Field(default=1.0, gt=0, le=50)
    demo_seed: int = 20261123
    max_page_size: int = Field(default=100, ge=1, le=1000)
    default_page_size: int = Field(default=20, ge=1, le=1000)
    regions: list[RegionConfig] = Field(
        default_factory=lambda: list(DEFAULT_REGIONS),
        description="Region sources, as JSON in SHG_REGIONS; [] for the national registry only.",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"

    @property
    def development(self) -> bool:
        return self.environment == "development"


@lru_cache
def get_settings() -> Settings:
    return Settings()
