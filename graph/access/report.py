"""After execution: one FORBIDDEN error per redacted field path, and the audit in one write."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from regions.registry.store.access import record_disclosures

from ..errors import FORBIDDEN
from ..metrics import DISCLOSURES
from .journal import AccessJournal, Redaction

log = logging.getLogger(__name__)
AUDIT_UNAVAILABLE = "AUDIT_UNAVAILABLE"


def forbidden(path: str, entry: Redaction) -> GraphQLError:
    rule = entry.rule
    purposes = sorted(rule.purposes)
    return GraphQLError(
        f"{rule.field} is not disclosed to this caller at {path}: it needs scope "
        f"'{rule.scope}' (or '{rule.scope}:<Land>') and one of the purposes "
        f"{', '.join(purposes)}; {entry.count} value(s) redacted.",
        path=entry.first_path,
        extensions={
            "code": FORBIDDEN,
            "field": rule.field,
            "fieldPath": path,
            "scope": rule.scope,
            "purposes": purposes,
            "redacted": entry.count,
        },
    )


class AccessReport(SchemaExtension):
    """Runs once per operation, after execution: never inside the resolvers' hot loop."""

    async def on_operation(self) -> AsyncIterator[None]:  # type: ignore[override]
        yield
        context = self.execution_context.context
        journal: AccessJournal | None = getattr(context, "access", None)
        result = self.execution_context.result
        if journal is None or result is None:
            return
        if journal.redactions:
            errors = [forbidden(path, entry) for path, entry in journal.redactions.items()]
            result.errors = [*(result.errors or []), *errors]
        now = datetime.now(UTC)
        rows = journal.audit_rows(context.caller, context.request_id, now, context.proxy_request_id)
        if not rows:
            return
        try:
            await record_disclosures(context.engine, rows)
            DISCLOSURES.inc(len(rows))
        except Exception:
            # no disclosure without its audit record: withhold the whole response
            log.exception("request %s: disclosure audit not written", context.request_id)
            result.data = None
            result.errors = [
                GraphQLError(
                    "The disclosure audit could not be written, so no data is returned; "
                    f"quote request id {context.request_id}.",
                    extensions={"code": AUDIT_UNAVAILABLE, "requestId": context.request_id},
                )
            ]
