"""Field-level access to personal data: the rules, declared once, and the guard on each field.

A protected field is declared with `protected(RULE, description)`. The decision is a function
of the caller and of plain attributes of the returned object (`region_code`, `contact_mode`,
a consent flag), so every source's objects (national or a region's) follow the same rules.
"""

from __future__ import annotations

import enum
import re
from typing import Any

import strawberry
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.schema_directive import Location
from strawberry.types import Info

from regions.sources.protocol import SourceUnavailable

from .auth.kinds import holds, may_use
from .caller import Caller, CallerKind
from .errors import Forbidden
from .protected import Protection


@strawberry.enum(description="Why a protected value is given or missing.")
class ContactAccess(enum.Enum):
    GRANTED = strawberry.enum_value("GRANTED", description="Given (null only if none is kept).")
    REDACTED = strawberry.enum_value(
        "REDACTED", description="The caller lacks the scope, the Land or the purpose for it."
    )
    WITHHELD = strawberry.enum_value(
        "WITHHELD", description="The person did not consent to disclosure to partners."
    )
    VIA_CONTACT_POINT = strawberry.enum_value(
        "VIA_CONTACT_POINT",
        description="Reach it through its contact point: see `contactPoint` for the public "
        "office phone and email.",
    )
    NONE = strawberry.enum_value("NONE", description="The caller may see it, but none is kept.")
    UNAVAILABLE = strawberry.enum_value(
        "UNAVAILABLE",
        description="The data could not be fetched from its source right now; try again later "
        "(the response names the source: REGION_UNAVAILABLE).",
    )


def acts_for(caller: Caller, region: str | None) -> bool:
    """National staff, and a regional office in its own Land, keep the registry: consent
    and contact mode bind what partners see, not what the registry's keepers see."""
    if caller.kind is CallerKind.NATIONAL_STAFF:
        return True
    return (
        caller.kind is CallerKind.REGIONAL_OFFICE
        and region is not None
        and (caller.region == region)
    )


def decide(caller: Caller, obj: Any, rule: Protection) -> ContactAccess:
    """The one decision: public routing first, then the caller's right, then private consent.

    The contact mode is public (`Group.contactMode`), so saying VIA_CONTACT_POINT to anyone
    leaks nothing; consent is only revealed (WITHHELD) to a caller who has the right. A
    scope or purpose the caller's kind may not hold (graph/auth/kinds.py) is no right: claims
    drop it already, and this checks it once more for a Caller made any other way.
    """
    region = getattr(obj, "region_code", None)
    keeper = acts_for(caller, region)
    if rule.contact_mode and not keeper and _via_contact_point(obj):
        return ContactAccess.VIA_CONTACT_POINT
    if (
        caller.purpose not in rule.purposes
        or not caller.may_read(rule.scope, region)
        or not may_use(caller.kind, rule.scope, caller.purpose)  # the kind's bounds, again
    ):
        return ContactAccess.REDACTED
    if rule.consent and not keeper and not getattr(obj, rule.consent, False):
        return ContactAccess.WITHHELD
    return ContactAccess.GRANTED


def _via_contact_point(obj: Any) -> bool:
    mode = getattr(obj, "contact_mode", None)
    return getattr(mode, "value", mode) == "VIA_CONTACT_POINT"


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="hasContactAccess",
    description="Personal data: given only to a caller with the scope (for the object's Land) "
    "and one of the purposes, and, for partners, only with the person's consent.",
)
class HasContactAccessDirective:
    scope: str
    purposes: list[str]
    consent: bool


class HasContactAccess(BasePermission):
    """Guards one protected field; denial is null (never [], which would read as "none")."""

    message = "Contact details are not disclosed to this caller."

    def __init__(self, rule: Protection) -> None:
        self.rule = rule
        self._schema_directive = HasContactAccessDirective(
            scope=rule.scope,
            purposes=[str(p) for p in sorted(rule.purposes)],
            consent=rule.consent is not None or rule.contact_mode,
        )

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        decision = decide(info.context.caller, source, self.rule)
        if decision is ContactAccess.REDACTED:
            info.context.access.redacted(self.rule, info.path.as_list())
        return decision is ContactAccess.GRANTED

    def on_unauthorized(self) -> None:
        return None


