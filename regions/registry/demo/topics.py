"""The topic taxonomy from the catalog, and the look-ups the other generators need."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from regions.registry.demo.catalog.care import care_of
from regions.registry.demo.catalog.organisations import ORGANISATIONS
from regions.registry.demo.catalog.topics import TOPICS

Rows = dict[str, list[dict[str, Any]]]


@dataclass(slots=True)
class TopicIndex:
    """Topic ids by slug, names, parents and the concrete (non-root) topics."""

    ids: dict[str, int] = field(default_factory=dict)
    slugs: dict[int, str] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    parents: dict[int, int | None] = field(default_factory=dict)
    concrete: list[int] = field(default_factory=list)
    children: dict[int, list[int]] = field(default_factory=dict)
    kin: dict[int, set[int]] = field(default_factory=dict)  # covered together by a real org

    def root(self, topic: int) -> str:
        """The slug of the topic's top-level category."""
        while (parent := self.parents[topic]) is not None:
            topic = parent
        return self.slugs[topic]

    def related(self, rng: random.Random, topic: int, extra: int) -> list[int]:
        """The topic and up to `extra` others that are truly related to it: topics a real
        organisation of the catalog covers together with it (the Rheuma-Liga: rheumatism,
        Bechterew, fibromyalgia, ...). Never a mere sibling in a broad category (a Bechterew
        group is not about Lipödem), and only from the topic's own top-level category: fewer
        topics rather than a wrong one."""
        root = self.root(topic)
        kin = sorted(t for t in self.kin.get(topic, ()) if self.root(t) == root)
        return [topic, *rng.sample(kin, min(extra, len(kin)))]


def _depth(slug: str, parents: dict[str, str | None]) -> int:
    depth, seen = 0, {slug}
    while (parent := parents.get(slug)) is not None and parent not in seen:
        depth, slug = depth + 1, parent
        seen.add(slug)
    return depth


def build_topics() -> tuple[Rows, TopicIndex]:
    """Every catalog topic (ids in catalog order) and its synonyms; parents insert first."""
    index = TopicIndex()
    parent_slugs = {spec.slug: spec.parent for spec in TOPICS}
    for number, spec in enumerate(TOPICS, start=1):
        index.ids[spec.slug] = number
        index.names[number] = spec.name
        index.slugs[number] = spec.slug
    topics, synonyms = [], []
    for spec in sorted(TOPICS, key=lambda spec: _depth(spec.slug, parent_slugs)):
        topic = index.ids[spec.slug]
        parent = index.ids[spec.parent] if spec.parent else None
        index.parents[topic] = parent
        care = care_of(spec.slug, index.root(topic))
        topics.append(
            {"id": topic, "slug": spec.slug, "name": spec.name, "parent_id": parent, "care": care}
        )
        seen = {spec.name.casefold()}
        for synonym in spec.synonyms:
            if synonym.casefold() not in seen:
                seen.add(synonym.casefold())
                synonyms.append({"topic_id": topic, "synonym": synonym})
    for topic in sorted(index.parents):
        parent = index.parents[topic]
        if parent is not None:
            index.concrete.append(topic)
            index.children.setdefault(parent, []).append(topic)
    for org in ORGANISATIONS:
        covered = [index.ids[s] for s in org.topics if s in index.ids and parent_slugs.get(s)]
        for one in covered:
            index.kin.setdefault(one, set()).update(t for t in covered if t != one)
    return {"topics": topics, "topic_synonyms": synonyms}, index
