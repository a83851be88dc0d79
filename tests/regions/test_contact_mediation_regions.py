"""Contact mediation for a region's group: the address comes from the region's contacts call
when the mail is sent (NRW's own service over HTTP), never from a copy in the registry, and a
region that is down keeps the request pending."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.ids import encode_id
from regions.registry import contact_delivery
from regions.registry.delivery import Report
from regions.registry.mail import MailSettings
from regions.sources.protocol import GroupFilter
from regions.sources.vocabulary import ContactMode
from tests.conftest import PrivateRegistry
from tests.graph.contact.mail import SmtpServer
from tests.regions.conftest import NrwService

REQUEST = """
mutation($input: RequestContactInput!) {
  requestContact(input: $input) { contactRequest { id } errors { field code } }
}"""
SENDER = "besuch@example.org"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


async def deliver(registry: PrivateRegistry, smtp: SmtpServer) -> Report:
    state = registry.app.state
    mail = MailSettings(host="127.0.0.1", port=smtp.port, tls="none", timeout=5.0)
    return await contact_delivery.deliver_once(state.engine, state.sources, mail, everything=True)


async def direct_nrw_group(registry: PrivateRegistry) -> tuple[str, str]:
    """An NRW group reached directly whose contact (as NRW answers) has an email."""
    source = registry.app.state.sources["DE-NW"]
    page = await source.list_in_key_order(GroupFilter(), 60, None)
    direct = [g.key for g in page.groups if g.contact_mode == ContactMode.DIRECT]
    contacts = await source.contacts_of(direct)
    for key in direct:
        if key in contacts and contacts[key].email:
            return key, str(contacts[key].email)
    raise AssertionError("no NRW group with a contact email")


async def test_an_nrw_group_is_mailed_at_the_address_nrw_gives(
    regions_registry: PrivateRegistry, own_nrw: NrwService, smtp: SmtpServer
) -> None:
    registry = regions_registry
    key, address = await direct_nrw_group(registry)
    group = encode_id("Group", "DE-NW", key)
    body = await registry.gql(
        REQUEST, {"input": {"subjectId": group, "message": "Hallo!", "replyTo": SENDER}}
    )
    assert body["data"]["requestContact"]["errors"] == [], body
    assert address not in str(body)
    # the registry holds no copy of the address
    stored = await registry.db.column("SELECT reply_to FROM contact_requests")
    assert stored == [SENDER]
    # while NRW is down the request waits
    own_nrw.stop()
    report = await deliver(registry, smtp)
    assert (report.delivered, len(report.retrying)) == ([], 1)
    assert smtp.inbox.mails == []
    # once NRW answers, one mail goes to the contact NRW gives
    own_nrw.start()
    assert len((await deliver(registry, smtp)).delivered) == 1
    [(recipients, mail)] = smtp.inbox.mails
    assert recipients == [address] and mail["Reply-To"] == SENDER
    assert (await deliver(registry, smtp)).delivered == []
