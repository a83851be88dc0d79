"""Consent scopes and channels as the API names them (the registry's records: consents)."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="What a person consented to.")
class ConsentScope(enum.Enum):
    PUBLISH = strawberry.enum_value("PUBLISH", description="List the entry (without contact).")
    PASS_TO_PARTNERS = strawberry.enum_value(
        "PASS_TO_PARTNERS",
        description="Pass the contact data to partners with the scope and purpose for it.",
    )
    NATIONWIDE_CONTACT = strawberry.enum_value(
        "NATIONWIDE_CONTACT", description="Be the nationwide contact for the condition."
    )


@strawberry.enum(description="How a consent or its withdrawal reached the registry.")
class ConsentChannel(enum.Enum):
    SELF_SERVICE = strawberry.enum_value(
        "SELF_SERVICE", description="The person, through the API's own forms."
    )
    PAPER = strawberry.enum_value("PAPER", description="A signed form.")
    PHONE = strawberry.enum_value("PHONE", description="By phone to registry staff.")
    EMAIL = strawberry.enum_value("EMAIL", description="By email to registry staff.")
    MIGRATED = strawberry.enum_value(
        "MIGRATED", description="Converted from the registry's former yes/no flag."
    )
