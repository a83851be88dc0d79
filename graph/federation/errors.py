"""REGION_UNAVAILABLE: one error per failed region per request, added after execution."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

REGION_UNAVAILABLE = "REGION_UNAVAILABLE"


def region_error(code: str, reason: str) -> GraphQLError:
    return GraphQLError(
        f"Region source {code} is unavailable ({reason}); its data is left out of this answer.",
        extensions={"code": REGION_UNAVAILABLE, "region": code},
    )


class RegionErrors(SchemaExtension):
    """Reports the regions that failed while the response was built; the rest is served."""

    def on_execute(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        result = self.execution_context.result
        regions = getattr(context, "regions", None)
        if result is None or regions is None or not regions.failed:
            return
        added = [region_error(code, reason) for code, reason in sorted(regions.failed.items())]
        result.errors = [*(result.errors or []), *added]
