"""The one place a GraphQL request is decoded and checked before Strawberry sees it.

A POST body must be UTF-8 JSON (orjson: at most 1024 levels deep), holding one operation
object, or with batching on a non-empty array of them; GET parameters follow the same rules.
An operation's `query` and `operationName` are strings or null, `variables` and `extensions`
objects or null, and it has a query or a persisted-query hash. Anything else raises
MalformedRequest, which the view answers with HTTP 400 (BAD_REQUEST).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from strawberry.http import GraphQLRequestData, GraphQLRequestProtocol

BAD_REQUEST = "BAD_REQUEST"
DOC_ID = "docId"  # the extension a registered document's id is carried in to the guard
DOC_ID_FIELDS = ("doc_id", "documentId")
OPERATION_FIELDS = {
    "query": (str, "a string"),
    "operationName": (str, "a string"),
    "variables": (dict, "an object"),
    "extensions": (dict, "an object"),
}


class MalformedRequest(Exception):
    """The request is not a GraphQL request; the message says why, for the caller to read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def decode_json(raw: bytes | str, what: str) -> Any:
    """JSON or MalformedRequest: bad syntax, invalid UTF-8 and too deep nesting alike."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:  # invalid UTF-8 and depth > 1024 included
        if "UTF-8" in error.msg:
            raise MalformedRequest(f"{what} is not valid UTF-8.") from None
        raise MalformedRequest(f"{what} is not valid JSON: {error.msg}.") from None
    except RecursionError:  # not raised by orjson; kept should the parser ever change
        raise MalformedRequest(f"{what} is nested too deeply.") from None


def operation(item: Any, where: str, protocol: GraphQLRequestProtocol) -> GraphQLRequestData:
    if not isinstance(item, dict):
        raise MalformedRequest(
            f"{where[0].upper()}{where[1:]} must be a JSON object with a 'query'."
        )
    for name, (kind, described) in OPERATION_FIELDS.items():
        value = item.get(name)
        if value is not None and not isinstance(value, kind):
            raise MalformedRequest(f"'{name}' of {where} must be {described} or null.")
    extensions = item.get("extensions")
    doc_id = _document_id(item, where)
    if doc_id is not None:
        extensions = {**(extensions or {}), DOC_ID: doc_id}
    if item.get("query") is None and not ({"persistedQuery", DOC_ID} & set(extensions or {})):
        raise MalformedRequest(f"No GraphQL query found in {where}.")
    return GraphQLRequestData(
        query=item.get("query"),
        variables=item.get("variables"),
        operation_name=item.get("operationName"),
        extensions=extensions,
        protocol=protocol,
    )


def _document_id(item: dict[str, Any], where: str) -> str | None:
    """A registered document's id: Relay's `doc_id`, or `documentId` (the GraphQL over HTTP
    persisted-documents draft); never together with a query."""
    given = [name for name in DOC_ID_FIELDS if item.get(name) is not None]
    if not given:
        return None
    value = item[given[0]]
    if len(given) > 1 or not isinstance(value, str) or not value:
        raise MalformedRequest(f"'{given[0]}' of {where} must be one non-empty string.")
    if item.get("query") is not None:
        raise MalformedRequest(f"Send either a query or '{given[0]}' in {where}, not both.")
    return value


def from_body(
    raw: bytes, max_batch: int, protocol: GraphQLRequestProtocol = "http"
) -> GraphQLRequestData | list[GraphQLRequestData]:
    """A POST body: one operation, or a batch of at most `max_batch` (0: no batches)."""
    data = decode_json(raw, "The request body")
    if not isinstance(data, list):
        return operation(data, "the request body", protocol)
    if max_batch == 0:
        raise MalformedRequest("Batching is not enabled: send one operation per request.")
    if not data:
        raise MalformedRequest("The batch is empty.")
    if protocol != "http":
        raise MalformedRequest("A batch cannot be answered as a stream.")
    if len(data) > max_batch:
        raise MalformedRequest(f"Too many operations in the batch: at most {max_batch}.")
    return [operation(item, f"operation {i} of the batch", protocol) for i, item in enumerate(data)]


def from_query_params(
    params: Mapping[str, str], protocol: GraphQLRequestProtocol = "http"
) -> GraphQLRequestData:
    """A GET request: `query`, `operationName`, and `variables` / `extensions` as JSON."""
    item: dict[str, Any] = {
        "query": params.get("query"),
        "operationName": params.get("operationName"),
        **{name: params.get(name) for name in DOC_ID_FIELDS},
    }
    for name in ("variables", "extensions"):
        value = params.get(name)
        if value:
            item[name] = decode_json(value, f"The '{name}' parameter")
    return operation(item, "the request", protocol)
