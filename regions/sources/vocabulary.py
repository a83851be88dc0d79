"""The values every source shares (format, reach, status, audience, contact mode, review state).

Each source has its own words for them (a layout's or dialect's `own` mapping); these are the
national names the protocol, the search criteria and the graph speak.
"""

from __future__ import annotations

import enum


class GroupFormat(enum.Enum):
    IN_PERSON = "IN_PERSON"
    DIGITAL = "DIGITAL"
    HYBRID = "HYBRID"


class GroupReach(enum.Enum):
    LOCAL = "LOCAL"
    STATE = "STATE"
    NATIONWIDE = "NATIONWIDE"


class GroupStatus(enum.Enum):
    ACTIVE = "ACTIVE"
    FOUNDING = "FOUNDING"
    PAUSED = "PAUSED"
    ENDED = "ENDED"


class ReviewState(enum.Enum):
    SUBMITTED = "SUBMITTED"
    IN_REVIEW = "IN_REVIEW"
    PUBLISHED = "PUBLISHED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"  # by the group itself, with its management key, before publication


class Audience(enum.Enum):
    AFFECTED = "AFFECTED"
    RELATIVES = "RELATIVES"
    BOTH = "BOTH"


class ContactMode(enum.Enum):
    DIRECT = "DIRECT"
    VIA_CONTACT_POINT = "VIA_CONTACT_POINT"
