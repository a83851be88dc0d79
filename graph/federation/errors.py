"""REGION_UNAVAILABLE, or REGION_RESULT_LIMIT for a source that cannot rank and matched more
groups than one request may read from it: one error per failed region per request, added after
execution."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

REGION_UNAVAILABLE = "REGION_UNAVAILABLE"
REGION_RESULT_LIMIT = "REGION_RESULT_LIMIT"


def region_error(code: str, reason: str) -> GraphQLError:
    return GraphQLError(
        f"Region source {code} is unavailable ({reason}); its data is left out of this answer.",
        extensions={"code": REGION_UNAVAILABLE, "region": code},
    )


def limit_error(code: str, limit: int) -> GraphQLError:
    return GraphQLError(
        f"Region source {code} cannot rank, and more than {limit} of its groups match "
        "(SHG_REGION_CANDIDATE_LIMIT); its data is left out of this answer: narrow the search.",
        extensions={"code": REGION_RESULT_LIMIT, "region": code, "limit": limit},
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
        limited = regions.limited
        added = [
            limit_error(code, limited[code]) if code in limited else region_error(code, reason)
            for code, reason in sorted(regions.failed.items())
        ]
        result.errors = [*(result.errors or []), *added]
