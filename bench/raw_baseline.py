"""The raw limit for this stack: straight SQL (the stdlib's sqlite3, one connection) and orjson
in a plain ASGI app, answering the benchmark's two queries with the same JSON, byte for byte
in content, for the same rows as the API (bench.perf checks that before it measures).

    SHG_RAW_DB=/path/national.db .venv/bin/uvicorn bench.raw_baseline:app --workers 1

POST /graphql with the body of one of the two known queries (the same request bytes the load
tool sends to the API): GROUP (one group by id, through `node`) or PAGE (100 groups with their
contact point and topics). Anything else is a 404. Public fields only; no permissions, no
audit, no validation: this is what the API's own work is measured against, not an API.
"""

from __future__ import annotations

import base64
import os
import sqlite3
from typing import Any

import orjson

SOURCE = "nakos"  # regions.registry.SOURCE (not imported: this module needs nothing of graph/)

GROUP_FIELDS = "id name format reach openForNewMembers"
GROUP = '{ node(id: "%s") { ... on Group { ' + GROUP_FIELDS + " } } }"
PAGE = (
    "{ groups(first: 100) { totalCount nodes { id name format reach openForNewMembers "
    "contactPoint { id name officePhone } topics { id name } } } }"
)
PUBLISHED = "review_state = 'PUBLISHED'"
LISTED = f"{PUBLISHED} AND status != 'ENDED'"  # `groups` without `status:` leaves ended ones out


def gid(type_name: str, key: object) -> str:
    raw = f"{type_name}:{SOURCE}:{key}".encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def key_of(value: str) -> int:
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    return int(raw.split(":", 2)[2])


class Raw:
    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False)

    def group(self, key: int) -> dict[str, Any]:
        row = self.db.execute(
            "SELECT id, name, format, reach, open_for_new_members FROM groups "
            f"WHERE id = ? AND {PUBLISHED}",
            (key,),
        ).fetchone()
        if row is None:
            return {"data": {"node": None}}
        return {"data": {"node": _group(row)}}

    def page(self) -> dict[str, Any]:
        db = self.db
        total = db.execute(f"SELECT count(*) FROM groups WHERE {LISTED}").fetchone()[0]
        rows = db.execute(
            "SELECT id, name, format, reach, open_for_new_members, contact_point_id "
            f"FROM groups WHERE {LISTED} ORDER BY id LIMIT 100"
        ).fetchall()
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        points = {r[5] for r in rows if r[5] is not None}
        found = {
            p[0]: {"id": gid("ContactPoint", p[0]), "name": p[1], "officePhone": p[2]}
            for p in db.execute(
                "SELECT id, name, office_phone FROM contact_points "
                f"WHERE id IN ({','.join('?' * len(points))})",
                sorted(points),
            )
        }
        topics: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        for owner, tid, name in db.execute(
            "SELECT gt.group_id, t.id, t.name FROM topics t JOIN group_topics gt "
            f"ON gt.topic_id = t.id WHERE gt.group_id IN ({marks}) ORDER BY gt.group_id, t.name",
            ids,
        ):
            topics[owner].append({"id": gid("Topic", tid), "name": name})
        nodes = []
        for r in rows:
            node = _group(r)
            node["contactPoint"] = None if r[5] is None else found.get(r[5])
            node["topics"] = topics[r[0]]
            nodes.append(node)
        return {"data": {"groups": {"totalCount": total, "nodes": nodes}}}


def _group(row: Any) -> dict[str, Any]:
    return {
        "id": gid("Group", row[0]),
        "name": row[1],
        "format": row[2],
        "reach": row[3],
        "openForNewMembers": bool(row[4]),
    }


_raw: Raw | None = None


def _answer(body: bytes) -> dict[str, Any] | None:
    global _raw
    if _raw is None:
        _raw = Raw(os.environ["SHG_RAW_DB"])
    query = orjson.loads(body)["query"]
    if query == PAGE:
        return _raw.page()
    head, _, tail = GROUP.partition("%s")
    if query.startswith(head) and query.endswith(tail):
        return _raw.group(key_of(query[len(head) : -len(tail)]))
    return None


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    answer = _answer(body) if scope["method"] == "POST" and scope["path"] == "/graphql" else None
    payload = b"" if answer is None else orjson.dumps(answer)
    status = 404 if answer is None else 200
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
