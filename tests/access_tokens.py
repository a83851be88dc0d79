"""Test keys (generated per session, never committed) and a minter for tokens of any shape."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

ISSUER = AUDIENCE = "selbsthilfe-graph"


@dataclass(frozen=True)
class TokenKeys:
    secret: str
    rsa_key: rsa.RSAPrivateKey
    ec_key: ec.EllipticCurvePrivateKey
    directory: Path

    @classmethod
    def generate(cls, directory: Path) -> TokenKeys:
        keys = cls(
            secret=uuid.uuid4().hex + uuid.uuid4().hex,
            rsa_key=rsa.generate_private_key(public_exponent=65537, key_size=2048),
            ec_key=ec.generate_private_key(ec.SECP256R1()),
            directory=directory,
        )
        keys.rsa_public_path.write_bytes(keys.rsa_public_pem)
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(keys.ec_key.public_key()))
        jwks = {"keys": [{**jwk, "kid": "ec-1", "alg": "ES256", "use": "sig"}]}
        keys.jwks_path.write_text(json.dumps(jwks), encoding="utf-8")
        return keys

    @property
    def rsa_public_path(self) -> Path:
        return self.directory / "rsa-1.pem"

    @property
    def jwks_path(self) -> Path:
        return self.directory / "jwks.json"

    @property
    def rsa_public_pem(self) -> bytes:
        return self.rsa_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def settings(self) -> dict[str, Any]:
        """Settings the test app verifies with: HS256, an RSA PEM file and an EC key in JWKS."""
        return {
            "token_secret": self.secret,
            "token_public_keys": str(self.rsa_public_path),
            "token_jwks_file": self.jwks_path,
        }

    def mint(
        self,
        claims: dict[str, Any] | None = None,
        *,
        algorithm: str = "HS256",
        key: Any = None,
        headers: dict[str, Any] | None = None,
        lifetime: timedelta = timedelta(hours=1),
        drop: tuple[str, ...] = (),
    ) -> str:
        """A token with sane defaults; `claims` override them, `drop` removes some."""
        now = datetime.now(UTC)
        payload: dict[str, Any] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "Test partner",
            "jti": uuid.uuid4().hex,
            "iat": int(now.timestamp()),
            "exp": int((now + lifetime).timestamp()),
            "kind": "partner",
            "scope": "",
            "purpose": "referral",
            **(claims or {}),
        }
        for name in drop:
            payload.pop(name, None)
        if key is None:
            key = {"HS256": self.secret, "RS256": self.rsa_key, "ES256": self.ec_key}[algorithm]
        if algorithm == "RS256" and headers is None:
            headers = {"kid": "rsa-1"}
        if algorithm == "ES256" and headers is None:
            headers = {"kid": "ec-1"}
        return jwt.encode(payload, key, algorithm=algorithm, headers=headers)
