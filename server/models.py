"""Every table, imported in one place for Alembic and the tests."""
from server.admin.models import PolicyChange, RoleGrantRequest, TenantSettingChange
from server.attachment.models import Attachment
from server.audit.models import AuditEvent
from server.auth.models import CasbinRule, RoleGrant, SignInSession, User
from server.case.models import (
    Case,
    CaseEvent,
    CaseHandler,
    CaseRating,
    Petitioner,
    PublicDocument,
    RatingLink,
    Supervision,
)
from server.db import Base
from server.evaluation.models import (
    Campaign,
    Declaration,
    DeclarationStep,
    EvaluationConfig,
    Indicator,
    Rectification,
    ReviewRun,
    SelfAssessment,
    Submission,
    UnitRating,
)
from server.holidays.models import HolidayYear, HolidayYearChange
from server.incident.models import Incident
from server.screening.models import Dispute, Mediation, Meeting, MeetingDecision, ScreeningReport
from server.tenant.models import Tenant
from server.unit.models import Unit

__all__ = [
    "Campaign",
    "Declaration",
    "DeclarationStep",
    "EvaluationConfig",
    "Indicator",
    "Rectification",
    "ReviewRun",
    "SelfAssessment",
    "Submission",
    "UnitRating",
    "Dispute",
    "Mediation",
    "Meeting",
    "MeetingDecision",
    "ScreeningReport",
    "PolicyChange",
    "RoleGrantRequest",
    "TenantSettingChange",
    "AuditEvent",
    "Base",
    "Attachment",
    "Case",
    "CaseHandler",
    "CaseRating",
    "PublicDocument",
    "RatingLink",
    "Supervision",
    "CaseEvent",
    "CasbinRule",
    "HolidayYear",
    "HolidayYearChange",
    "Incident",
    "Petitioner",
    "RoleGrant",
    "SignInSession",
    "Tenant",
    "Unit",
    "User",
]
