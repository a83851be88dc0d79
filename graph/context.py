"""The per-request context: settings, the registry's engine, and fresh loaders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response

from regions.sources.protocol import RegionSource

from .access.journal import AccessJournal
from .caller import ANONYMOUS, Caller
from .federation.calls import RegionCalls
from .federation.groups import GroupSources
from .loaders.contact_points import (
    BranchesByContactPointIdLoader,
    ContactPointByIdLoader,
    DistrictsByContactPointIdLoader,
    OfficeHoursByContactPointIdLoader,
)
from .loaders.contact_routes import RouteFactsLoader
from .loaders.funding import (
    DeadlinesByProgrammeIdLoader,
    FundingProgrammeByIdLoader,
    ProgrammesOpenToLoader,
)
from .loaders.groups import GroupByIdLoader
from .loaders.nested import NESTED
from .loaders.organisations import OrganisationByIdLoader
from .loaders.personal import (
    ContactsByOrganisationIdLoader,
    GroupContactByGroupIdLoader,
    PersonBySearchIdLoader,
    StaffByContactPointIdLoader,
)
from .loaders.rare_conditions import (
    OrganisationsCoveringConditionLoader,
    RareConditionByIdLoader,
    RareConditionSearchByIdLoader,
)
from .loaders.regions import CoordinationHoursByRegionLoader, RegionByCodeLoader
from .loaders.topics import (
    SynonymsByTopicIdLoader,
    TopicByIdLoader,
    TopicBySlugLoader,
    TopicsByGroupIdLoader,
    TopicsByOrganisationIdLoader,
    TopicsByParentIdLoader,
)
from .loaders.windows import CountLoader, WindowLoader
from .settings import Settings


class Loaders:
    """Created per request and only on first use: no data outlives a request."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._windows: dict[str, WindowLoader] = {}
        self._counts: dict[str, CountLoader] = {}

    @cached_property
    def region_by_code(self) -> RegionByCodeLoader:
        return RegionByCodeLoader(self.engine)

    @cached_property
    def topic_by_id(self) -> TopicByIdLoader:
        return TopicByIdLoader(self.engine)

    @cached_property
    def topic_by_slug(self) -> TopicBySlugLoader:
        return TopicBySlugLoader(self.engine)

    @cached_property
    def topics_by_parent(self) -> TopicsByParentIdLoader:
        return TopicsByParentIdLoader(self.engine)

    @cached_property
    def topics_by_group(self) -> TopicsByGroupIdLoader:
        return TopicsByGroupIdLoader(self.engine)

    @cached_property
    def topics_by_organisation(self) -> TopicsByOrganisationIdLoader:
        return TopicsByOrganisationIdLoader(self.engine)

    @cached_property
    def synonyms_by_topic(self) -> SynonymsByTopicIdLoader:
        return SynonymsByTopicIdLoader(self.engine)

    @cached_property
    def coordination_hours_by_region(self) -> CoordinationHoursByRegionLoader:
        return CoordinationHoursByRegionLoader(self.engine)

    @cached_property
    def organisation_by_id(self) -> OrganisationByIdLoader:
        return OrganisationByIdLoader(self.engine)

    @cached_property
    def contact_point_by_id(self) -> ContactPointByIdLoader:
        return ContactPointByIdLoader(self.engine)

    @cached_property
    def branches_by_contact_point(self) -> BranchesByContactPointIdLoader:
        return BranchesByContactPointIdLoader(self.engine)

    @cached_property
    def office_hours_by_contact_point(self) -> OfficeHoursByContactPointIdLoader:
        return OfficeHoursByContactPointIdLoader(self.engine)

    @cached_property
    def districts_by_contact_point(self) -> DistrictsByContactPointIdLoader:
        return DistrictsByContactPointIdLoader(self.engine)

    @cached_property
    def group_by_id(self) -> GroupByIdLoader:
        return GroupByIdLoader(self.engine)

    @cached_property
    def funding_programme_by_id(self) -> FundingProgrammeByIdLoader:
        return FundingProgrammeByIdLoader(self.engine)

    @cached_property
    def deadlines_by_programme(self) -> DeadlinesByProgrammeIdLoader:
        return DeadlinesByProgrammeIdLoader(self.engine)

    @cached_property
    def programmes_open_to(self) -> ProgrammesOpenToLoader:
        return ProgrammesOpenToLoader(self.engine)

    def window(self, name: str) -> WindowLoader:
        """The nested-page loader `name` of NESTED (made once per request)."""
        if name not in self._windows:
            of, convert = NESTED[name]
            self._windows[name] = WindowLoader(self.engine, of, convert)
        return self._windows[name]

    def count(self, name: str) -> CountLoader:
        if name not in self._counts:
            self._counts[name] = CountLoader(self.engine, NESTED[name][0])
        return self._counts[name]

    @cached_property
    def rare_condition_search_by_id(self) -> RareConditionSearchByIdLoader:
        return RareConditionSearchByIdLoader(self.engine)

    @cached_property
    def rare_condition_by_id(self) -> RareConditionByIdLoader:
        return RareConditionByIdLoader(self.engine)

    @cached_property
    def organisations_covering_condition(self) -> OrganisationsCoveringConditionLoader:
        return OrganisationsCoveringConditionLoader(self.engine)

    @cached_property
    def route_facts(self) -> RouteFactsLoader:
        return RouteFactsLoader(self.engine)

    @cached_property
    def group_contact_by_group(self) -> GroupContactByGroupIdLoader:
        return GroupContactByGroupIdLoader(self.engine)

    @cached_property
    def staff_by_contact_point(self) -> StaffByContactPointIdLoader:
        return StaffByContactPointIdLoader(self.engine)

    @cached_property
    def contacts_by_organisation(self) -> ContactsByOrganisationIdLoader:
        return ContactsByOrganisationIdLoader(self.engine)

    @cached_property
    def person_by_search(self) -> PersonBySearchIdLoader:
        return PersonBySearchIdLoader(self.engine)


@dataclass
class Context:
    settings: Settings
    engine: AsyncEngine
    request: Request | None = None
    response: Response | None = None
    request_id: str = ""  # the server's own (graph/hardening/identity.py)
    proxy_request_id: str | None = None  # a trusted proxy's, kept beside it
    caller: Caller = ANONYMOUS
    sources: Mapping[str, RegionSource] = field(default_factory=dict)
    access: AccessJournal = field(default_factory=AccessJournal)
    guard: Any = None  # the app's hardening Guard (quotas of mutations), set by the view
    response_cache: Any = None  # the app's ResponseCache (told of writes), set by the view
    loaders: Loaders = field(init=False)
    regions: RegionCalls = field(init=False)
    groups: GroupSources = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.engine)
        self.regions = RegionCalls(self.sources)
        self.groups = GroupSources(self.engine, self.loaders, self.regions)
