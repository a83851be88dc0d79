"""Settings of the hardening layer (SHG_* variables), mixed into graph.settings.Settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode

from .proxies import parse_network


class HardeningSettings(BaseSettings):
    """Every limit is on by default; README's settings table explains each choice."""

    max_depth: int = Field(default=10, ge=1, description="Nesting of fields, leaf included.")
    max_aliases: int = Field(default=15, ge=0, description="Aliases per operation.")
    max_directives: int = Field(default=50, ge=0, description="Directives per operation.")
    max_field_directives: int = Field(default=3, ge=0, description="Directives on one field.")
    max_fields: int = Field(default=300, ge=1, description="Field selections per operation.")
    max_tokens: int = Field(default=1000, ge=10, description="Lexical tokens per document.")
    max_document_chars: int = Field(default=15_000, ge=100, description="Characters per query.")
    cost_budget_anonymous: int = Field(default=5_000, ge=1)
    cost_budget_authenticated: int = Field(default=50_000, ge=1)
    apq: bool = Field(default=True, description="Automatic persisted queries (sha256).")
    apq_cache_size: int = Field(default=1_000, ge=1, description="Hashes kept per process.")
    apq_ttl_seconds: int = Field(default=86_400, ge=1, description="Hashes kept in Redis.")
    persisted_operations: Path | None = Field(
        default=None, description="Registered operations: a JSON file or a folder of .graphql."
    )
    allow_list_only: bool = Field(
        default=False, description="Every caller may run registered operations only."
    )
    partner_allow_lists: dict[str, list[str]] = Field(
        default_factory=dict, description="Subject -> names (or sha256) of operations it may run."
    )
    max_batch: int = Field(default=0, ge=0, description="Operations per batch; 0: no batching.")
    max_body_bytes: int = Field(default=65_536, ge=1_024)
    request_timeout: float = Field(default=10.0, gt=0, description="Seconds per request.")
    max_in_flight: int = Field(
        default=1,
        ge=0,
        description="GraphQL requests run at once per process; past it they wait (0: no limit).",
    )
    max_queue_wait: float = Field(
        default=0.2,
        ge=0,
        le=10,
        description="Seconds a request may wait for a slot; one that would wait longer is "
        "answered 503 OVERLOADED with Retry-After at once.",
    )
    cors_origins: list[str] = Field(default_factory=list)
    cache_max_age: int = Field(
        default=60,
        ge=0,
        description="Seconds a GET answer of public data to an anonymous caller may be cached "
        "(`Cache-Control: public, max-age=...`); 0: never.",
    )
    rate_limits: bool = True
    rate_limit_anonymous: str = Field(default="120/minute", description="Per client address.")
    rate_limit_authenticated: str = Field(default="1200/minute", description="Per token.")
    registration_rate_limit: str | None = Field(
        default="5/hour",
        description="Group registrations (`submitGroupRegistration`) per client address (IPv6: "
        "per /64), counted also when `rate_limits` is off; empty: no limit.",
    )
    correction_rate_limit: str | None = Field(
        default="20/hour",
        description="Corrections (`reportCorrection`) per client address of anonymous callers "
        "(IPv6: per /64), counted also when `rate_limits` is off; empty: no limit.",
    )
    redis_url: str | None = Field(default=None, description="Shared counters and APQ hashes.")
    redis_prefix: str = "shg"
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Addresses or networks (CIDR) of the proxies whose X-Forwarded-For and "
        "X-Request-ID are believed: a JSON list or a comma-separated list; none by default.",
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [entry.strip() for entry in text.split(",") if entry.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_addresses(cls, value: list[str]) -> list[str]:
        return [str(parse_network(entry)) for entry in value]  # ValueError names a bad entry
