"""Pure checks of mutation input: each problem names its field; no database, no GraphQL errors.

A `Checks` collects the problems of one input, so the caller hears of all of them at once.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..errors import BadUserInput
from ..ids import decode_int_key
from .base import MutationError, MutationErrorCode, problem

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9 ()/-]{5,40}")
RRULE = re.compile(r"FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Checks:
    def __init__(self) -> None:
        self.errors: list[MutationError] = []

    def add(self, field: str | None, code: MutationErrorCode, message: str) -> None:
        self.errors.append(problem(field, code, message))

    def text(
        self, field: str, value: str | None, maximum: int, *, required: bool = False
    ) -> str | None:
        """Trimmed text, or None when blank; REQUIRED, TOO_LONG or INVALID (control
        characters, which PostgreSQL cannot hold or a reader cannot see) otherwise."""
        cleaned = (value or "").strip()
        if not cleaned:
            if required:
                self.add(field, MutationErrorCode.REQUIRED, "must not be blank")
            return None
        if len(cleaned) > maximum:
            self.add(field, MutationErrorCode.TOO_LONG, f"at most {maximum} characters")
            return None
        if CONTROL.search(cleaned):
            self.add(field, MutationErrorCode.INVALID, "must not contain control characters")
            return None
        return cleaned

    def email(self, field: str, value: str | None, *, required: bool = False) -> str | None:
        cleaned = self.text(field, value, 200, required=required)
        if cleaned is not None and not EMAIL.fullmatch(cleaned):
            self.add(field, MutationErrorCode.INVALID, "not an email address")
            return None
        return cleaned

    def phone(self, field: str, value: str | None) -> str | None:
        cleaned = self.text(field, value, 40)
        if cleaned is not None and not PHONE.fullmatch(cleaned):
            self.add(field, MutationErrorCode.INVALID, "digits, spaces, + ( ) / - only")
            return None
        return cleaned

    def url(self, field: str, value: str | None) -> str | None:
        cleaned = self.text(field, value, 300)
        if cleaned is None:
            return None
        parts = urlsplit(cleaned)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in cleaned:
            self.add(field, MutationErrorCode.INVALID, "an http or https address")
            return None
        return cleaned

    def rrule(self, field: str, value: str | None) -> str | None:
        cleaned = self.text(field, value, 120)
        if cleaned is not None and not RRULE.fullmatch(cleaned.upper()):
            self.add(
                field, MutationErrorCode.INVALID, "an RFC 5545 rule such as FREQ=WEEKLY;BYDAY=TU"
            )
            return None
        return cleaned.upper() if cleaned else None

    def whole(self, field: str, value: int | None, low: int, high: int) -> int | None:
        if value is not None and not low <= value <= high:
            self.add(field, MutationErrorCode.INVALID, f"between {low} and {high}")
            return None
        return value

    def confirmed(self, field: str, value: bool) -> None:
        if value is not True:
            self.add(field, MutationErrorCode.REQUIRED, "must be confirmed")

    def key(self, field: str, value: str | None, type_name: str) -> int | None:
        """The registry key of a global id of this type; INVALID for anything else."""
        if value is None:
            return None
        try:
            return decode_int_key(value, type_name, field)
        except BadUserInput:
            self.add(field, MutationErrorCode.INVALID, f"not an id of a {type_name}")
            return None
