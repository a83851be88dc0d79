"""The Relay Node interface: every object has a global, opaque id."""

from __future__ import annotations

import strawberry


@strawberry.interface(description="An object with a global, opaque id; fetch any with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(
        description="Global id: opaque, stable, encodes the type, the source and the key."
    )
