"""Administration: tenants, unit tree import, accounts and roles, policy and tenant settings."""
