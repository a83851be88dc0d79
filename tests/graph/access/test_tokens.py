"""Token verification over HTTP: good tokens of each algorithm pass, every bad one is a 401."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from regions.registry.store.access import revoke
from tests.access_tokens import TokenKeys
from tests.conftest import PrivateRegistry
from tests.graph.access.conftest import Api

QUERY = "{ groups(first: 3) { nodes { id name contactAccess contact { name } } } }"
PARTNER = {"scope": "contacts:read", "purpose": "referral"}


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def assert_401(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 401, response.text
    body = response.json()
    assert "data" not in body
    [error] = body["errors"]
    request_id = response.headers["x-request-id"]
    assert error["extensions"] == {
        "code": "UNAUTHENTICATED",
        "reason": reason,
        "requestId": request_id,
    }
    assert error["message"]
    assert response.headers["www-authenticate"].startswith('Bearer error="invalid_token"')


@pytest.mark.parametrize("algorithm", ["HS256", "RS256", "ES256"])
async def test_a_valid_token_of_each_algorithm_is_accepted(api: Api, algorithm: str) -> None:
    token = api.keys.mint(PARTNER, algorithm=algorithm)
    body = await api.body(QUERY, token=token)
    assert "errors" not in body
    granted = [n for n in body["data"]["groups"]["nodes"] if n["contactAccess"] == "GRANTED"]
    assert granted and all(n["contact"]["name"] for n in granted)


async def test_no_token_is_anonymous(api: Api) -> None:
    body = await api.body(QUERY)
    assert all(n["contact"] is None for n in body["data"]["groups"]["nodes"])


def _none_token(keys: TokenKeys) -> str:
    claims = jwt.decode(keys.mint(PARTNER), options={"verify_signature": False})
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."


def _tampered(keys: TokenKeys) -> str:
    header, payload, signature = keys.mint(PARTNER).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["scope"] = "contacts:read rare:contact audit:read"
    return f"{header}.{_b64(claims)}.{signature}"


def _confused(keys: TokenKeys) -> str:
    """HS256 signed with the RSA public key as the HMAC secret (the classic confusion)."""
    header = _b64({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"})
    claims = jwt.decode(keys.mint(PARTNER), options={"verify_signature": False})
    signing_input = f"{header}.{_b64(claims)}".encode()
    mac = hmac.new(keys.rsa_public_pem, signing_input, hashlib.sha256).digest()
    return f"{signing_input.decode()}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


OTHER_RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
BAD: dict[str, tuple[Any, str]] = {
    "expired": (lambda k: k.mint(PARTNER, lifetime=timedelta(minutes=-5)), "expired"),
    "not yet valid": (
        lambda k: k.mint({**PARTNER, "nbf": int(datetime.now(UTC).timestamp()) + 3600}),
        "not_yet_valid",
    ),
    "wrong audience": (lambda k: k.mint({**PARTNER, "aud": "another-api"}), "audience"),
    "wrong issuer": (lambda k: k.mint({**PARTNER, "iss": "https://evil.example"}), "issuer"),
    "alg none": (_none_token, "algorithm"),
    "tampered": (_tampered, "signature"),
    "hs/rs confusion": (_confused, "signature"),
    "hs256 with another secret": (
        lambda k: k.mint(PARTNER, key="another secret of at least 32 bytes!"),
        "signature",
    ),
    "rs256 with another key": (
        lambda k: k.mint(PARTNER, algorithm="RS256", key=OTHER_RSA),
        "signature",
    ),
    "unknown kid": (lambda k: k.mint(PARTNER, algorithm="ES256", headers={"kid": "nope"}), "key"),
    "garbage": (lambda k: "not-a-jwt", "malformed"),
    "missing jti": (lambda k: k.mint(PARTNER, drop=("jti",)), "claims"),
    "missing exp": (lambda k: k.mint(PARTNER, drop=("exp",)), "claims"),
    "missing sub": (lambda k: k.mint(PARTNER, drop=("sub",)), "claims"),
    "unknown kind": (lambda k: k.mint({**PARTNER, "kind": "root"}), "claims"),
    "office without region": (lambda k: k.mint({**PARTNER, "kind": "regional_office"}), "claims"),
}


@pytest.mark.parametrize("case", list(BAD))
async def test_a_bad_token_is_401_with_no_data(api: Api, case: str) -> None:
    make, reason = BAD[case]
    response = await api.post(QUERY, token=make(api.keys))
    assert_401(response, reason)


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", "token abc"])
async def test_a_malformed_authorization_header_is_401(api: Api, header: str) -> None:
    assert_401(await api.post(QUERY, authorization=header), "scheme")


async def test_a_revoked_token_is_refused_before_it_expires(
    private_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    api = Api(private_registry.gql.http, token_keys)  # revoking writes: a registry of its own
    # given a token that works
    token = api.keys.mint(PARTNER)
    assert (await api.post(QUERY, token=token)).status_code == 200
    # when its id is revoked in the registry (as `shg tokens revoke` does)
    jti = jwt.decode(token, options={"verify_signature": False})["jti"]
    engine = private_registry.engine
    assert await revoke(engine, jti, datetime.now(UTC), "test")
    # then the very next request with it is refused
    assert_401(await api.post(QUERY, token=token), "revoked")
    # and revoking twice says so
    assert not await revoke(engine, jti, datetime.now(UTC), "again")


async def test_a_get_request_is_authenticated_too(api: Api) -> None:
    response = await api.http.get(
        "/graphql", params={"query": QUERY}, headers={"Authorization": "Bearer garbage"}
    )
    assert_401(response, "malformed")


async def test_a_token_that_cannot_be_checked_is_503_not_anonymous(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def unreachable(*_args: Any) -> bool:
        raise ConnectionError("registry down")

    monkeypatch.setattr("graph.auth.middleware.is_revoked", unreachable)
    response = await api.post(QUERY, claims=PARTNER)
    assert response.status_code == 503
    assert "data" not in response.json()
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
