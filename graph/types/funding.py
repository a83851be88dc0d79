"""A funding programme self-help groups may apply for, with its deadlines and sessions."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from regions.registry import SOURCE

from ..ids import encode_id
from .common import Provenance
from .enums import CareDomain, FundingDeadlineKind, FundingKind
from .node import Node
from .region import Region


@strawberry.type(description="A yearly application deadline (day and month; no year).")
class FundingDeadline:
    month: int = strawberry.field(description="Month of the deadline, 1 to 12.")
    day: int = strawberry.field(description="Day of the month of the deadline.")
    kind: FundingDeadlineKind = strawberry.field(description="What the deadline decides.")
    session: int | None = strawberry.field(
        description="For a SESSION deadline: which of the year's sessions (1 = the first) "
        "discusses the applications in by then."
    )
    note: str = strawberry.field(description="The deadline as the source states it, in German.")

    @classmethod
    def from_row(cls, row: Any) -> FundingDeadline:
        return cls(month=row.month, day=row.day, kind=row.kind, session=row.session, note=row.note)


@strawberry.type(description="How to apply for a funding programme.")
class ApplicationProcedure:
    description: str = strawberry.field(
        description="The procedure, forms and who advises, in German, as the source states it."
    )
    url: str | None = strawberry.field(
        description="Where the procedure is published; null where the source names no address."
    )


@strawberry.type(
    description="A funding programme for self-help groups: who funds what, for whom, where, "
    "and how and by when to apply. Public data."
)
class FundingProgramme(Node):
    key: strawberry.Private[int]
    region_code: strawberry.Private[str | None]
    slug: str = strawberry.field(description="Stable, readable key, e.g. gkv-projektfoerderung.")
    name: str = strawberry.field(description="Name of the programme, in German.")
    funder: str = strawberry.field(description="Who funds, e.g. Gesetzliche Krankenkassen (GKV).")
    kind: FundingKind = strawberry.field(description="Lump sum, project or grant.")
    legal_basis: str | None = strawberry.field(
        description="The law the funding rests on, e.g. § 20h SGB V; null where the source "
        "names none."
    )
    eligibility: CareDomain = strawberry.field(
        description="Which self-help may apply: health-related or social groups."
    )
    town: str | None = strawberry.field(
        description="The town whose groups may apply (a city's fund); null for a programme "
        "of a whole Land or nationwide."
    )
    purpose: str = strawberry.field(description="What the programme pays for, in German.")
    applications_all_year: bool | None = strawberry.field(
        description="Applications are taken all year; null where the source does not say."
    )
    sessions_per_year: int | None = strawberry.field(
        description="How many sessions a year decide on applications; null where the source "
        "does not say."
    )
    application: ApplicationProcedure = strawberry.field(description="How to apply.")
    source_text: str = strawberry.field(
        description="The source text this entry is taken from (title and file)."
    )
    provenance: Provenance = strawberry.field(description="Source and currency of this record.")

    @classmethod
    def from_row(cls, row: Any) -> FundingProgramme:
        return cls(
            id=strawberry.ID(encode_id("FundingProgramme", SOURCE, row.id)),
            key=row.id,
            region_code=row.region_code,
            slug=row.slug,
            name=row.name,
            funder=row.funder,
            kind=row.kind,
            legal_basis=row.legal_basis,
            eligibility=row.eligibility,
            town=row.town,
            purpose=row.purpose,
            applications_all_year=row.applications_all_year,
            sessions_per_year=row.sessions_per_year,
            application=ApplicationProcedure(description=row.procedure, url=row.procedure_url),
            source_text=row.source_text,
            provenance=Provenance.from_row(row),
        )

    @strawberry.field(description="True for a programme open to groups all over Germany.")
    def nationwide(self) -> bool:
        return self.region_code is None

    @strawberry.field(
        description="The Land whose groups may apply; null for a nationwide programme."
    )
    async def region(self, info: Info) -> Region | None:
        if self.region_code is None:
            return None
        return await info.context.loaders.region_by_code.load(self.region_code)

    @strawberry.field(description="Application deadlines in the year, in calendar order.")
    async def deadlines(self, info: Info) -> list[FundingDeadline]:
        return await info.context.loaders.deadlines_by_programme.load(self.key)
