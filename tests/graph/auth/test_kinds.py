"""The kinds' bounds hold in the access rule itself, for a Caller made any way at all."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from graph.auth.kinds import KINDS
from graph.auth.scopes import PURPOSES
from graph.caller import Caller, CallerKind
from graph.permissions import ContactAccess, decide
from graph.protected import PROTECTIONS

EVERY_SCOPE = frozenset(
    ["contacts:read", "rare:contact", "registry:write", "registry:review", "audit:read"]
)


@dataclass
class Obj:
    region_code: str = "DE-BY"
    contact_mode: str = "DIRECT"
    consent_to_partners: bool = True


@pytest.mark.parametrize("kind", [k for k in CallerKind if k is not CallerKind.ANONYMOUS])
@pytest.mark.parametrize("purpose", sorted(PURPOSES))
def test_decide_ignores_what_the_kind_may_not_hold(kind: CallerKind, purpose: str) -> None:
    # given a caller built by hand with every scope, bypassing the claims
    caller = Caller(kind=kind, scopes=EVERY_SCOPE, region="DE-BY", purpose=purpose)
    bounds = KINDS[kind]
    for rule in PROTECTIONS:
        allowed = (
            rule.scope in bounds.families
            and purpose in bounds.purposes
            and purpose in rule.purposes
        )
        expected = ContactAccess.GRANTED if allowed else ContactAccess.REDACTED
        assert decide(caller, Obj(), rule) is expected, (kind, purpose, rule.field)


def test_auditors_hold_the_audit_only() -> None:
    assert KINDS[CallerKind.AUDITOR].families == {"audit:read"}
    assert KINDS[CallerKind.AUDITOR].purposes == {"audit"}
