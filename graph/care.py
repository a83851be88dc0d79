"""A group's care domain (health-related or social self-help) from its topics' domains.

The rule (README, *Funding*): health-related when any of its topics is health-related (the
health insurers fund self-help with a health reference, and one such topic gives it); social
when its topics are classified and all social; null when none of its topics is classified.
"""

from __future__ import annotations

from collections.abc import Iterable

from regions.registry.models import CareDomain


def group_care(topic_domains: Iterable[CareDomain | None]) -> CareDomain | None:
    found = {domain for domain in topic_domains if domain is not None}
    if CareDomain.HEALTH_RELATED in found:
        return CareDomain.HEALTH_RELATED
    if CareDomain.SOCIAL in found:
        return CareDomain.SOCIAL
    return None
