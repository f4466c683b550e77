"""Administration: tenants, accounts and roles, the authorisation policy, tenant settings.

Unit and account sheets are uploaded to `/admin/import/{units,users}` (server/admin/http.py):
files do not travel inside GraphQL.
"""

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from schema.admin_types import (
    AdminUser,
    AdminUserFilter,
    AdminUserPayload,
    ChangePasswordPayload,
    CreateTenantInput,
    CreateTenantPayload,
    CreateUserInput,
    InitialPasswordPayload,
    PolicyPayload,
    PolicyRoleEffect,
    PolicyRule,
    PolicyRuleInput,
    TenantSettingChange,
    TenantSettingField,
    TenantSettingInput,
    TenantSettingsPayload,
    TenantSettingsView,
)
from schema.connection import Connection, connection
from schema.errors import UserError, as_payload
from schema.permissions import signed_in
from schema.types import Unit, User
from server import ids
from server.admin import accounts, tenants
from server.admin import grants as grant_service
from server.admin import policy as policy_service
from server.admin import rules as admin_rules
from server.admin import settings as settings_service
from server.auth import service as auth_service
from server.auth.models import User as UserModel
from server.auth.policy import ROLES
from server.errors import DomainError
from server.pagination import page_size
from server.unit.models import Unit as UnitModel


def _rules(items: list[PolicyRuleInput] | None) -> list[tuple[str, str, str]]:
    return [(r.role.strip(), r.obj.strip(), r.act.strip()) for r in items or []]


async def _settings_view(info: Info, tenant_id: int, settings) -> TenantSettingsView:
    county = await info.context.loaders.unit.load(tenant_id)
    values = settings.to_json()
    return TenantSettingsView(
        tenant=Unit.of(county),
        fields=[
            TenantSettingField(
                key=s.key, type=s.type, value=JSON(admin_rules.to_plain(values.get(s.key))), default=JSON(s.default),
                optional=s.optional, choices=list(s.choices), min=s.minimum, max=s.maximum,
            )
            for s in settings_service.setting_specs()
        ],
    )


