"""Mediated mail: how a contact request becomes an email, and the SMTP client that sends it.

The recipient's address is only ever in the mail's `To:`; the sender is its `Reply-To:`, so
the recipient answers the sender directly (and only then does the sender learn the address).
The `Message-ID` is fixed per request when it is made: every attempt sends the same id, so a
mail that did arrive twice (see *Contact mediation* in the README) is one message to the
recipient's mail system.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiosmtplib


@dataclass(frozen=True)
class MailSettings:
    host: str | None
    port: int = 587
    tls: str = "starttls"  # starttls | tls | none
    user: str | None = None
    password_file: Path | None = None
    timeout: float = 15.0
    sender: str = "kontakt@selbsthilfe-graph.invalid"
    abuse_url: str | None = None

    @classmethod
    def of(cls, settings: Any) -> MailSettings:
        return cls(
            host=settings.smtp_host or None,
            port=settings.smtp_port,
            tls=settings.smtp_tls,
            user=settings.smtp_user or None,
            password_file=settings.smtp_password_file,
            timeout=settings.smtp_timeout,
            sender=settings.mail_from,
            abuse_url=settings.contact_abuse_url or None,
        )


class MailRefused(Exception):
    """The server refused the mail for good (5xx): not retried."""


class MailUnavailable(Exception):
    """The server could not be reached or answered 4xx / timed out: retried later."""


SUBJECTS = {
    "Group": "Kontaktanfrage an Ihre Selbsthilfegruppe",
    "ContactPoint": "Kontaktanfrage an Ihre Selbsthilfekontaktstelle",
    "RareConditionSearch": "Kontaktanfrage zu Ihrem Eintrag (seltene Erkrankung)",
}


def compose(
    mail: MailSettings,
    *,
    to: str,
    reply_to: str,
    message: str,
    message_id: str,
    subject_type: str,
    abuse_token: str,
    sent_at: float | None = None,
) -> EmailMessage:
    """The mail a recipient gets: the sender's text, how to answer, how to report abuse."""
    if mail.abuse_url:
        report = f"{mail.abuse_url}?token={quote(abuse_token)}"
    else:
        report = f"die GraphQL-Mutation reportContactAbuse mit dem Schlüssel {abuse_token}"
    body = (
        "Guten Tag,\n\n"
        "über das Selbsthilfe-Verzeichnis hat Ihnen jemand diese Nachricht geschrieben. "
        "Ihre E-Mail-Adresse wurde dabei nicht mitgeteilt. Wenn Sie antworten, geht Ihre "
        "Antwort direkt an die Absenderin oder den Absender (und damit auch Ihre Adresse).\n\n"
        "----- Nachricht -----\n"
        f"{message}\n"
        "---------------------\n\n"
        f"Missbrauch melden (sperrt den Absender für weitere Anfragen): {report}\n"
    )
    out = EmailMessage()
    out["From"] = mail.sender
    out["To"] = to
    out["Reply-To"] = reply_to
    out["Subject"] = SUBJECTS.get(subject_type, "Kontaktanfrage")
    out["Message-ID"] = message_id
    out["Date"] = formatdate(sent_at, localtime=False, usegmt=True)
    out["Auto-Submitted"] = "auto-generated"
    out.set_content(body)
    return out


async def send(mail: MailSettings, message: EmailMessage) -> None:
    """Hand one mail to the SMTP server: MailUnavailable when it may work later, MailRefused
    when it never will."""
    if not mail.host:
        raise MailUnavailable("no SMTP server configured (SHG_SMTP_HOST)")
    password = None
    if mail.password_file is not None:
        password = mail.password_file.read_text().strip()
    try:
        await aiosmtplib.send(
            message,
            hostname=mail.host,
            port=mail.port,
            username=mail.user,
            password=password,
            use_tls=mail.tls == "tls",
            start_tls=mail.tls == "starttls",
            timeout=mail.timeout,
        )
    except aiosmtplib.SMTPResponseException as exc:
        if 500 <= exc.code < 600:
            raise MailRefused(f"{exc.code} {exc.message}") from exc
        raise MailUnavailable(f"{exc.code} {exc.message}") from exc
    except aiosmtplib.SMTPRecipientsRefused as exc:
        raise MailRefused(str(exc)) from exc
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        raise MailUnavailable(f"{type(exc).__name__}: {exc}") from exc
