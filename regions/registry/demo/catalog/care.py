"""Health-related or social self-help per topic (decides the funding a group may apply for).

The texts (shared/domain/) draw the line but classify no topic: the GKV funds health-related
self-help (§ 20h SGB V), Dortmund's fund is for social groups without that entitlement. So:
a topic takes its category's domain; the few exceptions below are named one by one.
"""

from __future__ import annotations

SOCIAL = "SOCIAL"
HEALTH_RELATED = "HEALTH_RELATED"

# Categories whose topics are life situations rather than illnesses; every other category
# (illnesses, disability, addiction, mental health, relatives of ill people) is health-related.
SOCIAL_CATEGORIES = frozenset({"soziale-lebenssituationen", "verlust-trauer", "eltern-familie"})

# Topics that differ from their category: parents' groups about a child's health or a
# pregnancy's, and postnatal depression, are health-related.
EXCEPTIONS = {
    "eltern-behinderter-kinder": HEALTH_RELATED,
    "eltern-chronisch-kranker-kinder": HEALTH_RELATED,
    "fruehgeborene": HEALTH_RELATED,
    "unerfuellter-kinderwunsch": HEALTH_RELATED,
    "postpartale-depression": HEALTH_RELATED,
    "schreibabys": HEALTH_RELATED,
    "stillen": HEALTH_RELATED,
    "eltern-suchtgefaehrdeter-kinder": HEALTH_RELATED,
}


def care_of(slug: str, category: str) -> str:
    """HEALTH_RELATED or SOCIAL for the topic `slug` below the category `category` (a
    category is its own)."""
    if slug in EXCEPTIONS:
        return EXCEPTIONS[slug]
    return SOCIAL if category in SOCIAL_CATEGORIES else HEALTH_RELATED