@strawberry.type
class AdminQuery:
    @strawberry.field(
        extensions=signed_in(), description="County tenants: every one for a platform operator, else the viewer's own.",
    )
    async def tenants(self, info: Info) -> list[Unit]:
        ctx = info.context
        return [Unit.of(u) for u in await tenants.list_tenants(db_session=ctx.db, principal=ctx.principal)]

    @strawberry.field(
        extensions=signed_in(), description="Accounts in the viewer's administered subtree, by unit (a page at a time).",
    )
    async def admin_users(
        self, info: Info, filter: AdminUserFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[AdminUser]:
        ctx = info.context
        flt = filter or AdminUserFilter()
        page, query = await accounts.list_users(
            db_session=ctx.db, principal=ctx.principal,
            flt=accounts.UserFilter(
                unit_id=ids.decode("Unit", flt.unit_id, field=["filter", "unitId"]) if flt.unit_id else None,
                search=flt.search, include_inactive=flt.include_inactive, pending_grants=flt.pending_grants,
            ),
            first=page_size(first, ctx.settings), after=after,
        )
        return connection(page, query, AdminUser.of)

    @strawberry.field(extensions=signed_in(), description="Roles the viewer may grant at a unit.")
    async def grantable_roles(self, info: Info, unit_id: strawberry.ID) -> list[str]:
        ctx = info.context
        unit = await ctx.loaders.unit.load(ids.decode("Unit", unit_id, field=["unitId"]))
        return grant_service.grantable_roles(principal=ctx.principal, unit=unit)

    @strawberry.field(extensions=signed_in(), description="The authorisation policy (platform operators).")
    async def policy(self, info: Info) -> list[PolicyRule]:
        ctx = info.context
        rows = await policy_service.policy_rules(db_session=ctx.db, principal=ctx.principal)
        return [PolicyRule(role=r, obj=o, act=a) for r, o, a in rows]

    @strawberry.field(extensions=signed_in(), description="What a policy change would allow and forbid, before making it.")
    async def policy_preview(
        self, info: Info, add: list[PolicyRuleInput] | None = None, remove: list[PolicyRuleInput] | None = None
    ) -> list[PolicyRoleEffect]:
        ctx = info.context
        effects, holders = await policy_service.preview_policy(
            db_session=ctx.db, principal=ctx.principal, add=_rules(add), remove=_rules(remove)
        )
        return [
            PolicyRoleEffect(role=e.role, allowed=list(e.allowed), forbidden=list(e.forbidden),
                             accounts=holders.get(e.role, 0))
            for e in effects
        ]

    @strawberry.field(extensions=signed_in(), description="Every role the policy knows.")
    def roles(self) -> list[str]:
        return list(ROLES)

    @strawberry.field(extensions=signed_in(), description="A county's settings, every field with its type, default and limits.")
    async def tenant_settings(self, info: Info, tenant_id: strawberry.ID) -> TenantSettingsView:
        ctx = info.context
        pk = ids.decode("Unit", tenant_id, field=["tenantId"])
        settings = await settings_service.tenant_settings(db_session=ctx.db, principal=ctx.principal, tenant_id=pk)
        return await _settings_view(info, pk, settings)

    @strawberry.field(
        extensions=signed_in(),
        description="Changed settings, newest first: who, when, old and new value. At most the newest "
        f"{settings_service.OLD_HISTORY_CUT} — tenantSettingsHistoryConnection pages through all of them.",
        deprecation_reason=f"Stops at {settings_service.OLD_HISTORY_CUT} changes; use "
        "tenantSettingsHistoryConnection.",
    )
    async def tenant_settings_history(self, info: Info, tenant_id: strawberry.ID) -> list[TenantSettingChange]:
        ctx = info.context
        pk = ids.decode("Unit", tenant_id, field=["tenantId"])
        rows = await settings_service.settings_history(db_session=ctx.db, principal=ctx.principal, tenant_id=pk)
        return [TenantSettingChange.of(r) for r in rows]

    @strawberry.field(extensions=signed_in(),
                      description="Changed settings of a county, newest first, a page at a time: who, when, old and "
                      "new value; totalCount when asked.")
    async def tenant_settings_history_connection(
        self, info: Info, tenant_id: strawberry.ID, first: int | None = None, after: str | None = None
    ) -> Connection[TenantSettingChange]:
        ctx = info.context
        page, query = await settings_service.settings_history_page(
            db_session=ctx.db, principal=ctx.principal, tenant_id=ids.decode("Unit", tenant_id, field=["tenantId"]),
            first=page_size(first, ctx.settings), after=after,
        )
        return connection(page, query, TenantSettingChange.of)


@strawberry.type
class AdminMutation:
    @strawberry.mutation(
        extensions=signed_in(), description="A county tenant and its first county administrator (platform operators).",
    )
    async def create_tenant(self, info: Info, input: CreateTenantInput) -> CreateTenantPayload:
        ctx = info.context

        async def run():
            return await tenants.create_tenant(
                db_session=ctx.db, principal=ctx.principal,
                data=tenants.NewTenant(
                    province_code=input.province_code, province_name=input.province_name, city_code=input.city_code,
                    city_name=input.city_name, county_code=input.county_code, county_name=input.county_name,
                    admin_username=input.admin_username, admin_display_name=input.admin_display_name,
                ),
            )

        return await as_payload(ctx.locale, run, lambda r, errors: CreateTenantPayload(
            tenant=Unit.of(r[0]) if r else None, admin=AdminUser.of(r[1]) if r else None,
            initial_password=r[2] if r else None, user_errors=errors,
        ))

    @strawberry.mutation(extensions=signed_in(), description="An account with a one-time initial password.")
    async def create_user(self, info: Info, input: CreateUserInput) -> InitialPasswordPayload:
        ctx = info.context

        async def run():
            return await accounts.create_user(
                db_session=ctx.db, principal=ctx.principal,
                data=accounts.NewUser(
                    unit_id=ids.decode("Unit", input.unit_id, field=["input", "unitId"]),
                    username=input.username, display_name=input.display_name,
                    roles=[
                        accounts.RoleAt(r.role, ids.decode("Unit", r.unit_id, field=["input", "roles", str(i), "unitId"]))
                        for i, r in enumerate(input.roles)
                    ],
                ),
            )

        return await as_payload(ctx.locale, run, lambda r, errors: InitialPasswordPayload(
            user=AdminUser.of(r[0]) if r else None, initial_password=r[1] if r else None, user_errors=errors,
        ))

    @strawberry.mutation(extensions=signed_in())
    async def grant_role(self, info: Info, user_id: strawberry.ID, role: str, unit_id: strawberry.ID) -> AdminUserPayload:
        ctx = info.context

        async def run() -> UserModel:
            return await grant_service.grant_role(
                db_session=ctx.db, principal=ctx.principal, user_id=ids.decode("User", user_id, field=["userId"]),
                role=role, unit_id=ids.decode("Unit", unit_id, field=["unitId"]),
            )

        return await as_payload(ctx.locale, run, _user_payload)

    @strawberry.mutation(extensions=signed_in())
    async def revoke_role(self, info: Info, user_id: strawberry.ID, role: str, unit_id: strawberry.ID) -> AdminUserPayload:
        ctx = info.context

        async def run() -> UserModel:
            return await grant_service.revoke_role(
                db_session=ctx.db, principal=ctx.principal, user_id=ids.decode("User", user_id, field=["userId"]),
                role=role, unit_id=ids.decode("Unit", unit_id, field=["unitId"]),
            )

        return await as_payload(ctx.locale, run, _user_payload)

    @strawberry.mutation(extensions=signed_in(), description="Approve a role request (双人审批): the role takes effect now.")
    async def approve_role_grant(self, info: Info, id: strawberry.ID) -> AdminUserPayload:
        return await _decide(info, id, approve=True)

    @strawberry.mutation(
        extensions=signed_in(), description="Refuse a role request (or withdraw one's own): it never takes effect.",
    )
    async def refuse_role_grant(self, info: Info, id: strawberry.ID) -> AdminUserPayload:
        return await _decide(info, id, approve=False)

    @strawberry.mutation(extensions=signed_in(), description="Deactivate (sessions end at once) or reactivate an account.")
    async def set_user_active(self, info: Info, id: strawberry.ID, active: bool) -> AdminUserPayload:
        ctx = info.context

        async def run() -> UserModel:
            return await accounts.set_active(
                db_session=ctx.db, principal=ctx.principal, user_id=ids.decode("User", id, field=["id"]), active=active
            )

        return await as_payload(ctx.locale, run, _user_payload)

    @strawberry.mutation(extensions=signed_in())
    async def update_user(self, info: Info, id: strawberry.ID, display_name: str) -> AdminUserPayload:
        ctx = info.context

        async def run() -> UserModel:
            return await accounts.update_user(
                db_session=ctx.db, principal=ctx.principal, user_id=ids.decode("User", id, field=["id"]),
                display_name=display_name,
            )

        return await as_payload(ctx.locale, run, _user_payload)

    @strawberry.mutation(extensions=signed_in(), description="A new one-time password; the account must change it at sign-in.")
    async def reset_password(self, info: Info, id: strawberry.ID) -> InitialPasswordPayload:
        ctx = info.context

        async def run():
            return await accounts.reset_password(
                db_session=ctx.db, principal=ctx.principal, user_id=ids.decode("User", id, field=["id"])
            )

        return await as_payload(ctx.locale, run, lambda r, errors: InitialPasswordPayload(
            user=AdminUser.of(r[0]) if r else None, initial_password=r[1] if r else None, user_errors=errors,
        ))

    @strawberry.mutation(description="The signed-in user's new password (also replaces a one-time password).")
    async def change_password(self, info: Info, old_password: str, new_password: str) -> ChangePasswordPayload:
        ctx = info.context
        if not ctx.principal.authenticated:
            raise DomainError("UNAUTHENTICATED")

        async def run() -> UserModel:
            return await auth_service.change_password(
                db_session=ctx.db, settings=ctx.settings, principal=ctx.principal,
                old_password=old_password, new_password=new_password, token=ctx.session_token,
            )

        return await as_payload(ctx.locale, run, lambda u, errors: ChangePasswordPayload(
            user=User.of(u) if u else None, user_errors=errors
        ))

    @strawberry.mutation(
        extensions=signed_in(), description="Change the policy; every server process applies it without a restart.",
    )
    async def update_policy(
        self, info: Info, add: list[PolicyRuleInput] | None = None, remove: list[PolicyRuleInput] | None = None
    ) -> PolicyPayload:
        ctx = info.context

        async def run():
            return await policy_service.update_policy(
                db_session=ctx.db, principal=ctx.principal, authorizer=ctx.authorizer,
                add=_rules(add), remove=_rules(remove),
            )

        return await as_payload(ctx.locale, run, lambda rows, errors: PolicyPayload(
            rules=[PolicyRule(role=r, obj=o, act=a) for r, o, a in rows] if rows is not None else None,
            user_errors=errors,
        ))

    @strawberry.mutation(extensions=signed_in(), description="Change some of a county's settings; they apply from now on.")
    async def update_tenant_settings(
        self, info: Info, tenant_id: strawberry.ID, changes: list[TenantSettingInput]
    ) -> TenantSettingsPayload:
        ctx = info.context
        pk = ids.decode("Unit", tenant_id, field=["tenantId"])

        async def run():
            return await settings_service.update_settings(
                db_session=ctx.db, principal=ctx.principal, tenant_id=pk,
                changes={c.key: c.value for c in changes},
            )

        result = await as_payload(ctx.locale, run, lambda s, errors: (s, errors))
        settings, errors = result
        return TenantSettingsPayload(
            settings=await _settings_view(info, pk, settings) if settings is not None else None, user_errors=errors
        )


async def _decide(info: Info, id: strawberry.ID, *, approve: bool) -> AdminUserPayload:
    ctx = info.context

    async def run() -> UserModel:
        return await grant_service.decide_request(
            db_session=ctx.db, principal=ctx.principal, request_id=ids.decode("RoleGrantRequest", id, field=["id"]),
            approve=approve,
        )

    return await as_payload(ctx.locale, run, _user_payload)


def _user_payload(user: UserModel | None, errors: list[UserError]) -> AdminUserPayload:
    return AdminUserPayload(user=AdminUser.of(user) if user else None, user_errors=errors)


__all__ = ["AdminMutation", "AdminQuery", "UnitModel"]
