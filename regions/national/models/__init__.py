"""The national registry's tables (SQLAlchemy 2 declarative models)."""

from .access import Disclosure, IssuedToken, TokenRevocation
from .base import Base
from .contact_point import ContactPoint, ContactPointStaff, OfficeHours, ServedDistrict
from .group import (
    Audience,
    ContactMode,
    Group,
    GroupContact,
    GroupFormat,
    GroupReach,
    GroupStatus,
    GroupTopic,
    ReviewState,
)
from .organisation import Organisation, OrganisationContact, OrganisationKind, OrganisationTopic
from .rare_condition import RareCondition, RareConditionPerson, RareConditionSearch, SeekerRole
from .region import Region
from .search import PostalCode, TopicTermStem
from .topic import Topic, TopicSynonym

__all__ = [
    "Audience",
    "Base",
    "ContactMode",
    "ContactPoint",
    "ContactPointStaff",
    "Disclosure",
    "Group",
    "GroupContact",
    "GroupFormat",
    "GroupReach",
    "GroupStatus",
    "GroupTopic",
    "IssuedToken",
    "OfficeHours",
    "Organisation",
    "OrganisationContact",
    "OrganisationKind",
    "OrganisationTopic",
    "PostalCode",
    "RareCondition",
    "RareConditionPerson",
    "RareConditionSearch",
    "Region",
    "ReviewState",
    "SeekerRole",
    "ServedDistrict",
    "Topic",
    "TokenRevocation",
    "TopicSynonym",
    "TopicTermStem",
]
