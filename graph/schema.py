"""The one schema factory, used by the app and by `shg schema` alike."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig

from .access.report import AccessReport
from .execution import Executor
from .federation.errors import RegionErrors
from .hardening.limits import OperationLimits
from .masking import LoggingSchema, MaskInternalErrors
from .mutations.add_local_group import AddLocalGroup
from .mutations.apply_correction import ApplyCorrection
from .mutations.dismiss_correction import DismissCorrection
from .mutations.erase_subject import EraseSubject
from .mutations.legal_hold import LegalHoldMutations
from .mutations.publish_group_registration import PublishGroupRegistration
from .mutations.publish_rare_condition_search import PublishRareConditionSearch
from .mutations.record_review import RecordReview
from .mutations.reject_group_registration import RejectGroupRegistration
from .mutations.reject_rare_condition_search import RejectRareConditionSearch
from .mutations.renew_rare_condition_search import RenewRareConditionSearch
from .mutations.report_contact_abuse import ReportContactAbuse
from .mutations.report_correction import ReportCorrection
from .mutations.request_contact import RequestContact
from .mutations.start_review import StartReview
from .mutations.submit_group_registration import SubmitGroupRegistration
from .mutations.submit_rare_condition_search import SubmitRareConditionSearch
from .mutations.update_contact_point import UpdateContactPoint
from .mutations.update_group import UpdateGroup
from .mutations.update_organisation import UpdateOrganisation
from .mutations.withdraw_consent import WithdrawConsent
from .mutations.withdraw_group_registration import WithdrawGroupRegistration
from .mutations.withdraw_rare_condition_search import WithdrawRareConditionSearch
from .queries.audit import AuditQueries
from .queries.changes import ChangeQueries
from .queries.contact_points import ContactPointQueries
from .queries.corrections import CorrectionQueries
from .queries.funding import FundingQueries
from .queries.groups import GroupQueries
from .queries.node import NodeQueries
from .queries.organisations import OrganisationQueries
from .queries.rare_conditions import RareConditionQueries
from .queries.rare_submissions import RareSubmissionQueries
from .queries.regions import RegionQueries
from .queries.registrations import RegistrationQueries
from .queries.search import SearchQueries
from .queries.statistics import StatisticsQueries
from .queries.subjects import SubjectQueries
from .queries.topics import TopicQueries
from .scalars import SCALAR_MAP
from .types.contact_point import ContactPoint
from .types.funding import FundingProgramme
from .types.group import Group
from .types.organisation import Organisation
from .types.rare_condition import RareConditionSearch
from .types.region import Region
from .types.topic import Topic


@strawberry.type(description="Read the self-help landscape: registries and regions joined.")
class Query(
    NodeQueries,
    RegionQueries,
    TopicQueries,
    OrganisationQueries,
    ContactPointQueries,
    GroupQueries,
    RareConditionQueries,
    FundingQueries,
    SearchQueries,
    RegistrationQueries,
    RareSubmissionQueries,
    CorrectionQueries,
    AuditQueries,
    ChangeQueries,
    SubjectQueries,
    StatisticsQueries,
):
    pass


@strawberry.type(
    description="Write to the registry: every mutation takes `input:`, answers a payload with "
    "`errors { field code message }` (nothing written when there are any), runs in one "
    "transaction with its change-log entry, and is safe to retry with `clientMutationId`."
)
class Mutation(
    SubmitGroupRegistration,
    WithdrawGroupRegistration,
    StartReview,
    RecordReview,
    PublishGroupRegistration,
    RejectGroupRegistration,
    ReportCorrection,
    RequestContact,
    ReportContactAbuse,
    ApplyCorrection,
    DismissCorrection,
    UpdateContactPoint,
    UpdateGroup,
    AddLocalGroup,
    UpdateOrganisation,
    EraseSubject,
    WithdrawConsent,
    SubmitRareConditionSearch,
    PublishRareConditionSearch,
    RejectRareConditionSearch,
    RenewRareConditionSearch,
    WithdrawRareConditionSearch,
    LegalHoldMutations,
):
    pass


def build_schema(max_batch: int = 0) -> strawberry.Schema:
    """`max_batch` > 0 accepts JSON arrays of up to that many operations (off by default)."""
    batching = {"max_operations": max_batch} if max_batch > 0 else None
    return LoggingSchema(
        query=Query,
        mutation=Mutation,
        types=[
            Region,
            Topic,
            Organisation,
            ContactPoint,
            Group,
            RareConditionSearch,
            FundingProgramme,
        ],
        config=StrawberryConfig(
            auto_camel_case=True, batching_config=batching, scalar_map=SCALAR_MAP
        ),
        execution_context_class=Executor,  # plain leaf fields on a short path (execution.py)
        extensions=[
            OperationLimits,  # first: limits (and cached parsing and validation) before execution
            MaskInternalErrors,
            AccessReport,
            RegionErrors,
        ],
    )
