from sqlalchemy.ext.asyncio import AsyncSession

from server.tenant.models import Tenant
from server.tenant.settings import TenantSettings


async def get_settings(*, db_session: AsyncSession, tenant_id: int) -> TenantSettings:
    tenant = await db_session.get(Tenant, tenant_id)
    return TenantSettings.from_json(tenant.settings if tenant else None)
