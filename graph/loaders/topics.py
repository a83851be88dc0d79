"""Loaders for topics and their synonyms."""

from __future__ import annotations

from operator import attrgetter

from regions.registry.store import topics

from ..types.topic import Topic
from .base import ByKeyLoader, ManyByKeyLoader


class TopicByIdLoader(ByKeyLoader[int, Topic]):
    fetch = staticmethod(topics.by_ids)
    convert = staticmethod(Topic.from_row)


class TopicsByParentIdLoader(ManyByKeyLoader[int, Topic]):
    fetch = staticmethod(topics.children)
    convert = staticmethod(Topic.from_row)


class TopicsByGroupIdLoader(ManyByKeyLoader[int, Topic]):
    fetch = staticmethod(topics.of_groups)
    convert = staticmethod(Topic.from_row)


class TopicsByOrganisationIdLoader(ManyByKeyLoader[int, Topic]):
    fetch = staticmethod(topics.of_organisations)
    convert = staticmethod(Topic.from_row)


class SynonymsByTopicIdLoader(ManyByKeyLoader[int, str]):
    fetch = staticmethod(topics.synonyms_of)
    convert = staticmethod(attrgetter("synonym"))


class TopicBySlugLoader(ByKeyLoader[str, Topic]):
    fetch = staticmethod(topics.by_slugs)
    convert = staticmethod(Topic.from_row)
