"""Search arguments as the sources receive them: words with the topics they name, and a place.

Shared by `search` and the filters of the existing connections (`groups(near:)`, ...)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import postal_codes, vocabulary
from regions.sources.search.analysis import query_words, stem
from regions.sources.search.query import Near, Term

from ..arguments import POSTAL_CODE
from ..arguments import text as text_arg
from ..errors import BadUserInput

MAX_RADIUS_KM = 200.0


@strawberry.input(description="A circle around a German postal code's centre.")
class NearInput:
    postal_code: str = strawberry.field(description="Five-digit German postal code.")
    radius_km: float = strawberry.field(
        default=10.0, description="Radius in km: more than 0, at most 200 (10 unless given)."
    )


async def near(info: Info, value: NearInput | None) -> Near | None:
    if value is None:
        return None
    if not POSTAL_CODE.fullmatch(value.postal_code):
        raise BadUserInput("near.postalCode", "a German postal code has five digits")
    if not 0 < value.radius_km <= MAX_RADIUS_KM:
        raise BadUserInput("near.radiusKm", f"must be more than 0 and at most {MAX_RADIUS_KM:g}")
    row = await postal_codes.by_code(info.context.engine, value.postal_code)
    if row is None:
        raise BadUserInput("near.postalCode", f"unknown postal code {value.postal_code}")
    return Near(row.latitude, row.longitude, value.radius_km, row.region_code)


async def terms(info: Info, value: str | None) -> tuple[Term, ...]:
    """The words of a search text, each with the topics (and narrower ones) it names by a
    name or synonym: "Angststörung" names Angst. Two queries, only when there is text."""
    text = text_arg(value)
    if text is None:
        return ()
    words = query_words(text)
    if not words:
        raise BadUserInput("text", "no words to search for (only punctuation or stop words)")
    stems = [stem(word) for word in words]
    engine = info.context.engine
    named = await vocabulary.named_topics(engine, stems)
    tree = await vocabulary.trees(engine, sorted({t for ids in named.values() for t in ids}))
    return tuple(
        Term(word, s, tuple(sorted({slug for t in named.get(s, ()) for slug in tree.get(t, [])})))
        for word, s in zip(words, stems, strict=True)
    )


Text = Annotated[
    str | None,
    strawberry.argument(
        description="Words (German full text: any inflection, the start of a word, and topic "
        "synonyms: 'Angststörung' finds groups on Angst). At most 200 characters."
    ),
]
Near_ = Annotated[
    NearInput | None,
    strawberry.argument(
        description="Only what is within the radius of a postal code, or "
        "reaches everywhere (nationwide digital groups, organisations, rare-condition searches)."
    ),
]
