"""Collected during execution: redactions per field path and disclosures per object and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..caller import Caller

if TYPE_CHECKING:
    from ..protected import Protection


@dataclass
class Redaction:
    """One protected field path of the query, and how many of its values were redacted."""

    rule: Protection
    first_path: list[str | int]
    count: int = 0


@dataclass
class AccessJournal:
    """Plain in-memory bookkeeping; nothing here touches the database during execution."""

    redactions: dict[str, Redaction] = field(default_factory=dict)
    disclosures: dict[tuple[str, str], tuple[Protection, str | None]] = field(default_factory=dict)

    def redacted(self, rule: Protection, path: list[str | int]) -> None:
        key = ".".join(part for part in path if isinstance(part, str))
        entry = self.redactions.get(key)
        if entry is None:
            entry = self.redactions[key] = Redaction(rule, path)
        entry.count += 1

    def disclosed(self, rule: Protection, obj: Any) -> None:
        """A value was returned; the same object's field twice in one query is one disclosure."""
        self.disclosures.setdefault((str(obj.id), rule.field), (rule, obj.region_code))

    def audit_rows(
        self, caller: Caller, request_id: str, at: datetime, proxy_request_id: str | None = None
    ) -> list[dict[str, Any]]:
        return [
            {
                "disclosed_at": at,
                "request_id": request_id,
                "proxy_request_id": proxy_request_id,
                "token_id": caller.token_id,
                "partner": caller.subject,
                "caller_kind": caller.kind.value,
                "purpose": caller.purpose,
                "object_id": object_id,
                "object_type": field_name.split(".")[0],
                "field": field_name,
                "region_code": region,
            }
            for (object_id, field_name), (_rule, region) in self.disclosures.items()
        ]
