"""The topic vocabulary as search uses it: which topics a search text names, and their trees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import Topic, TopicTermStem
from regions.registry.store.paging import fetch_all

stems_table = TopicTermStem.__table__
topics = Topic.__table__


async def named_topics(engine: AsyncEngine, stems: Sequence[str]) -> dict[str, set[int]]:
    """Per stem of the text, the topics one of whose names or synonyms the text contains in
    full ("angststor" names Angst by its synonym "Angststörung"). One query."""
    if not stems:
        return {}
    stmt = select(stems_table).where(stems_table.c.stem.in_(sorted(set(stems))))
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    needed: dict[tuple[int, int], int] = {}
    for row in await fetch_all(engine, stmt):
        found[(row.topic_id, row.term_no)].add(row.stem)
        needed[(row.topic_id, row.term_no)] = row.stems_in_term
    out: dict[str, set[int]] = defaultdict(set)
    for term, present in found.items():
        if len(present) == needed[term]:  # every stem of the name or synonym is in the text
            for stem in present:
                out[stem].add(term[0])
    return dict(out)


async def trees(engine: AsyncEngine, roots: Sequence[int]) -> dict[int, list[str]]:
    """Per topic, its slug and the slugs of every topic below it. One query."""
    if not roots:
        return {}
    tree = (
        select(topics.c.id.label("root"), topics.c.id.label("id"))
        .where(topics.c.id.in_(sorted(set(roots))))
        .cte(recursive=True)
    )
    tree = tree.union_all(select(tree.c.root, topics.c.id).where(topics.c.parent_id == tree.c.id))
    stmt = (
        select(tree.c.root, topics.c.slug)
        .join(topics, topics.c.id == tree.c.id)
        .order_by(tree.c.root, topics.c.slug)
    )
    out: dict[int, list[str]] = defaultdict(list)
    for row in await fetch_all(engine, stmt):
        out[row.root].append(row.slug)
    return dict(out)
