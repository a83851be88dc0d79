"""The corrections queue: a regional office sees its Land's, national staff every one."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import corrections as store
from regions.sources.codes import LAENDER

from ..errors import BadUserInput
from ..pagination import After, Before, Connection, First, Last
from ..types.correction import Correction, CorrectionState
from ..writers import lands, require_any_write
from .paged import page


@strawberry.type
class CorrectionQueries:
    @strawberry.field(
        description="Reported corrections, oldest first. A regional office (scope "
        "`region:<Land>:write`) sees those about objects of its Land; national staff "
        "(`registry:write`) every one, nationwide objects' too. Others: FORBIDDEN."
    )
    async def corrections(
        self,
        info: Info,
        state: Annotated[
            list[CorrectionState] | None,
            strawberry.argument(description="Only corrections in these states."),
        ] = None,
        region: Annotated[
            str | None, strawberry.argument(description="Only objects of this Land (DE-BY).")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Correction] | None:
        caller = info.context.caller
        require_any_write(caller, "Reading the corrections queue")
        granted = lands(caller)
        wanted = granted
        if region is not None:
            code = region.strip().upper()
            if code not in LAENDER:
                raise BadUserInput("region", "not a Land code such as DE-BY")
            if granted is not None and code not in granted:
                wanted = frozenset()  # another Land's: nothing to see (asking is no error)
            else:
                wanted = frozenset({code})
        states = None if state is None else [s.value for s in state]
        stmt = store.queue_query(states, wanted)
        return await page(
            info,
            stmt,
            store.corrections.c.id,
            Correction.from_row,
            first,
            after,
            last=last,
            before=before,
        )
