"""The configured region sources, built from settings alone: adding a region is configuration.

Each entry names its Land, its kind (`sql`: the region's database through its own engine;
`http`: the region's JSON API) and its layout, a module under regions/ that describes the
region's own tables (`regions.<layout>.tables:LAYOUT`) or JSON (`regions.<layout>.json:DIALECT`).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import pkgutil
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from regions.sources.codes import LAENDER
from regions.sources.protocol import RegionSource

log = logging.getLogger(__name__)
STAND_IN_DIR = Path("var")
"""Where `shg serve` keeps the shipped stand-ins' files (databases, service keys)."""


LAYOUT_NAME = re.compile(r"[a-z][a-z0-9_]*")


def known_layouts() -> list[str]:
    """The modules under regions/sources/formats/ that hold a LAYOUT or a DIALECT."""
    from regions.sources import formats

    names = []
    for info in pkgutil.iter_modules(formats.__path__):
        module = importlib.import_module(f"regions.sources.formats.{info.name}")
        if hasattr(module, "LAYOUT") or hasattr(module, "DIALECT"):
            names.append(info.name)
    return sorted(names)


class RegionConfig(BaseModel):
    """One region source, as written in SHG_REGIONS (a JSON list of these)."""

    code: str = Field(description="ISO 3166-2 code of the Land the source owns, e.g. DE-BY.")
    kind: Literal["sql", "http"]
    url: str = Field(description="SQLAlchemy URL (sql) or base URL of the JSON API (http).")
    layout: str = Field(description="Module under regions/ describing the region's own format.")
    timeout: float = Field(default=2.0, gt=0, le=60, description="Seconds per call.")
    schema_name: str | None = Field(default=None, description="PostgreSQL schema (sql only).")
    demo_groups: int | None = Field(
        default=None, ge=0, description="Shipped stand-ins only: fill an empty source."
    )
    serve: bool = Field(
        default=False, description="http only: `shg serve` runs the shipped stand-in service."
    )
    api_key_file: Path | None = Field(
        default=None,
        description="http only: file with the key the region's API wants for personal data; "
        "for a `serve` stand-in var/<layout>-service-key unless given (`shg serve` makes it).",
    )

    def key_file(self) -> Path | None:
        """Where the service key is: one answer for the adapter and for `shg serve`, which
        writes the stand-in's key there and starts the service with it."""
        if self.api_key_file is not None:
            return self.api_key_file
        if self.kind == "http" and self.serve:
            return STAND_IN_DIR / f"{self.layout}-service-key"
        return None

    def api_key(self) -> str | None:
        """The service key, if configured and present (a missing file means no key)."""
        path = self.key_file()
        if path is None or not path.exists():
            return None
        return path.read_text(encoding="utf-8").strip() or None

    @model_validator(mode="after")
    def _known_layout(self) -> RegionConfig:
        """An unknown layout is a configuration error at start, before anything is migrated."""
        wanted = "LAYOUT" if self.kind == "sql" else "DIALECT"
        if not LAYOUT_NAME.fullmatch(self.layout):
            raise ValueError(f"layout {self.layout!r} is not a module name")
        try:
            module = importlib.import_module(f"regions.sources.formats.{self.layout}")
        except ModuleNotFoundError:
            raise ValueError(
                f"unknown layout {self.layout!r} (known: {', '.join(known_layouts())})"
            ) from None
        if not hasattr(module, wanted):
            raise ValueError(f"layout {self.layout!r} has no {wanted} for kind {self.kind!r}")
        return self

    @field_validator("code")
    @classmethod
    def _known_land(cls, value: str) -> str:
        code = value.strip().upper()
        if code not in LAENDER:
            raise ValueError(f"unknown Land code {value!r}")
        return code


def _load(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


DEFAULT_CANDIDATE_LIMIT = 2000


def build_source(
    config: RegionConfig, candidate_limit: int = DEFAULT_CANDIDATE_LIMIT
) -> RegionSource:
    """The adapter for one configured region (imported by kind, never by region name);
    `candidate_limit`: the most groups one call may read from a source that cannot rank."""
    if config.kind == "sql":
        from regions.sources.engine import create_engine
        from regions.sources.sql.source import SqlSource

        layout = _load(f"regions.sources.formats.{config.layout}:LAYOUT")
        engine = create_engine(config.url, config.schema_name)
        return SqlSource(config.code, engine, layout, config.timeout)
    from regions.sources.http.source import HttpSource

    dialect = _load(f"regions.sources.formats.{config.layout}:DIALECT")
    return HttpSource(
        config.code, config.url, dialect, config.timeout, config.api_key(), candidate_limit
    )


class Sources(Mapping[str, RegionSource]):
    """The region sources by Land code, in configuration order; made once per app."""

    def __init__(
        self, configs: list[RegionConfig], candidate_limit: int = DEFAULT_CANDIDATE_LIMIT
    ) -> None:
        seen = [c.code for c in configs]
        if len(seen) != len(set(seen)):
            raise ValueError(f"each Land can have one source, got {seen}")
        self.configs = {c.code: c for c in configs}
        self._sources = {c.code: build_source(c, candidate_limit) for c in configs}

    def __getitem__(self, code: str) -> RegionSource:
        return self._sources[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    async def start(self, seed: int, scale: float, demo: bool) -> None:
        """Open the sources; fill empty shipped SQL stand-ins with demo data."""
        for code, source in self._sources.items():
            await source.start()
            config = self.configs[code]
            prepare = getattr(source, "prepare", None)
            if prepare is None or not (demo and config.demo_groups):
                continue  # a real region's database is the region's: never created or filled
            try:
                added = await prepare(seed, scale, config.demo_groups)
            except Exception:  # a region down at start must not keep the API from starting
                log.exception("region %s: could not prepare its demo database", code)
                continue
            if added:
                log.info("region %s: %d demo groups", code, added)

    async def close(self) -> None:
        await asyncio.gather(*(source.close() for source in self._sources.values()))
