"""The administration's GraphQL types: accounts with their roles and role requests, tenants, the
policy and tenant settings (their queries and mutations are schema/admin.py)."""
import datetime as dt

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from schema.errors import UserError
from schema.types import Unit, User
from server import ids
from server.admin import grants as grant_service
from server.admin import rules as admin_rules
from server.admin.models import TenantSettingChange as TenantSettingChangeModel
from server.auth.models import User as UserModel

# GraphQL names for the domain's enums; the `…Enum` names are aliases of the classes (see schema/types.py).
strawberry.enum(admin_rules.SettingType, name="TenantSettingType")
SettingTypeEnum = admin_rules.SettingType


@strawberry.type
class AdminRoleGrant:
    role: str
    unit: Unit


@strawberry.type(description="A role asked for by one administrator that gives no permission until a second one "
                                "approves it (双人审批): it carries permissions the asking administrator does not hold.")
class AdminRoleRequest:
    id: strawberry.ID
    role: str
    unit: Unit
    requested_at: dt.datetime
    may_approve: bool = strawberry.field(description="The viewer may approve it")
    may_refuse: bool = strawberry.field(description="The viewer may refuse (or, having asked, withdraw) it")
    requested_by_id: strawberry.Private[int]

    @strawberry.field
    async def requested_by(self, info: Info) -> User | None:
        user = await info.context.loaders.user.load(self.requested_by_id)
        return User.of(user) if user else None


@strawberry.type(description="An account as its administrators see it.")
class AdminUser:
    id: strawberry.ID
    username: str
    display_name: str
    is_active: bool
    must_change_password: bool
    last_login_at: dt.datetime | None
    locked_until: dt.datetime | None
    created_at: dt.datetime
    model: strawberry.Private[UserModel]

    @classmethod
    def of(cls, user: UserModel) -> "AdminUser":
        return cls(
            id=strawberry.ID(ids.encode("User", user.id)), username=user.username, display_name=user.display_name,
            is_active=user.is_active, must_change_password=user.must_change_password,
            last_login_at=user.last_login_at, locked_until=user.locked_until, created_at=user.created_at, model=user,
        )

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.model.unit_id))

    @strawberry.field
    async def grants(self, info: Info) -> list[AdminRoleGrant]:
        found = await grant_service.user_grants(
            db_session=info.context.db, principal=info.context.principal, user_ids=[self.model.id])
        return [AdminRoleGrant(role=role, unit=Unit.of(unit)) for role, unit in found.get(self.model.id, [])]

    @strawberry.field(description="Roles waiting for a second administrator's approval; they give no permission yet.")
    async def pending_grants(self, info: Info) -> list[AdminRoleRequest]:
        ctx = info.context
        found = await grant_service.open_requests(db_session=ctx.db, principal=ctx.principal, user_ids=[self.model.id])
        return [
            AdminRoleRequest(
                id=strawberry.ID(ids.encode("RoleGrantRequest", o.request.id)), role=o.request.role,
                unit=Unit.of(o.unit), requested_at=o.request.requested_at, may_approve=o.may_approve,
                may_refuse=o.may_refuse, requested_by_id=o.request.requested_by_user_id,
            )
            for o in found.get(self.model.id, [])
        ]


@strawberry.input
class AdminUserFilter:
    unit_id: strawberry.ID | None = None
    search: str | None = None
    include_inactive: bool = True
    pending_grants: bool = strawberry.field(default=False, description="Only accounts with a role waiting for approval")


@strawberry.input
class RoleAtInput:
    role: str
    unit_id: strawberry.ID


@strawberry.input
class CreateUserInput:
    unit_id: strawberry.ID
    username: str
    display_name: str
    roles: list[RoleAtInput]


@strawberry.input
class CreateTenantInput:
    province_code: str = strawberry.field(description="6-digit province code (统计用区划代码, first 6 digits), e.g. 330000")
    province_name: str
    city_code: str = strawberry.field(description="6-digit city code (统计用区划代码, first 6 digits), e.g. 330100")
    city_name: str
    county_code: str = strawberry.field(description="6-digit county code (统计用区划代码, first 6 digits), e.g. 330122")
    county_name: str
    admin_username: str
    admin_display_name: str


@strawberry.type
class CreateTenantPayload:
    tenant: Unit | None
    admin: AdminUser | None
    initial_password: str | None = strawberry.field(description="Shown once; must be changed at first sign-in")
    user_errors: list[UserError]


@strawberry.type
class AdminUserPayload:
    user: AdminUser | None
    user_errors: list[UserError]


@strawberry.type
class InitialPasswordPayload:
    user: AdminUser | None
    initial_password: str | None = strawberry.field(description="Shown once; must be changed at first sign-in")
    user_errors: list[UserError]


@strawberry.type
class ChangePasswordPayload:
    user: User | None
    user_errors: list[UserError]


@strawberry.type
class PolicyRule:
    role: str
    obj: str
    act: str


@strawberry.input
class PolicyRuleInput:
    role: str
    obj: str
    act: str


@strawberry.type
class PolicyRoleEffect:
    role: str
    allowed: list[str] = strawberry.field(description="object:action pairs the change newly allows")
    forbidden: list[str] = strawberry.field(description="object:action pairs the change takes away")
    accounts: int = strawberry.field(description="active accounts holding the role")


@strawberry.type
class PolicyPayload:
    rules: list[PolicyRule] | None
    user_errors: list[UserError]


@strawberry.type
class TenantSettingField:
    key: str
    type: SettingTypeEnum
    value: JSON | None
    default: JSON | None
    optional: bool
    choices: list[str]
    min: float | None
    max: float | None


@strawberry.type
class TenantSettingsView:
    tenant: Unit
    fields: list[TenantSettingField]


@strawberry.type
class TenantSettingChange:
    key: str
    old_value: JSON | None
    new_value: JSON | None
    changed_at: dt.datetime
    model: strawberry.Private[TenantSettingChangeModel]

    @classmethod
    def of(cls, change: TenantSettingChangeModel) -> "TenantSettingChange":
        return cls(key=change.key, old_value=JSON(change.old_value), new_value=JSON(change.new_value),
                   changed_at=change.changed_at, model=change)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("TenantSettingChange", self.model.id))

    @strawberry.field
    async def changed_by(self, info: Info) -> User | None:
        if self.model.changed_by_user_id is None:
            return None
        user = await info.context.loaders.user.load(self.model.changed_by_user_id)
        return User.of(user) if user else None


@strawberry.input
class TenantSettingInput:
    key: str
    value: JSON | None


@strawberry.type
class TenantSettingsPayload:
    settings: TenantSettingsView | None
    user_errors: list[UserError]
