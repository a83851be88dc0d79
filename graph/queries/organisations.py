"""Root fields for nationwide organisations."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.national.store import organisations as store

from ..arguments import text as text_arg
from ..pagination import After, Connection, First
from ..types.enums import OrganisationKind
from ..types.organisation import Organisation
from .paged import page, topic_filter


@strawberry.type
class OrganisationQueries:
    @strawberry.field(description="Nationwide organisations, forums, platforms and institutions.")
    async def organisations(
        self,
        info: Info,
        topic: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only those working on this topic or a narrower one."),
        ] = None,
        text: Annotated[str | None, strawberry.argument(description="Part of the name.")] = None,
        kind: OrganisationKind | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Organisation]:
        stmt = store.filtered(
            store.OrganisationFilter(
                topic_ids=await topic_filter(info, topic), text=text_arg(text), kind=kind
            )
        )
        return await page(info, stmt, store.organisations.c.id, Organisation.from_row, first, after)
