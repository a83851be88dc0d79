"""Contact mediation from the outside: anonymous `requestContact` over HTTP, mails received by
a real SMTP server on loopback, the protected address never in any answer."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from graph.ids import decode_id, encode_id
from graph.settings import Settings
from regions.registry import retention
from regions.registry.store import changes
from tests.conftest import PrivateRegistry, open_private_registry
from tests.graph.contact.conftest import deliver, mail_settings, write
from tests.graph.contact.mail import SmtpServer

REQUEST = """
mutation($input: RequestContactInput!) {
  requestContact(input: $input) {
    clientMutationId
    contactRequest { id subjectId createdAt }
    errors { field code message }
  }
}"""
ABUSE = """
mutation($input: ReportContactAbuseInput!) {
  reportContactAbuse(input: $input) { reported errors { field code } }
}"""
ROUTES = """
query($id: ID!) { node(id: $id) { ... on Group { contactRoutes { kind contactPoint { id } } } } }
"""
SENDER = "ratsuchende@example.org"
TEXT = "Guten Tag, ich würde gerne einmal zu Ihrem Treffen kommen. Wann ist das nächste?"


async def direct_group(registry: PrivateRegistry) -> tuple[str, str]:
    """A published DIRECT registry group whose contact has an email: its id and the email."""
    row = (
        await registry.db.column(
            "SELECT g.id || ' ' || c.email FROM groups g JOIN group_contacts c "
            "ON c.group_id = g.id WHERE g.review_state = 'PUBLISHED' "
            "AND g.contact_mode = 'DIRECT' AND c.email IS NOT NULL ORDER BY g.id LIMIT 1"
        )
    )[0]
    key, address = row.split(" ", 1)
    return encode_id("Group", "nakos", key), address


async def request(registry: PrivateRegistry, subject: str, **extra: Any) -> dict[str, Any]:
    data = {"subjectId": subject, "message": TEXT, "replyTo": SENDER, **extra}
    body = await registry.gql(REQUEST, {"input": data})
    return body


def accepted(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    payload = body["data"]["requestContact"]
    assert payload["errors"] == [], payload
    return dict(payload["contactRequest"])


async def rows(registry: PrivateRegistry) -> int:
    return int(await registry.db.scalar("SELECT count(*) FROM contact_requests"))


async def test_an_anonymous_request_is_mailed_once_to_the_protected_address(
    mediated: PrivateRegistry, smtp: SmtpServer
) -> None:
    group, address = await direct_group(mediated)
    # the group offers a mediated route
    routes = (await mediated.gql(ROUTES, {"id": group}))["data"]["node"]["contactRoutes"]
    assert {"kind": "MEDIATED", "contactPoint": None} in routes
    # when an anonymous visitor writes to it, and retries with the same key
    first = await request(mediated, group, clientMutationId="visit-1")
    again = await request(mediated, group, clientMutationId="visit-1")
    # then one request is accepted, the retry answers with it, and no answer holds the address
    assert accepted(first)["id"] == accepted(again)["id"]
    assert accepted(first)["subjectId"] == group
    for body in (first, again, routes):
        assert address.lower() not in json.dumps(body).lower()
    assert await rows(mediated) == 1
    # when the deliverer runs (twice)
    assert len((await deliver(mediated)).delivered) == 1
    assert (await deliver(mediated)).delivered == []
    # then exactly one mail went to the protected address, answerable to the sender
    [(recipients, mail)] = smtp.inbox.mails
    assert recipients == [address]
    assert mail["To"] == address and mail["Reply-To"] == SENDER
    assert mail["From"] == "kontakt@selbsthilfe.test"
    assert TEXT in mail.get_content()
    stored = await mediated.db.column("SELECT message_id FROM contact_requests")
    assert mail["Message-ID"] == stored[0]
    # and the delivery is recorded
    [attempts] = await mediated.db.column("SELECT attempts FROM contact_requests")
    assert attempts == 1
    assert (
        await mediated.db.scalar("SELECT count(*) FROM contact_requests WHERE sent_at IS NOT NULL")
        == 1
    )
    # and the change log names the sender's data only as set
    [fields] = await mediated.db.column(
        "SELECT fields FROM change_log WHERE action = 'requestContact'"
    )
    assert SENDER not in str(fields) and TEXT not in str(fields)


async def test_smtp_down_keeps_it_pending_with_backoff_and_it_arrives_once(
    mediated: PrivateRegistry, smtp: SmtpServer
) -> None:
    group, address = await direct_group(mediated)
    smtp.stop()  # nothing listens on the port now
    accepted(await request(mediated, group))
    # a pass while the server is down keeps it pending, retried later
    before = datetime.now(UTC)
    report = await deliver(mediated, everything=False)
    assert (report.delivered, len(report.retrying)) == ([], 1)
    error = await mediated.db.scalar("SELECT last_error FROM contact_requests")
    assert error
    due = await mediated.db.scalar("SELECT next_attempt_at FROM contact_requests")
    due = due if isinstance(due, datetime) else datetime.fromisoformat(str(due))
    due = due if due.tzinfo else due.replace(tzinfo=UTC)
    assert due >= before + timedelta(seconds=4)
    # not due yet: the next pass leaves it alone
    report = await deliver(mediated, everything=False)
    assert report.delivered == [] and report.retrying == []
    # a second failure doubles the wait
    report = await deliver(mediated)
    assert len(report.retrying) == 1
    due2 = await mediated.db.scalar("SELECT next_attempt_at FROM contact_requests")
    due2 = due2 if isinstance(due2, datetime) else datetime.fromisoformat(str(due2))
    due2 = due2 if due2.tzinfo else due2.replace(tzinfo=UTC)
    assert due2 - datetime.now(UTC) > timedelta(seconds=8)
    # when the server is up again
    smtp.start()
    assert len((await deliver(mediated)).delivered) == 1
    assert (await deliver(mediated)).delivered == []
    assert [r for r, _ in smtp.inbox.mails] == [[address]]
    assert await mediated.db.scalar("SELECT attempts FROM contact_requests") == 3


async def test_an_interrupted_attempt_is_never_sent_again(
    mediated: PrivateRegistry, smtp: SmtpServer
) -> None:
    group, _ = await direct_group(mediated)
    accepted(await request(mediated, group))
    # given a deliverer claimed the row and died before recording the outcome
    await write(mediated, "UPDATE contact_requests SET attempts = 1, last_error = NULL")
    # then the row is not sent again (at most once) and says why
    report = await deliver(mediated)
    assert report.delivered == [] and len(report.refused) == 1
    assert smtp.inbox.mails == []
    assert "in doubt" in str(await mediated.db.scalar("SELECT last_error FROM contact_requests"))


async def test_via_contact_point_goes_to_the_contact_point(
    mediated: PrivateRegistry, smtp: SmtpServer
) -> None:
    row = (
        await mediated.db.column(
            "SELECT g.id || ' ' || p.id || ' ' || p.office_email FROM groups g "
            "JOIN contact_points p ON p.id = g.contact_point_id "
            "WHERE g.review_state = 'PUBLISHED' AND g.contact_mode = 'VIA_CONTACT_POINT' "
            "AND p.office_email IS NOT NULL ORDER BY g.id LIMIT 1"
        )
    )[0]
    key, point, office = row.split(" ", 2)
    group = encode_id("Group", "nakos", key)
    routes = (await mediated.gql(ROUTES, {"id": group}))["data"]["node"]["contactRoutes"]
    point_id = encode_id("ContactPoint", "nakos", point)
    assert {"kind": "CONTACT_POINT_OFFICE", "contactPoint": {"id": point_id}} in routes
    assert {"kind": "MEDIATED", "contactPoint": None} in routes
    accepted(await request(mediated, group))
    assert len((await deliver(mediated)).delivered) == 1
    [(recipients, mail)] = smtp.inbox.mails
    assert recipients == [office] and mail["Reply-To"] == SENDER


async def test_a_contact_point_without_a_public_address_is_reached_through_its_staff(
    mediated: PrivateRegistry, smtp: SmtpServer
) -> None:
    # The demo routes no group to an office without a public address any more (that was the
    # dead end), so plant one: a published group routed via its contact point, whose office
    # loses its public phone and email and has one staff member with an email.
    key, point = (
        await mediated.db.column(
            "SELECT g.id || ' ' || g.contact_point_id FROM groups g "
            "WHERE g.review_state = 'PUBLISHED' AND g.status <> 'ENDED' "
            "AND g.contact_mode = 'VIA_CONTACT_POINT' ORDER BY g.id LIMIT 1"
        )
    )[0].split(" ")
    address = "team.planted@example.org"
    async with mediated.engine.begin() as conn:
        await conn.execute(
            text(
                "UPDATE contact_points SET office_email = NULL, office_phone = NULL WHERE id = :p"
            ),
            {"p": int(point)},
        )
        await conn.execute(
            text("DELETE FROM contact_point_staff WHERE contact_point_id = :p"), {"p": int(point)}
        )
        await conn.execute(
            text(
                "INSERT INTO contact_point_staff (contact_point_id, name, email) "
                "VALUES (:p, 'Team Kontaktstelle', :e)"
            ),
            {"p": int(point), "e": address},
        )
    group = encode_id("Group", "nakos", key)
    # the dead end of before: no public office contact, yet a mediated route
    routes = (await mediated.gql(ROUTES, {"id": group}))["data"]["node"]["contactRoutes"]
    assert routes == [{"kind": "MEDIATED", "contactPoint": None}]
    body = await request(mediated, group)
    accepted(body)
    assert address not in json.dumps(body)
    assert len((await deliver(mediated)).delivered) == 1
    [(recipients, mail)] = smtp.inbox.mails
    assert recipients == [address] and mail["Reply-To"] == SENDER


async def test_a_request_costs_a_fixed_number_of_statements(mediated: PrivateRegistry) -> None:
    from sqlalchemy import event

    group, _ = await direct_group(mediated)
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = mediated.app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        accepted(await request(mediated, group))
        plain = len(seen)
        seen.clear()
        accepted(await request(mediated, group, message=TEXT + "?", clientMutationId="k-1"))
        keyed = len(seen)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    # blocked?, the group and its contact, the counts, insert, change log, read back (no
    # version bump: no query reads contact requests, so the response cache stays valid)
    assert plain == 6, plain
    assert keyed == plain + 2  # look-up and remembered result


async def test_refusals_are_coded_and_change_nothing(mediated: PrivateRegistry) -> None:
    group, address = await direct_group(mediated)
    logged = await mediated.db.scalar("SELECT count(*) FROM change_log")
    cases = [
        ({"message": "x" * 2001}, "message", "TOO_LONG"),
        ({"message": "   "}, "message", "REQUIRED"),
        ({"message": "Schauen Sie auf https://example.org/angebot"}, "message", "INVALID"),
        ({"message": "Mehr unter www.beispiel.de"}, "message", "INVALID"),
        ({"message": "Mehr unter beispiel-angebot.com/x"}, "message", "INVALID"),
        ({"replyTo": "kein-mail"}, "replyTo", "INVALID"),
        ({"replyTo": "a@b"}, "replyTo", "INVALID"),
        ({"subjectId": "nonsense"}, "subjectId", "INVALID"),
        ({"subjectId": encode_id("Topic", "nakos", 1)}, "subjectId", "INVALID"),
        ({"subjectId": encode_id("Group", "nakos", 99999999)}, "subjectId", "UNKNOWN_ID"),
    ]
    for extra, field, code in cases:
        body = await request(mediated, group, **extra)
        assert "errors" not in body, body
        payload = body["data"]["requestContact"]
        assert payload["contactRequest"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)], extra
        assert address not in json.dumps(body)
    assert await rows(mediated) == 0
    assert await mediated.db.scalar("SELECT count(*) FROM change_log") == logged


async def test_a_group_without_a_mediated_route_is_refused_without_more_detail(
    mediated: PrivateRegistry,
) -> None:
    [key] = await mediated.db.column(
        "SELECT g.id FROM groups g LEFT JOIN group_contacts c ON c.group_id = g.id "
        "WHERE g.review_state = 'PUBLISHED' AND g.contact_mode = 'DIRECT' "
        "AND (c.email IS NULL OR c.email = '') ORDER BY g.id LIMIT 1"
    ) or [None]
    if key is None:  # every DIRECT group has an email: make one without
        [key] = await mediated.db.column(
            "SELECT g.id FROM groups g WHERE g.review_state = 'PUBLISHED' "
            "AND g.contact_mode = 'DIRECT' ORDER BY g.id LIMIT 1"
        )
        await write(mediated, "UPDATE group_contacts SET email = NULL WHERE group_id = :k", k=key)
    group = encode_id("Group", "nakos", key)
    routes = (await mediated.gql(ROUTES, {"id": group}))["data"]["node"]["contactRoutes"]
    assert "MEDIATED" not in [r["kind"] for r in routes]
    payload = (await request(mediated, group))["data"]["requestContact"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("subjectId", "NO_CONTACT_ROUTE")
    ]
    assert await rows(mediated) == 0


async def test_rate_limits_per_sender_and_per_recipient(
    backend: str, settings: Settings, tmp_path: Path, smtp: SmtpServer
) -> None:
    own = mail_settings(settings, smtp, contact_sender_per_day=2, contact_recipient_per_day=3)
    async with open_private_registry(backend, own, tmp_path) as registry:
        group, _ = await direct_group(registry)
        accepted(await request(registry, group))
        accepted(await request(registry, group, message=TEXT + " (2)"))
        # a third from the same sender (any recipient, any case of the address)
        limited = await request(registry, group, message=TEXT + " (3)", replyTo=SENDER.upper())
        assert limited["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert await rows(registry) == 2
        # another sender to the same recipient: its third request overall passes, a fourth not
        accepted(await request(registry, group, replyTo="zweite@example.org"))
        limited = await request(registry, group, replyTo="dritte@example.org")
        assert limited["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert await rows(registry) == 3


async def test_links_pass_when_the_operator_allows_them(
    backend: str, settings: Settings, tmp_path: Path, smtp: SmtpServer
) -> None:
    own = mail_settings(settings, smtp, contact_allow_links=True)
    async with open_private_registry(backend, own, tmp_path) as registry:
        group, _ = await direct_group(registry)
        accepted(await request(registry, group, message="Siehe https://example.org"))


async def test_an_abuse_report_blocks_the_sender(
    mediated: PrivateRegistry, smtp: SmtpServer
) -> None:
    group, _ = await direct_group(mediated)
    accepted(await request(mediated, group))
    await deliver(mediated)
    [(_, mail)] = smtp.inbox.mails
    match = re.search(r"Schlüssel (\S+)", mail.get_content())
    assert match, mail.get_content()
    token = match.group(1)
    # a wrong token changes nothing
    wrong = await mediated.gql(ABUSE, {"input": {"token": "falsch"}})
    assert wrong["data"]["reportContactAbuse"] == {
        "reported": False,
        "errors": [{"field": "token", "code": "UNKNOWN_ID"}],
    }
    # the recipient reports it
    done = await mediated.gql(ABUSE, {"input": {"token": token}})
    assert done["data"]["reportContactAbuse"] == {"reported": True, "errors": []}
    assert await mediated.db.scalar("SELECT count(*) FROM contact_blocks") == 1
    # the sender can send no more (any recipient), another sender still can
    blocked = (await request(mediated, group, message=TEXT + "!"))["data"]["requestContact"]
    assert [(e["field"], e["code"]) for e in blocked["errors"]] == [("replyTo", "BLOCKED")]
    accepted(await request(mediated, group, replyTo="andere@example.org"))


async def test_retention_erases_the_senders_data_and_keeps_the_delivery_record(
    mediated: PrivateRegistry,
) -> None:
    group, _ = await direct_group(mediated)
    accepted(await request(mediated, group))
    await deliver(mediated)
    engine = mediated.app.state.engine
    policy = retention.Policy()
    soon = await retention.run(engine, policy, datetime.now(UTC) + timedelta(days=29))
    assert soon.counts["contact_requests"] == 0
    later = await retention.run(engine, policy, datetime.now(UTC) + timedelta(days=31))
    assert later.counts["contact_requests"] == 1
    [kept] = await mediated.db.column(
        "SELECT count(*) FROM contact_requests WHERE reply_to IS NULL AND message IS NULL "
        "AND sender_hash IS NULL AND sent_at IS NOT NULL AND attempts = 1"
    )
    assert kept == 1
    again = await retention.run(engine, policy, datetime.now(UTC) + timedelta(days=31))
    assert again.counts["contact_requests"] == 0


async def test_a_rare_condition_entry_is_reached_only_with_the_persons_consent(
    mediated: PrivateRegistry, smtp: SmtpServer
) -> None:
    found = await mediated.db.column(
        "SELECT s.id || ' ' || p.email FROM rare_condition_searches s "
        "JOIN rare_condition_persons p ON p.search_id = s.id "
        "WHERE s.review_state = 'PUBLISHED' AND s.expires_on >= CURRENT_DATE "
        "AND p.email IS NOT NULL AND EXISTS (SELECT 1 FROM consents c WHERE "
        "c.subject_kind = 'RARE_CONDITION_ENTRY' AND c.subject_id = s.id "
        "AND c.scope = 'PUBLISH' AND c.withdrawn_at IS NULL) ORDER BY s.id LIMIT 2"
    )
    (first, person), (second, _) = (r.split(" ", 1) for r in found)
    accepted(await request(mediated, encode_id("RareConditionSearch", "nakos", first)))
    assert len((await deliver(mediated)).delivered) == 1
    [(recipients, mail)] = smtp.inbox.mails
    assert recipients == [person] and mail["Reply-To"] == SENDER
    # without the consent in force, no request
    await write(
        mediated,
        "UPDATE consents SET withdrawn_at = CURRENT_TIMESTAMP WHERE subject_kind = "
        "'RARE_CONDITION_ENTRY' AND subject_id = :k AND scope = 'PUBLISH'",
        k=int(second),
    )
    entry = encode_id("RareConditionSearch", "nakos", second)
    payload = (await request(mediated, entry, replyTo="x@example.org"))["data"]["requestContact"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("subjectId", "NO_CONTACT_ROUTE")
    ]
    assert await rows(mediated) == 1


async def test_a_group_not_yet_published_cannot_be_written_to(mediated: PrivateRegistry) -> None:
    # given a DIRECT group with an email that is back in review (not published)
    group, _ = await direct_group(mediated)
    key = int(decode_id(group).key)
    await write(mediated, "UPDATE groups SET review_state = 'IN_REVIEW' WHERE id = :k", k=key)
    # then a request is refused like an unknown id (no hint that the group exists), and
    # nothing is written: no request, no change-log entry
    logged = await mediated.db.scalar("SELECT count(*) FROM change_log")
    payload = (await request(mediated, group))["data"]["requestContact"]
    assert payload["contactRequest"] is None
    assert [e["field"] for e in payload["errors"]] == ["subjectId"]
    assert payload["errors"][0]["code"] in {"UNKNOWN_ID", "NO_CONTACT_ROUTE"}
    assert await rows(mediated) == 0
    assert await mediated.db.scalar("SELECT count(*) FROM change_log") == logged


async def test_a_failing_change_log_write_leaves_no_request_and_the_retry_goes_through_once(
    mediated: PrivateRegistry, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    group, address = await direct_group(mediated)
    logged = await mediated.db.scalar("SELECT count(*) FROM change_log")

    async def failing(*_args: object) -> None:
        raise RuntimeError("change log unavailable")

    monkeypatch.setattr(changes, "log_change", failing)
    # when the change-log write fails after the request's row was inserted
    body = await request(mediated, group, clientMutationId="k-log")
    # then the caller gets an error, and there is no request to deliver (no mail goes out)
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert await rows(mediated) == 0
    assert await mediated.db.scalar("SELECT count(*) FROM change_log") == logged
    assert len((await deliver(mediated)).delivered) == 0 and smtp.inbox.mails == []
    # and with the log working again the same request goes through once, with its entry
    monkeypatch.undo()
    accepted(await request(mediated, group, clientMutationId="k-log"))
    accepted(await request(mediated, group, clientMutationId="k-log"))
    assert await rows(mediated) == 1
    assert await mediated.db.scalar("SELECT count(*) FROM change_log") == logged + 1
    assert len((await deliver(mediated)).delivered) == 1
    assert [recipients for recipients, _ in smtp.inbox.mails] == [[address]]
