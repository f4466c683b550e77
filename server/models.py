"""Every table, imported in one place for Alembic and the tests."""
from server.audit.models import AuditEvent
from server.auth.models import CasbinRule, RoleGrant, SignInSession, User
from server.case.models import Case, CaseEvent, Petitioner
from server.db import Base
from server.incident.models import Incident
from server.tenant.models import Tenant
from server.unit.models import Unit

__all__ = [
    "AuditEvent",
    "Base",
    "Case",
    "CaseEvent",
    "CasbinRule",
    "Incident",
    "Petitioner",
    "RoleGrant",
    "SignInSession",
    "Tenant",
    "Unit",
    "User",
]
