"""Trusted proxies: whose X-Forwarded-For and X-Request-ID the API believes (none by default)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_network(entry: str) -> Network:
    """An address (`10.0.0.5`, `::1`) or a network (`10.0.0.0/8`); ValueError otherwise."""
    return ipaddress.ip_network(entry.strip(), strict=False)


@lru_cache(maxsize=4096)  # the same few addresses, request after request
def normalise_address(value: str) -> str | None:
    """The address of one X-Forwarded-For hop (`1.2.3.4`, `1.2.3.4:5678`, `[::1]:80`, `::1`),
    written the one canonical way; None when it is not an address."""
    text = value.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


@dataclass(frozen=True)
class TrustedProxies:
    """The configured proxies (SHG_TRUSTED_PROXIES). Only a request whose peer is one of them
    may say, by X-Forwarded-For, whom it forwards for."""

    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> TrustedProxies:
        return cls(tuple(parse_network(entry) for entry in entries))

    def trusts(self, address: str | None) -> bool:
        if not self.networks or address is None:
            return False
        canonical = normalise_address(address)
        if canonical is None:
            return False
        ip = ipaddress.ip_address(canonical)
        return any(ip in network for network in self.networks)

    def client(self, peer: str, forwarded_for: Iterable[str]) -> str:
        """The address to count a request against.

        An untrusted peer is the client, whatever it forwards. From a trusted peer, the hops of
        X-Forwarded-For are read from the right (each proxy appends the address it saw): the
        first hop that is not a trusted proxy is the client. A hop that is not an address ends
        the walk at the last trusted hop (a proxy wrote it, not the caller).
        """
        if not self.trusts(peer):
            return peer
        hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
        client = peer
        for hop in reversed(hops):
            address = normalise_address(hop)
            if address is None:
                return client
            client = address
            if not self.trusts(address):
                return client
        return client
