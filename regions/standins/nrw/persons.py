"""Who a data-subject request is about, and whether one of NRW's records is about them.

NRW's own rules, agreed with the graph (which asks every store the same way): matching is
exact after normalising: an email by case and surrounding space; a phone by its digits
(`+49 89 123-45/67`, `0049 (0)89 1234567` and `089 1234567` are one number); a name by case
and runs of white space. Email and phone identify: a record holding a given one is about the
person when every given one it holds agrees, its name notwithstanding; a record holding
neither is about them when the name agrees. Free text (a correction) is about the person when
it mentions a given email, phone or name as a whole word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, func, or_

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE_NOISE = re.compile(r"[\s/().\-]")
PHONE_SEPARATORS = (" ", "/", "-", "(", ")", ".", "+")
MAX_LENGTH = 200
CONTROL = {"Cc", "Cs", "Co", "Cn"}  # control, surrogate, private, unassigned: never a name


class BadIdentifier(ValueError):
    """An identifier that cannot be one: `field` names it (email, phone or name)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def normal_email(value: str | None) -> str | None:
    if value is None:
        return None
    email = value.strip().casefold()
    return email or None


def normal_phone(value: str | None) -> str | None:
    """The national form: `0` and the digits after the country code (`+49`, `0049`), without
    the `(0)` some write after it; None when there are no digits."""
    if value is None:
        return None
    text = value.strip().replace("(0)", "")
    plus = text.startswith("+")
    digits = re.sub(r"\D", "", text)
    if not digits:
        return None
    if plus and digits.startswith("49"):
        return "0" + digits[2:]
    if digits.startswith("0049"):
        return "0" + digits[4:]
    if plus:
        return "00" + digits  # another country: its international form
    return digits


def normal_name(value: str | None) -> str | None:
    if value is None:
        return None
    name = " ".join(value.split()).casefold()
    return name or None


@dataclass(frozen=True, slots=True)
class SubjectMatch:
    """The normalised identifiers of one person (at least one of them)."""

    email: str | None = None
    phone: str | None = None
    name: str | None = None

    @classmethod
    def parse(
        cls, email: str | None = None, phone: str | None = None, name: str | None = None
    ) -> SubjectMatch:
        """Raises BadIdentifier for one that cannot be one, or when none is given."""
        for label, value in (("email", email), ("phone", phone), ("name", name)):
            if value is not None and len(value) > MAX_LENGTH:
                raise BadIdentifier(label, f"at most {MAX_LENGTH} characters")
            if value is not None and any(unicodedata.category(ch) in CONTROL for ch in value):
                raise BadIdentifier(label, "holds control characters")
        match = cls(normal_email(email), normal_phone(phone), normal_name(name))
        if match.email is not None and not EMAIL.fullmatch(match.email):
            raise BadIdentifier("email", "not an email address")
        if match.phone is not None and not 5 <= len(match.phone) <= 20:
            raise BadIdentifier("phone", "not a phone number")
        if phone is not None and phone.strip() and match.phone is None:
            raise BadIdentifier("phone", "not a phone number")
        if match.name is not None and len(match.name) < 3:
            raise BadIdentifier("name", "too short to name a person")
        if match.empty:
            raise BadIdentifier("email", "give at least one of email, phone and name")
        return match

    @property
    def empty(self) -> bool:
        return self.email is None and self.phone is None and self.name is None

    def as_dict(self) -> dict[str, str | None]:
        return {"email": self.email, "phone": self.phone, "name": self.name}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SubjectMatch:
        """From `as_dict` (already normalised; normalised once more, which changes nothing)."""
        return cls(
            normal_email(data.get("email")),
            normal_phone(data.get("phone")),
            normal_name(data.get("name")),
        )

    def phone_forms(self) -> list[str]:
        """How the phone may be written once the separators are gone (for a SQL prefilter)."""
        if self.phone is None:
            return []
        if not self.phone.startswith("0") or self.phone.startswith("00"):
            return [self.phone, "+" + self.phone[2:], self.phone[2:]]
        rest = self.phone[1:]
        return [self.phone, "49" + rest, "0049" + rest, "490" + rest, "00490" + rest]

    def matched_on(
        self, email: str | None = None, phone: str | None = None, name: str | None = None
    ) -> list[str]:
        """The identifiers a record with these values matches on; [] when it is not about the
        person. Email and phone identify: when the record holds one that is given, every such
        one must agree (another email or phone is another person), and then the name does not
        matter (people write names differently). A record holding neither given is matched by
        the name alone."""
        mine = {"email": self.email, "phone": self.phone}
        theirs = {"email": normal_email(email), "phone": normal_phone(phone)}
        shared = [key for key in mine if mine[key] is not None and theirs[key] is not None]
        if any(mine[key] != theirs[key] for key in shared):
            return []
        held_name = normal_name(name)
        named = self.name is not None and held_name is not None and self.name == held_name
        if shared:
            return [*shared, *(["name"] if named else [])]
        return ["name"] if named else []

    def mentioned_in(self, *texts: str | None) -> list[str]:
        """The identifiers free text mentions as a whole word or number."""
        found = []
        for text in texts:
            if not text:
                continue
            lowered = " ".join(text.split()).casefold()
            if self.email and _whole(self.email, lowered, r"[\w.@+-]"):
                found.append("email")
            if self.phone and self._phone_in(text):
                found.append("phone")
            if self.name and _whole(self.name, lowered, r"\w"):
                found.append("name")
        return sorted(set(found))

    def _phone_in(self, text: str) -> bool:
        for run in re.findall(r"\+?[\d\s/().\-]{5,}", text):
            if normal_phone(run.replace("(0)", "")) == self.phone:
                return True
        return False

    # SQL prefilters: a superset of the matches, narrowed exactly in Python afterwards
    def prefilter(
        self, email: Any = None, phone: Any = None, name: Any = None
    ) -> ColumnElement[bool]:
        """Rows that may match on one of the identifiers (columns of a region's or the
        registry's table; a column missing is None)."""
        terms: list[ColumnElement[bool]] = []
        if self.email and email is not None:
            terms.append(func.lower(func.trim(email)) == self.email)
        if self.phone and phone is not None:
            terms.append(phone_digits(phone).in_(self.phone_forms()))
        if self.name and name is not None:
            terms.append(func.lower(func.trim(name)) == self.name)
        return or_(*terms) if terms else false()

    def text_prefilter(self, *columns: Any) -> ColumnElement[bool]:
        """Free-text columns that may mention one of the identifiers."""
        terms: list[ColumnElement[bool]] = []
        for column in columns:
            if self.email:
                terms.append(func.lower(column).contains(self.email, autoescape=True))
            if self.phone:
                tail = self.phone[-4:]
                terms.append(phone_digits(column).contains(tail, autoescape=True))
            if self.name:
                last = self.name.split()[-1]
                terms.append(func.lower(column).contains(last, autoescape=True))
        return or_(*terms) if terms else false()


def _whole(needle: str, haystack: str, word: str) -> bool:
    return re.search(rf"(?<!{word}){re.escape(needle)}(?!{word})", haystack) is not None


def phone_digits(column: Any) -> Any:
    """The column without the separators people write phones with (SQLite and PostgreSQL)."""
    expr = column
    for sep in PHONE_SEPARATORS:
        expr = func.replace(expr, sep, "")
    return expr
