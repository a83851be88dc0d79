"""Service settings, read from SHG_* environment variables (and a .env file)."""

from __future__ import annotations

import os
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from regions.registry.retention import Policy
from regions.sources.config import DEFAULT_CANDIDATE_LIMIT, RegionConfig
from regions.sources.engine import check_database_url

from .hardening.settings import HardeningSettings

VAR_DIR = Path("var")
# The shipped stand-ins: Bavaria's database, NRW's publishing service and Baden-Württemberg's
# plain directory service (the services run by `shg serve`).
DEFAULT_REGIONS = [
    RegionConfig(
        code="DE-BY",
        kind="sql",
        url=f"sqlite+aiosqlite:///{VAR_DIR / 'bavaria.db'}",
        layout="bavaria",
        demo_groups=3000,
    ),
    RegionConfig(
        code="DE-NW",
        kind="http",
        url="http://127.0.0.1:8001",
        layout="nrw",
        serve=True,
        api_key_file=VAR_DIR / "nrw-service-key",
    ),
    RegionConfig(
        code="DE-BW",
        kind="http",
        url="http://127.0.0.1:8002",
        layout="bw",
        serve=True,
        api_key_file=VAR_DIR / "bw-service-key",
    ),
]


class Settings(HardeningSettings):
    model_config = SettingsConfigDict(env_prefix="SHG_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{VAR_DIR / 'national.db'}",
        description="The national registry. SQLite (embedded default) or postgresql+asyncpg.",
    )
    database_schema: str | None = Field(
        default=None, description="PostgreSQL only: the schema (search_path) to use."
    )
    database_connect_timeout: float = Field(
        default=3.0,
        gt=0,
        le=60,
        description="Seconds to open a connection or wait for one from the pool (SQLite: the "
        "busy timeout).",
    )
    database_statement_timeout: float = Field(
        default=5.0, gt=0, le=600, description="Seconds one statement may run."
    )
    migrate_on_start: bool = Field(
        default=True,
        description="Bring the registry's schema to the newest revision on start; production "
        "runs `shg migrate` once (a Job) instead, and replicas wait for it (not ready).",
    )
    prefetch: bool = Field(
        default=True,
        description="Look-ahead prefetch: a page of groups loads its nodes' contact points, "
        "topics and Länder before they are resolved (graph/prefetch.py); false: each field "
        "through its dataloader (the same answers, slower).",
    )
    workers: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="Processes `shg serve` runs; default: the CPUs in production, 1 otherwise.",
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
    region_candidate_limit: int = Field(
        default=DEFAULT_CANDIDATE_LIMIT,
        ge=1,
        le=100_000,
        description="The most groups one call may read from a region source that cannot rank "
        "(the graph ranks, filters, counts and pages them); past it the source's data is left "
        "out with REGION_RESULT_LIMIT.",
    )
    outbox_interval: float = Field(
        default=5.0,
        ge=0,
        le=3600,
        description="Seconds between the deliverer's passes over the outbox; 0: no deliverer "
        "in this process (`shg outbox deliver` then sends).",
    )
    outbox_backoff: float = Field(
        default=5.0, gt=0, le=3600, description="First wait after a failed delivery; doubles."
    )
    # contact mediation (README, *Contact mediation*): the mail deliverer and its limits
    smtp_host: str | None = Field(
        default=None,
        description="SMTP server contact requests are sent through; unset: requests wait "
        "(pending) until it is set.",
    )
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_tls: Literal["starttls", "tls", "none"] = Field(
        default="starttls", description="starttls (587), tls (implicit, 465) or none (local)."
    )
    smtp_user: str | None = Field(default=None, description="SMTP login, if the server wants one.")
    smtp_password_file: Path | None = Field(
        default=None, description="A file holding the SMTP password (mounted from a Secret)."
    )
    smtp_timeout: float = Field(default=15.0, gt=0, le=300)
    mail_from: str = Field(
        default="kontakt@selbsthilfe-graph.invalid",
        description="From: of mediated mails (the sender is their Reply-To).",
    )
    contact_sender_per_day: int = Field(
        default=5, ge=1, le=1000, description="Contact requests per sender address in 24 h."
    )
    contact_recipient_per_day: int = Field(
        default=20, ge=1, le=10000, description="Contact requests to one recipient in 24 h."
    )
    contact_message_max: int = Field(
        default=2000, ge=100, le=20000, description="Characters of a contact request's message."
    )
    contact_allow_links: bool = Field(
        default=False,
        description="Anonymous senders may put links (URLs, www., e-mail addresses) in a message.",
    )
    contact_abuse_url: str | None = Field(
        default=None,
        description="A frontend page the mail links for abuse reports; the token is appended "
        "as ?token=...; unset: the mail names the token and the mutation.",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"
    log_format: Literal["auto", "json", "plain"] = Field(
        default="auto", description="auto: JSON lines in production, plain in development."
    )
    tracing: bool = Field(
        default=False,
        description="OpenTelemetry traces, exported by OTLP/HTTP (to SHG_OTEL_ENDPOINT, else "
        "the OTEL_EXPORTER_OTLP_* variables' endpoint).",
    )
    otel_endpoint: str | None = Field(
        default=None,
        description="OTLP/HTTP collector, e.g. http://otel-collector:4318; turns tracing on.",
    )
    otel_service: str = Field(default="selbsthilfe-graph", description="service.name of spans.")
    metrics: bool = Field(default=True, description="Serve Prometheus metrics at /metrics.")
    metrics_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="Serve /metrics on this port of its own (by `shg serve`, for every "
        "worker) and not on the API's port, so the public ingress never carries it.",
    )
    # the response cache (graph/cache/; README, *Response cache*)
    response_cache_enabled: bool = Field(
        default=False,
        description="Serve repeated reads from the response cache (partitioned by the "
        "caller's rights, invalidated by every write); off unless set (production: on).",
    )
    response_cache_backend: Literal["memory", "redis"] = Field(
        default="memory",
        description="memory: a bounded LRU per process; redis: that LRU in front of Redis "
        "(SHG_REDIS_URL), shared by every process.",
    )
    response_cache_max_entries: int = Field(
        default=10_000, ge=1, le=10_000_000, description="Answers kept per process."
    )
    response_cache_max_bytes: int = Field(
        default=64 * 1024 * 1024, ge=1024, description="Bytes of answers kept per process."
    )
    response_cache_max_entry_bytes: int = Field(
        default=1024 * 1024, ge=256, description="A larger answer is not cached."
    )
    response_cache_ttl_seconds: float = Field(
        default=300.0,
        gt=0,
        le=86_400,
        description="Longest life of an answer of the registry alone (its writes end it "
        "sooner); bounds what changes with time only (expiry dates).",
    )
    response_cache_region_ttl_seconds: float = Field(
        default=10.0,
        ge=0,
        le=3600,
        description="Life of an answer that asked a region's source (its data changes "
        "outside the graph); 0: such answers are not cached.",
    )
    response_cache_version_check_seconds: float = Field(
        default=1.0,
        ge=0,
        le=60,
        description="How long a process trusts the registry's version it read (one statement) "
        "before reading it again; 0: once per request. Its own writes it sees at once.",
    )
    # access control (graph/auth): see the README's "Access control"
    token_issuer: str = Field(default="selbsthilfe-graph", description="Required `iss`.")
    token_audience: str = Field(default="selbsthilfe-graph", description="Required `aud`.")
    token_secret: SecretStr | None = Field(
        default=None, description="HS256 secret; development generates var/token-secret."
    )
    token_secret_file: Path = VAR_DIR / "token-secret"
    token_public_keys: str | None = Field(
        default=None, description="Comma-separated PEM files (RSA: RS256, EC P-256: ES256)."
    )
    token_jwks_file: Path | None = Field(default=None, description="A JWKS file of public keys.")
    token_private_key: Path | None = Field(
        default=None, description="PEM private key `shg tokens issue` signs with (else HS256)."
    )
    token_leeway_seconds: int = Field(default=30, ge=0, le=300)
    # retention (regions/registry/retention.py; README, *Retention*): days per class
    retention_rare_expired_days: int = Field(default=30, ge=0, le=3650)
    retention_rare_rejected_days: int = Field(default=90, ge=0, le=3650)
    retention_registrations_rejected_days: int = Field(default=90, ge=0, le=3650)
    retention_registrations_withdrawn_days: int = Field(default=30, ge=0, le=3650)
    retention_ended_group_contacts_days: int = Field(default=180, ge=0, le=3650)
    retention_correction_values_days: int = Field(default=90, ge=0, le=3650)
    retention_outbox_done_days: int = Field(default=30, ge=0, le=3650)
    retention_idempotency_records_days: int = Field(default=30, ge=0, le=3650)
    retention_disclosures_days: int = Field(default=730, ge=0, le=3650)
    retention_change_log_days: int = Field(default=730, ge=0, le=3650)
    retention_contact_requests_days: int = Field(default=30, ge=0, le=3650)

    def retention_policy(self) -> Policy:
        """The days per class, as `shg retention run` applies them."""
        names = [f.name for f in fields(Policy)]
        return Policy(**{name: getattr(self, f"retention_{name}_days") for name in names})

    @property
    def development(self) -> bool:
        return self.environment == "development"

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        return check_database_url(value)

    def worker_count(self) -> int:
        if self.workers is not None:
            return self.workers
        return 1 if self.development else max(1, os.cpu_count() or 1)


@lru_cache
def get_settings() -> Settings:
    return Settings()
