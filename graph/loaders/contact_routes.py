"""What a page of groups' contact routes are computed from: one statement per page."""

from __future__ import annotations

from typing import Any

from regions.registry.store import contact_requests

from .base import ByKeyLoader


def _same(row: Any) -> Any:
    return row


class RouteFactsLoader(ByKeyLoader[tuple[str, int], Any]):
    """("group", id): the registry group's contact has an email; ("office", id): the contact
    point's public office phone and email are there."""

    fetch = staticmethod(contact_requests.route_facts)
    convert = staticmethod(_same)
