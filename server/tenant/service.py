from sqlalchemy.ext.asyncio import AsyncSession

from server.tenant.models import Tenant
from server.tenant.settings import TenantSettings


async def get_settings(*, db_session: AsyncSession, tenant_id: int | None) -> TenantSettings:
    """A county's settings; the statutory defaults outside any county (platform operators)."""
    tenant = await db_session.get(Tenant, tenant_id) if tenant_id is not None else None
    return TenantSettings.from_json(tenant.settings if tenant else None)
