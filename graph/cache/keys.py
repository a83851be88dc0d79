"""What a cached answer is keyed by: the normalised document, the operation, the variables,
the caller's rights (never their identity alone) and the registry's version."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    parse,
    print_ast,
)

from ..caller import Caller

# Root fields whose answers change without a write through the graph (reads write the audit;
# statistics spend a privacy budget), that describe the schema, or that hand a person their
# own submission with its personal data (by management key, or to reviewers): never cached,
# so that no copy of such data sits in a cache (or in Redis) beside the registry.
VOLATILE = frozenset(
    {
        "auditLog",
        "disclosures",
        "changeLog",
        "subjectAccess",
        "statistics",
        "groupRegistration",
        "groupRegistrations",
        "rareConditionSubmission",
        "rareConditionSubmissions",
        "__schema",
        "__type",
    }
)
ANONYMOUS = "anonymous"


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed document: its printed form (whitespace, comments and commas do not count),
    the type of each operation by name, and whether it asks for anything volatile."""

    text: str
    operations: dict[str | None, str]
    volatile: bool

    def operation(self, name: str | None) -> str | None:
        """The type (query, mutation, subscription) of the operation that runs."""
        if name is None:
            return next(iter(self.operations.values())) if len(self.operations) == 1 else None
        return self.operations.get(name)


@lru_cache(maxsize=2048)
def document(query: str) -> Document | None:
    """None for a document that does not parse (its error is answered by execution)."""
    try:
        tree = parse(query, no_location=True)
    except GraphQLError:
        return None
    operations: dict[str | None, str] = {}
    volatile = False
    for definition in tree.definitions:
        if isinstance(definition, OperationDefinitionNode):
            name = definition.name.value if definition.name else None
            operations[name] = definition.operation.value
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            volatile = volatile or _asks_volatile(definition.selection_set)
    return Document(print_ast(tree), operations, volatile)


def _asks_volatile(selection_set: Any) -> bool:
    """Any field named like a volatile root field, at any depth (over-careful is harmless)."""
    stack = [selection_set]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        for selection in current.selections:
            if isinstance(selection, FieldNode) and selection.name.value in VOLATILE:
                return True
            if isinstance(selection, FieldNode | InlineFragmentNode):
                stack.append(selection.selection_set)
    return False


def partition(caller: Caller, cost_budget: int) -> str:
    """The caller's rights: every anonymous caller shares one partition; a token's is its
    kind, scopes, Land, purpose and cost budget, so two tokens with the same rights share."""
    if caller.anonymous:
        return ANONYMOUS
    purpose = caller.purpose.value if caller.purpose is not None else ""
    scopes = " ".join(sorted(caller.scopes))
    return f"{caller.kind.value}|{scopes}|{caller.region or ''}|{purpose}|{cost_budget}"


def key(
    doc: Document, operation: str | None, variables: Any, rights: str, version: int
) -> str | None:
    """The entry's key; None if the variables are not plain JSON."""
    try:
        raw = orjson.dumps(
            [doc.text, operation, variables or {}, rights, version],
            option=orjson.OPT_SORT_KEYS,
        )
    except TypeError:
        return None
    return hashlib.blake2b(raw, digest_size=20).hexdigest()
