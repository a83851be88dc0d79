"""Look-ahead prefetch: a connection's resolver reads the selection below it and loads what
the page's nodes will need before graphql-core walks them, so that the nested fields resolve
synchronously (no awaitable, no task per field and node).

What is loaded goes through the request's own dataloaders (`load_many`: the same one
statement per kind as when each field asks for itself, and the same cache), and is attached
to the objects (`Group.prefetched`); a field not prefetched falls back to its loader, so
anything that cannot be foreseen (node(id:), fragments on interfaces, a nested connection's
own nodes) is still batched as before. Only public data is prefetched: protected fields keep
their permission check and their disclosure audit on their own path (graph/permissions.py).

SHG_PREFETCH=false turns it off (the dataloader path alone; the tests compare both).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from regions.registry import SOURCE

# GraphQL names of Group's fields that can be prefetched
CONTACT_POINT, TOPICS, REGION = "contactPoint", "topics", "region"


def _fields(selections: Iterable[Any]) -> Iterable[SelectedField]:
    """The fields of a selection set, through inline fragments and fragment spreads."""
    for s in selections:
        if isinstance(s, SelectedField):
            yield s
        elif isinstance(s, (InlineFragment, FragmentSpread)):
            yield from _fields(s.selections)


def selected(info: Info) -> set[str]:
    """Names of the fields selected on the object this resolver returns, over every alias
    and fragment (a field under @skip or @include counts as selected)."""
    return {f.name for field in _fields(info.selected_fields) for f in _fields(field.selections)}


def node_fields(info: Info) -> set[str]:
    """Names of the fields selected on the nodes of the connection this resolver returns
    (under `nodes` and under `edges { node }`), over every alias."""
    names: set[str] = set()
    for field in _fields(info.selected_fields):
        for below in _fields(field.selections):
            if below.name == "nodes":
                names |= {f.name for f in _fields(below.selections)}
            elif below.name == "edges":
                for node in _fields(below.selections):
                    if node.name == "node":
                        names |= {f.name for f in _fields(node.selections)}
    return names


def enabled(info: Info) -> bool:
    return bool(getattr(info.context.settings, "prefetch", True))


async def groups(info: Info, nodes: Sequence[Any]) -> None:
    """Contact points, topics and Länder of the groups on this page, as far as the query asks
    for them: each kind in one batch for the whole page, whatever source a group is from (a
    region's group: its topics by the national slugs it maps to, as GroupSources.topics)."""
    if not nodes or not enabled(info):
        return
    wanted = node_fields(info) & {CONTACT_POINT, TOPICS, REGION}
    if not wanted:
        return
    loaders = info.context.loaders
    jobs: dict[str, Any] = {}
    if CONTACT_POINT in wanted:
        keys = sorted({g.contact_point_key for g in nodes if g.contact_point_key is not None})
        jobs[CONTACT_POINT] = loaders.contact_point_by_id.load_many(keys)
    if REGION in wanted:
        codes = sorted({g.region_code for g in nodes if g.region_code is not None})
        jobs[REGION] = loaders.region_by_code.load_many(codes)
    national = [g for g in nodes if g.source == SOURCE]
    others = [g for g in nodes if g.source != SOURCE]
    if TOPICS in wanted:
        jobs[TOPICS] = loaders.topics_by_group.load_many([g.key for g in national])
        sources = info.context.groups
        jobs["others"] = asyncio.gather(*(sources.topics(g) for g in others))
    answers = dict(zip(jobs, await asyncio.gather(*jobs.values()), strict=True))
    points = _by_key(answers.get(CONTACT_POINT), "key")
    regions = _by_key(answers.get(REGION), "code")
    topics = dict(zip((id(g) for g in national), answers.get(TOPICS, ()), strict=False))
    topics.update(zip((id(g) for g in others), answers.get("others", ()), strict=False))
    for g in nodes:
        got: dict[str, Any] = {}
        if CONTACT_POINT in wanted:
            key = g.contact_point_key
            got[CONTACT_POINT] = None if key is None else points.get(key)
        if TOPICS in wanted:
            got[TOPICS] = topics[id(g)]
        if REGION in wanted:
            got[REGION] = None if g.region_code is None else regions.get(g.region_code)
        g.prefetched = got


def _by_key(found: Sequence[Any] | None, attribute: str) -> dict[Any, Any]:
    return {getattr(o, attribute): o for o in found or () if o is not None}
