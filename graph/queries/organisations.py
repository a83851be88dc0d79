"""Root fields for nationwide organisations."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import organisations as store
from regions.registry.store import search
from regions.sources.search.query import GroupFilter

from ..arguments import topic_subtree
from ..pagination import After, Before, Connection, First, Last
from ..search.arguments import Text, terms
from ..types.enums import OrganisationKind
from ..types.organisation import Organisation
from .paged import page


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
        text: Text = None,
        kind: Annotated[
            OrganisationKind | None,
            strawberry.argument(description="Only organisations of this kind."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Organisation]:
        found = GroupFilter(terms=await terms(info, text))
        stmt = store.filtered(
            store.OrganisationFilter(topic_ids=await topic_subtree(info, topic), kind=kind),
            search.matching(search.ORGANISATIONS, found),
        )
        return await page(
            info,
            stmt,
            store.organisations.c.id,
            Organisation.from_row,
            first,
            after,
            last=last,
            before=before,
        )
