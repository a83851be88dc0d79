"""Every protected field, declared once: what disclosing it needs, and what it is.

From these declarations come the guard on the field and its `...Access` reason field
(graph/permissions.py), the `@hasContactAccess` directive and description in schema.graphql,
the README's table of protected fields (`shg schema` writes it, a test compares it), and the
columns of the access matrix in tests/graph/access. To add a protected field: declare it
here, give its type a resolver decorated `@protected(RULE)` (and `access_field(RULE)` if it
needs a reason field), run `shg schema`, add its column to tests/graph/access/table.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from .auth.scopes import CONTACTS_READ, RARE_CONTACT
from .caller import Purpose


@dataclass(frozen=True)
class Protection:
    """What disclosing one field needs: a scope family, a purpose, consent of the person."""

    field: str  # "Type.field" as in the schema and the audit
    scope: str
    purposes: frozenset[Purpose]
    description: str
    # attribute of the object that must be true for partners: read from the consent records
    # (table `consents`) in the statement that reads the object, never a stored flag
    consent: str | None = None
    contact_mode: bool = False  # the object's contact mode may route callers to its contact point
    reason: str | None = None  # the python name of the field saying why it is given or missing

    @property
    def type_name(self) -> str:
        return self.field.partition(".")[0]

    @property
    def field_name(self) -> str:
        """The GraphQL field name (camelCase)."""
        return self.field.partition(".")[2]


CONTACT_PURPOSES = frozenset({Purpose.REFERRAL, Purpose.COORDINATION, Purpose.ADMINISTRATION})

GROUP_CONTACT = Protection(
    "Group.contact",
    CONTACTS_READ,
    CONTACT_PURPOSES,
    "The group's contact person with phone and email.",
    contact_mode=True,
    reason="contact_access",
)
GROUP_MEETING_LINK = Protection(
    "Group.meetingLink",
    CONTACTS_READ,
    CONTACT_PURPOSES,
    "Link to the group's online meetings (digital, hybrid groups).",
    contact_mode=True,
)
ORGANISATION_CONTACTS = Protection(
    "Organisation.contacts",
    CONTACTS_READ,
    CONTACT_PURPOSES,
    "Named contact persons with direct phone and email. Not for `research`: the NAKOS "
    "guideline allows researchers an organisation's institutional name and email address "
    "only (`name`, `officeEmail`, both public), never persons' names and phones.",
    reason="contact_access",
)
CONTACT_POINT_STAFF = Protection(
    "ContactPoint.staff",
    CONTACTS_READ,
    CONTACT_PURPOSES,
    "Named staff with direct phone and email.",
    reason="contact_access",
)
RARE_CONDITION_PERSON = Protection(
    "RareConditionSearch.person",
    RARE_CONTACT,
    frozenset({Purpose.REFERRAL, Purpose.ADMINISTRATION}),
    "Who the person is and how to reach them.",
    consent="consent_to_partners",
    reason="contact_access",
)

PROTECTIONS: tuple[Protection, ...] = (
    GROUP_CONTACT,
    GROUP_MEETING_LINK,
    ORGANISATION_CONTACTS,
    CONTACT_POINT_STAFF,
    RARE_CONDITION_PERSON,
)

TABLE_START = "<!-- protected fields: written by `shg schema` from graph/protected.py -->"
TABLE_END = "<!-- end of protected fields -->"


def table() -> str:
    """The README's table of protected fields: one row per field, one column per purpose."""
    purposes = list(Purpose)
    head = ["field", "scope", *(f"`{p}`" for p in purposes), "partners need", "reason field"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for rule in PROTECTIONS:
        needs = []
        if rule.consent:
            needs.append("the person's consent, a record in force (else `WITHHELD`)")
        if rule.contact_mode:
            needs.append("contact mode DIRECT (else `VIA_CONTACT_POINT`)")
        reason = f"`{_camel(rule.reason)}`" if rule.reason else "–"
        cells = [
            f"`{rule.field}`",
            f"`{rule.scope}` or `{rule.scope}:<Land>`",
            *("yes" if p in rule.purposes else "–" for p in purposes),
            "; ".join(needs) or "–",
            reason,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join([TABLE_START, *lines, TABLE_END])


def with_table(readme: str) -> str:
    """`readme` with its table of protected fields replaced by the declarations'."""
    start, end = readme.index(TABLE_START), readme.index(TABLE_END) + len(TABLE_END)
    return readme[:start] + table() + readme[end:]


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)
