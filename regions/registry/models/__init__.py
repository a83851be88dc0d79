"""The national registry's tables (SQLAlchemy 2 declarative models)."""

from regions.registry.models.access import Disclosure, IssuedToken, TokenRevocation
from regions.registry.models.base import Base
from regions.registry.models.consent import (
    Consent,
    ConsentChannel,
    ConsentScope,
    ConsentSubject,
)
from regions.registry.models.contact_point import (
    ContactPoint,
    ContactPointKind,
    ContactPointService,
    ContactPointStaff,
    OfficeHours,
    ServedDistrict,
)
from regions.registry.models.contact_request import ContactBlock, ContactRequest
from regions.registry.models.corrections import Correction, OutboxMessage
from regions.registry.models.funding import (
    CareDomain,
    FundingDeadline,
    FundingDeadlineKind,
    FundingKind,
    FundingProgramme,
)
from regions.registry.models.group import (
    DigitalTool,
    Group,
    GroupContact,
    GroupTopic,
)
from regions.registry.models.organisation import (
    Organisation,
    OrganisationContact,
    OrganisationKind,
    OrganisationLevel,
    OrganisationTopic,
    UmbrellaKind,
)
from regions.registry.models.rare_condition import (
    RareCondition,
    RareConditionPerson,
    RareConditionSearch,
    SeekerRole,
)
from regions.registry.models.region import CoordinationOfficeHours, Region
from regions.registry.models.registration import GroupRegistration
from regions.registry.models.retention import LegalHold
from regions.registry.models.search import PostalCode, TopicTermStem
from regions.registry.models.topic import Topic, TopicSynonym
from regions.registry.models.versions import SourceVersion
from regions.registry.models.writes import ChangeLogEntry, MutationResult

__all__ = [
    "Base",
    "CareDomain",
    "FundingDeadline",
    "FundingDeadlineKind",
    "FundingKind",
    "FundingProgramme",
    "ChangeLogEntry",
    "Consent",
    "ConsentChannel",
    "ConsentScope",
    "ConsentSubject",
    "ContactBlock",
    "ContactPoint",
    "ContactPointKind",
    "ContactPointService",
    "ContactPointStaff",
    "ContactRequest",
    "CoordinationOfficeHours",
    "Correction",
    "Disclosure",
    "DigitalTool",
    "Group",
    "GroupContact",
    "GroupRegistration",
    "GroupTopic",
    "IssuedToken",
    "LegalHold",
    "MutationResult",
    "OfficeHours",
    "Organisation",
    "OrganisationContact",
    "OrganisationKind",
    "OrganisationLevel",
    "OrganisationTopic",
    "OutboxMessage",
    "PostalCode",
    "RareCondition",
    "RareConditionPerson",
    "RareConditionSearch",
    "Region",
    "SeekerRole",
    "ServedDistrict",
    "SourceVersion",
    "Topic",
    "TokenRevocation",
    "TopicSynonym",
    "UmbrellaKind",
    "TopicTermStem",
]
