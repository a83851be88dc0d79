"""Trusted proxies: which X-Forwarded-For hop is the client, and how the setting is read."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from graph.hardening.proxies import TrustedProxies
from graph.settings import Settings

LB = TrustedProxies.parse(["10.0.0.0/8", "2001:db8::/32"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        # an untrusted peer is the client, whatever it says
        ("203.0.113.7", ["198.51.100.1"], "203.0.113.7"),
        # from a proxy: the rightmost hop that is not a proxy
        ("10.0.0.5", ["198.51.100.1"], "198.51.100.1"),
        ("10.0.0.5", ["192.0.2.1, 198.51.100.1"], "198.51.100.1"),
        ("10.0.0.5", ["192.0.2.1", "198.51.100.1, 10.0.0.9"], "198.51.100.1"),
        # ports and brackets, IPv4-mapped IPv6 written as IPv4
        ("10.0.0.5", ["198.51.100.1:4711"], "198.51.100.1"),
        ("10.0.0.5", ["[2001:db9::1]:443"], "2001:db9::1"),
        ("2001:db8::5", ["::ffff:198.51.100.1"], "198.51.100.1"),
        # nothing forwarded, or only proxies: the last proxy seen
        ("10.0.0.5", [], "10.0.0.5"),
        ("10.0.0.5", ["10.0.0.7, 10.0.0.6"], "10.0.0.7"),
        # a hop that is no address ends the walk at the proxy that wrote it
        ("10.0.0.5", ["unknown"], "10.0.0.5"),
        ("10.0.0.5", ["198.51.100.1, garbage, 10.0.0.6"], "10.0.0.6"),
    ],
)
def test_the_client_behind_trusted_proxies(peer: str, forwarded: list[str], client: str) -> None:
    assert LB.client(peer, forwarded) == client


def test_no_proxy_is_trusted_by_default() -> None:
    assert Settings().trusted_proxies == []
    nobody = TrustedProxies.parse(Settings().trusted_proxies)
    assert not nobody.trusts("127.0.0.1") and not nobody.trusts("::1")
    assert nobody.client("127.0.0.1", ["198.51.100.1"]) == "127.0.0.1"


@pytest.mark.parametrize(
    "value",
    ['["10.0.0.5", "192.168.0.0/16"]', "10.0.0.5, 192.168.0.0/16", "10.0.0.5,192.168.0.0/16"],
)
def test_the_setting_is_a_json_or_comma_list(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SHG_TRUSTED_PROXIES", value)
    assert Settings().trusted_proxies == ["10.0.0.5/32", "192.168.0.0/16"]


@pytest.mark.parametrize("value", ["proxy.example.org", "10.0.0.300", '["*"]'])
def test_a_bad_proxy_entry_stops_the_start(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SHG_TRUSTED_PROXIES", value)
    with pytest.raises(ValidationError):
        Settings()