class ProtectedField(PermissionExtension):
    """The permission check, plus the audit: every value returned is recorded for the request."""

    def __init__(self, rule: Protection) -> None:
        super().__init__([HasContactAccess(rule)])
        self.rule = rule

    async def resolve_async(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        try:
            value = await super().resolve_async(next_, source, info, **kwargs)
        except SourceUnavailable:
            return None  # null; the response names the source (federation/errors.py)
        if value:
            info.context.access.disclosed(self.rule, source)
        return value


def protected(rule: Protection) -> Any:
    """Decorates the resolver of a field holding personal data (declared in protected.py):
    guarded where it is declared, null unless granted, every value shown recorded."""
    purposes = ", ".join(sorted(rule.purposes))
    note = (
        f" Protected personal data: needs scope `{rule.scope}` (or `{rule.scope}:<Land>` for "
        f"one Land) and a token for one of the purposes {purposes}; null unless granted."
    )
    if rule.consent:
        note += " Partners get it only with the person's consent (else WITHHELD)."
    if rule.contact_mode:
        note += " Groups reached only through their contact point give VIA_CONTACT_POINT."
    field = strawberry.field(description=rule.description + note, extensions=[ProtectedField(rule)])

    def declare(resolver: Any) -> Any:
        if _camel(resolver.__name__) != rule.field_name:
            raise TypeError(f"{resolver.__name__} is guarded by the rule of {rule.field}")
        return field(resolver)

    return declare


def access_field(rule: Protection) -> Any:
    """The reason field (`contactAccess`): why the field `rule` guards is given or missing."""
    field_name = _snake(rule.field_name)

    def resolve(root: Any, info: Info) -> ContactAccess:
        # sync on purpose: a plain answer costs no task; only GRANTED awaits the data
        decision = decide(info.context.caller, root, rule)
        if decision is not ContactAccess.GRANTED:
            return decision
        return _granted_or_none(root, info)  # type: ignore[return-value]

    async def _granted_or_none(root: Any, info: Info) -> ContactAccess:
        definition = type(root).__strawberry_definition__
        resolver = definition.get_field(field_name).base_resolver
        try:
            value = await resolver.wrapped_func(root, info)
        except SourceUnavailable:  # not asked is not "none kept": never NONE for a failure
            return ContactAccess.UNAVAILABLE
        return ContactAccess.GRANTED if value else ContactAccess.NONE

    camel = rule.field_name
    return strawberry.field(
        resolver=resolve,
        description=f"Why `{camel}` is given or missing; `{camel}` is null unless GRANTED.",
    )


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="requiresScope",
    description="Only callers whose token carries this scope; others get FORBIDDEN and null.",
)
class RequiresScopeDirective:
    scope: str


class HasScope(BasePermission):
    """A whole field for one scope (e.g. the audit for audit:read): denied with FORBIDDEN."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.message = f"This field needs a token with scope '{scope}'."
        self._schema_directive = RequiresScopeDirective(scope=scope)

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        caller = info.context.caller
        return caller.has_scope(self.scope) and holds(caller.kind, self.scope, caller.region)

    def on_unauthorized(self) -> None:
        raise Forbidden(self.message or "", self.scope)


def requires_scope(scope: str, description: str) -> Any:
    return strawberry.field(
        description=f"{description} Needs scope `{scope}`.",
        extensions=[PermissionExtension([HasScope(scope)])],
    )


class StaffWithScope(HasScope):
    """A whole field for national staff holding one scope (data-subject requests): anyone
    else, auditors with the same scope included, gets FORBIDDEN."""

    def __init__(self, scope: str) -> None:
        super().__init__(scope)
        self.message = f"This field is for national staff with scope '{scope}'."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        caller = info.context.caller
        return caller.kind is CallerKind.NATIONAL_STAFF and super().has_permission(
            source, info, **kwargs
        )


def requires_staff_scope(scope: str, description: str) -> Any:
    return strawberry.field(
        description=f"{description} National staff with scope `{scope}` only.",
        extensions=[PermissionExtension([StaffWithScope(scope)])],
    )
