"""`subjectAccess`: what the registry and every region hold about one person."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from regions.sources.subjects import BadIdentifier, SubjectMatch

from ..auth.scopes import AUDIT_READ
from ..errors import BadUserInput
from ..permissions import requires_staff_scope
from ..subject_access import report

ARGUMENT = {"email": "email", "phone": "phone", "name": "name"}


def subject_match(email: str | None, phone: str | None, name: str | None) -> SubjectMatch:
    """The identifiers, normalised; BAD_USER_INPUT naming the one that cannot be one."""
    try:
        return SubjectMatch.parse(email, phone, name)
    except BadIdentifier as exc:
        raise BadUserInput(ARGUMENT[exc.field], exc.reason) from None


@strawberry.type
class SubjectQueries:
    @requires_staff_scope(
        AUDIT_READ,
        "A data-subject access report (GDPR art. 15) as one JSON document: every record about "
        "the person in the registry and in every region source, their consents, and every "
        "disclosure of their data (who saw it, when, for which purpose). Matching is exact "
        "after normalising (email: case and space; phone: +49/0049/0 prefixes and separators; "
        "name: case and space); a record is listed when one identifier given matches and none "
        "contradicts it. Give at least one identifier.",
    )
    async def subject_access(
        self,
        info: Info,
        email: Annotated[str | None, strawberry.argument(description="The person's email.")] = None,
        phone: Annotated[
            str | None, strawberry.argument(description="The person's phone, in any usual form.")
        ] = None,
        name: Annotated[
            str | None, strawberry.argument(description="The person's full name.")
        ] = None,
    ) -> JSON | None:
        match = subject_match(email, phone, name)
        context = info.context
        answer: dict[str, Any] = await report(context.engine, context.sources, match)
        return answer
