"""Mediated mail alone: the headers a recipient sees, and no server configured means wait."""

from __future__ import annotations

import pytest

from regions.registry.mail import MailSettings, MailUnavailable, compose, send


def test_the_mail_answers_the_sender_and_names_the_abuse_path() -> None:
    mail = MailSettings(host=None, sender="kontakt@example.org")
    message = compose(
        mail,
        to="gruppe@example.net",
        reply_to="anna@example.org",
        message="Hallo",
        message_id="<contact.1@example.org>",
        subject_type="Group",
        abuse_token="tok-1",
    )
    assert (message["From"], message["To"], message["Reply-To"]) == (
        "kontakt@example.org",
        "gruppe@example.net",
        "anna@example.org",
    )
    assert message["Message-ID"] == "<contact.1@example.org>"
    body = message.get_content()
    assert "Hallo" in body and "reportContactAbuse" in body and "tok-1" in body
    linked = compose(
        MailSettings(host=None, abuse_url="https://selbsthilfe.example/missbrauch"),
        to="a@example.net",
        reply_to="b@example.org",
        message="x",
        message_id="<m@x>",
        subject_type="ContactPoint",
        abuse_token="a b",
    )
    assert "https://selbsthilfe.example/missbrauch?token=a%20b" in linked.get_content()


async def test_without_a_server_the_mail_waits() -> None:
    message = compose(
        MailSettings(host=None),
        to="a@example.net",
        reply_to="b@example.org",
        message="x",
        message_id="<m@x>",
        subject_type="Group",
        abuse_token="t",
    )
    with pytest.raises(MailUnavailable):
        await send(MailSettings(host=None), message)
