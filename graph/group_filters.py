"""The filters on groups every list of groups takes (status, audience, language, wheelchair
access), as arguments and as the part of the pushed-down filter they make."""

from __future__ import annotations

import re
from typing import Annotated, Any

import strawberry

from regions.sources.search.query import NOT_ENDED

from .errors import BadUserInput
from .types.enums import Audience, GroupStatus

LANGUAGE = re.compile(r"[a-z]{2}")

Statuses = Annotated[
    list[GroupStatus] | None,
    strawberry.argument(
        description="Only groups in one of these states; ACTIVE, FOUNDING and PAUSED unless "
        "given (ENDED groups only when asked for)."
    ),
]
AudienceArg = Annotated[
    Audience | None,
    strawberry.argument(
        description="Only groups open to this audience: AFFECTED or RELATIVES also find groups "
        "for BOTH; BOTH finds only groups for both."
    ),
]
Language = Annotated[
    str | None,
    strawberry.argument(
        description='Only groups that meet in this language (ISO 639-1 code, e.g. "tr").'
    ),
]
Wheelchair = Annotated[
    bool | None,
    strawberry.argument(
        description="true: only groups whose meeting place is wheelchair accessible; false: "
        "only those known not to be (unknown is neither)."
    ),
]

OpenForNewMembers = Annotated[
    bool | None,
    strawberry.argument(
        description="true: only groups taking new members; false: only groups that are not."
    ),
]


def group_facts(
    status: list[Any] | None,
    audience: Any | None,
    language: str | None,
    wheelchair_accessible: bool | None,
) -> dict[str, Any]:
    """The GroupFilter fields of these arguments; BAD_USER_INPUT names a bad one."""
    if status is not None and not status:
        raise BadUserInput("status", "give at least one state, or leave it out")
    if language is not None:
        language = language.strip().lower()
        if not LANGUAGE.fullmatch(language):
            raise BadUserInput("language", "an ISO 639-1 code of two letters, e.g. de")
    return {
        "statuses": NOT_ENDED if status is None else tuple(dict.fromkeys(status)),
        "audience": audience,
        "language": language,
        "wheelchair_accessible": wheelchair_accessible,
    }
