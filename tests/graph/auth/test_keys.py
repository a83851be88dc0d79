"""Which keys a process accepts tokens with, and the development secret under var/."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from graph.auth.keys import load_keyring
from graph.auth.tokens import TokenRejected, verify
from graph.settings import Settings
from tests.access_tokens import TokenKeys


def settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(token_secret_file=tmp_path / "var" / "token-secret", **kw)  # type: ignore[arg-type]


def test_development_generates_a_private_secret_once(tmp_path: Path) -> None:
    first = load_keyring(settings(tmp_path))
    path = tmp_path / "var" / "token-secret"
    assert first.algorithms == {"HS256"} and first.secret and len(first.secret) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_keyring(settings(tmp_path)).secret == first.secret


def test_production_without_keys_accepts_no_token(tmp_path: Path) -> None:
    ring = load_keyring(settings(tmp_path, environment="production"))
    assert ring.algorithms == frozenset()
    assert not (tmp_path / "var").exists()


def test_a_short_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        load_keyring(settings(tmp_path, token_secret="too short"))


def test_public_keys_only_means_no_hs256_and_no_generated_secret(tmp_path: Path) -> None:
    keys = TokenKeys.generate(tmp_path)
    s = settings(
        tmp_path, token_public_keys=str(keys.rsa_public_path), token_jwks_file=keys.jwks_path
    )
    ring = load_keyring(s)
    assert ring.algorithms == {"RS256", "ES256"}
    assert not (tmp_path / "var").exists()
    # with no secret configured, any HS256 token (the confusion attack signs one with the
    # RSA public key as its secret) is refused for its algorithm, before any key is tried
    forged = jwt.encode({"sub": "x"}, "unused-secret-of-thirty-two-bytes!!", algorithm="HS256")
    with pytest.raises(TokenRejected) as rejected:
        verify(forged, ring, s)
    assert rejected.value.reason == "algorithm"
    assert verify(keys.mint({"scope": ""}, algorithm="RS256"), ring, s)["sub"] == "Test partner"
    assert verify(keys.mint({"scope": ""}, algorithm="ES256"), ring, s)["sub"] == "Test partner"


def test_symmetric_keys_in_a_jwks_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "jwks.json"
    oct_key = {"kty": "oct", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA", "alg": "HS256"}
    path.write_text(json.dumps({"keys": [oct_key]}), encoding="utf-8")
    ring = load_keyring(settings(tmp_path, environment="production", token_jwks_file=path))
    assert ring.algorithms == frozenset()


def test_keys_other_than_rsa_and_p256_are_refused(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP384R1()).public_key()
    path = tmp_path / "p384.pem"
    path.write_bytes(
        key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    with pytest.raises(ValueError, match="EC P-256"):
        load_keyring(settings(tmp_path, token_public_keys=str(path)))
