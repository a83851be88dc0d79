"""Writing through the API over HTTP, in a registry of the test's own, as any kind of caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from graph.ids import encode_id
from tests.access_tokens import TokenKeys
from tests.conftest import PrivateRegistry

# The callers of the write path (README, *Access control* and *Writing*).
ROLES: dict[str, dict[str, Any] | None] = {
    "anonymous": None,
    "partner": {"kind": "partner", "scope": "contacts:read", "purpose": "referral"},
    "regional_office": {
        "kind": "regional_office",
        "sub": "KoBS Bayern",
        "region": "DE-BY",
        "scope": "contacts:read:DE-BY region:DE-BY:write",
        "purpose": "coordination",
    },
    "reviewer": {
        "kind": "national_staff",
        "sub": "NAKOS reviewer",
        "scope": "registry:review",
        "purpose": "administration",
    },
    "national_staff": {
        "kind": "national_staff",
        "sub": "NAKOS staff",
        "scope": "contacts:read rare:contact registry:write registry:review audit:read",
        "purpose": "administration",
    },
    "auditor": {"kind": "auditor", "sub": "Auditor", "scope": "audit:read", "purpose": "audit"},
}

SUBMIT = """
mutation($input: SubmitGroupRegistrationInput!) {
  submitGroupRegistration(input: $input) {
    clientMutationId managementKey
    registration { id state version name group { id } }
    errors { field code message }
  }
}"""

REGISTRATION_FIELDS = """
    clientMutationId
    registration { id state version rejectReason group { id name }
                   review { contactPointAsked organisationAsked websiteChecked notes } }
    errors { field code message }
"""


def transition(name: str, input_type: str) -> str:
    return f"""mutation($input: {input_type}!) {{ {name}(input: $input) {{ {REGISTRATION_FIELDS} }} }}"""


START = transition("startReview", "StartReviewInput")
RECORD = transition("recordReview", "RecordReviewInput")
PUBLISH = transition("publishGroupRegistration", "PublishGroupRegistrationInput")
REJECT = transition("rejectGroupRegistration", "RejectGroupRegistrationInput")
WITHDRAW = transition("withdrawGroupRegistration", "WithdrawGroupRegistrationInput")


@dataclass
class Writer:
    """The private registry's API, called as one of ROLES (or anonymous)."""

    registry: PrivateRegistry
    http: httpx.AsyncClient
    keys: TokenKeys
    statements: list[str] = field(default_factory=list)
    others: dict[str, httpx.AsyncClient] = field(default_factory=dict)

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        role: str = "anonymous",
        headers: dict[str, str] | None = None,
        address: str | None = None,
        claims: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """As `role` (or a token of these `claims`), from the test client's address or from
        `address`."""
        sent = dict(headers or {})
        claims = claims or ROLES[role]
        if claims is not None:
            sent["Authorization"] = f"Bearer {self.keys.mint(claims)}"
        http = self.http if address is None else await self._client(address)
        response = await http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=sent
        )
        assert response.status_code in (200, 429), response.text
        return dict(response.json())

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        body = await self.post(query, variables, **kw)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def _client(self, address: str) -> httpx.AsyncClient:
        if address not in self.others:
            transport = httpx.ASGITransport(app=self.registry.app, client=(address, 4711))
            self.others[address] = httpx.AsyncClient(transport=transport, base_url="http://x")
        return self.others[address]

    async def scalar(self, sql: str, **params: Any) -> Any:
        return await self.registry.db.scalar(sql, **params)

    async def counts(self) -> dict[str, int]:
        """Rows of every table the write path writes."""
        tables = ["groups", "group_topics", "group_contacts", "group_registrations", "change_log"]
        tables.append("mutation_results")
        return {t: int(await self.scalar(f"SELECT count(*) FROM {t}")) for t in tables}

    async def state(self, registration_id: str) -> tuple[str, int]:
        key = int(_key(registration_id))
        row = (
            await self.scalar("SELECT review_state FROM groups WHERE id = :k", k=key),
            await self.scalar("SELECT version FROM groups WHERE id = :k", k=key),
        )
        return str(row[0]), int(row[1])

    def listen(self) -> None:
        engine = self.registry.engine.sync_engine

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            self.statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)


def _key(global_id: str) -> str:
    import base64

    raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
    return raw.rsplit(":", 1)[1]


@pytest.fixture
async def writer(private_registry: PrivateRegistry, token_keys: TokenKeys) -> Any:
    transport = httpx.ASGITransport(app=private_registry.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://private") as http:
        writer = Writer(private_registry, http, token_keys)
        try:
            yield writer
        finally:
            for other in writer.others.values():
                await other.aclose()


async def quiet_topic(writer: Writer) -> tuple[str, int]:
    """The id of a topic with few published groups (so a nested list shows a new one)."""
    key = await writer.scalar(
        "SELECT t.id FROM topics t LEFT JOIN group_topics gt ON gt.topic_id = t.id "
        "GROUP BY t.id ORDER BY count(gt.group_id), t.id LIMIT 1"
    )
    return encode_id("Topic", "nakos", key), int(key)


def registration_input(topic_id: str, **override: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "name": "Zebrafinken Online-Gesprächskreis",
        "description": "Wir treffen uns per Video und sprechen über Angst im Alltag.",
        "topics": [topic_id],
        "format": "DIGITAL",
        "reach": "NATIONWIDE",
        "audience": "AFFECTED",
        "tool": "VIDEO",
        "meetingRule": "FREQ=WEEKLY;BYDAY=TU",
        "meetingTime": "19:00:00",
        "meetingMinutes": 90,
        "website": "https://zebrafinken.example.org",
        "contact": {"name": "Erika Muster", "email": "erika@example.org", "phone": "+49 30 1234"},
        "confirmations": {
            "noProfessionalLeadership": True,
            "notCommercial": True,
            "disclosesFunding": True,
            "neutral": True,
            "confidentialityAgreed": True,
        },
        "noticeVersion": "2026-11",
    }
    value.update(override)
    return value
