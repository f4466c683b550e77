"""Administration: tenants, unit tree import, accounts and roles, policy and tenant settings.

Who may do what:
- platform operators (a role the policy lets do `tenant create` / `policy update`, i.e.
  `platform_admin`) create tenants and change the policy (tenants.py, policy.py);
- county and township administrators manage the accounts of their own subtree (`user *` at
  their unit, accounts.py) and never grant a role ranked above their own (`rules.may_grant`,
  grants.py);
- county administrators import the unit tree and accounts (importer/, user_import.py) and edit
  the tenant settings (settings.py).

Each public use case is one transaction with an audit record for every change.
"""
