"""How scopes and the region claim fence a caller to Länder."""

from __future__ import annotations

import pytest

from graph.auth.claims import caller_from_claims
from graph.auth.tokens import TokenRejected
from graph.caller import ANONYMOUS, Caller, CallerKind


def test_an_unfenced_scope_grants_every_land_and_nationwide_objects() -> None:
    caller = Caller(kind=CallerKind.PARTNER, scopes=frozenset({"contacts:read"}))
    assert caller.regions_for("contacts:read") is None
    assert caller.may_read("contacts:read", "DE-NW") and caller.may_read("contacts:read", None)


def test_a_region_claim_fences_the_unfenced_scope() -> None:
    caller = Caller(kind=CallerKind.PARTNER, scopes=frozenset({"contacts:read"}), region="DE-BY")
    assert caller.regions_for("contacts:read") == {"DE-BY"}
    assert caller.may_read("contacts:read", "DE-BY")
    assert not caller.may_read("contacts:read", "DE-NW")
    assert not caller.may_read("contacts:read", None)


def test_land_scopes_add_up_and_do_not_leak_into_other_families() -> None:
    scopes = frozenset({"contacts:read:DE-BY", "contacts:read:DE-HE", "rare:contact:DE-NW"})
    caller = Caller(kind=CallerKind.PARTNER, scopes=scopes)
    assert caller.regions_for("contacts:read") == {"DE-BY", "DE-HE"}
    assert caller.regions_for("rare:contact") == {"DE-NW"}
    assert not caller.may_read("contacts:read", "DE-NW")


def test_anonymous_has_nothing() -> None:
    assert ANONYMOUS.anonymous and ANONYMOUS.regions_for("contacts:read") == frozenset()
    assert not ANONYMOUS.may_read("contacts:read", "DE-BY")


def test_a_token_region_fences_per_land_scopes_too() -> None:
    # a per-Land scope for another Land than the token's own region grants nothing
    caller = caller_from_claims(
        {"jti": "j", "sub": "s", "scope": "contacts:read:DE-BY", "region": "DE-NW"}
    )
    assert not caller.may_read("contacts:read", "DE-BY")
    assert not caller.may_read("contacts:read", "DE-NW")


@pytest.mark.parametrize(
    "claims", [{"jti": "", "sub": "s"}, {"jti": "j", "sub": " "}, {"jti": 5, "sub": "s"}]
)
def test_empty_or_odd_token_ids_and_subjects_are_refused(claims: dict[str, object]) -> None:
    with pytest.raises(TokenRejected):
        caller_from_claims(claims)
