"""References to types that point back at the type using them.

The GraphQL graph is cyclic (a group has a contact point, a contact point has groups);
the Python imports are not: these references name the type and its module, and Strawberry
resolves them when the schema is built, so no type module imports one that imports it.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

ContactPointRef = Annotated["ContactPoint", strawberry.lazy("graph.types.contact_point")]  # noqa: F821
GroupRef = Annotated["Group", strawberry.lazy("graph.types.group")]  # noqa: F821
OrganisationRef = Annotated["Organisation", strawberry.lazy("graph.types.organisation")]  # noqa: F821
