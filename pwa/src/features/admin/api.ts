/** Administration API: accounts, settings, policy over GraphQL; sheets uploaded to /admin/import. */
import { httpRefusal } from '../../shared/httpRefusal'
import { currentLocale } from '../../shared/i18n'
import type {
  AdminUnitFieldsFragment,
  AdminUserFieldsFragment,
  AdminUsersQuery,
  AdminUsersQueryVariables,
  ApproveRoleGrantMutation,
  ApproveRoleGrantMutationVariables,
  ChangePasswordMutation,
  ChangePasswordMutationVariables,
  ChildUnitsQuery,
  ChildUnitsQueryVariables,
  CreateTenantInput,
  CreateTenantMutation,
  CreateTenantMutationVariables,
  CreateUserInput,
  CreateUserMutation,
  CreateUserMutationVariables,
  GrantableRolesQuery,
  GrantableRolesQueryVariables,
  GrantRoleMutation,
  GrantRoleMutationVariables,
  PolicyPreviewQuery,
  PolicyPreviewQueryVariables,
  PolicyQuery,
  PolicyRuleInput,
  RefuseRoleGrantMutation,
  RefuseRoleGrantMutationVariables,
  ResetPasswordMutation,
  ResetPasswordMutationVariables,
  RevokeRoleMutation,
  RevokeRoleMutationVariables,
  SetUserActiveMutation,
  SetUserActiveMutationVariables,
  TenantSettingInput,
  TenantSettingsHistoryQuery,
  TenantSettingsHistoryQueryVariables,
  TenantSettingsQuery,
  TenantSettingsQueryVariables,
  TenantsQuery,
  UnitTreeQuery,
  UpdatePolicyMutation,
  UpdatePolicyMutationVariables,
  UpdateSettingsMutation,
  UpdateSettingsMutationVariables,
} from '../../shared/api.generated'
import { gql, NetworkError } from '../../shared/graphql'
import type { Connection } from '../../shared/pagination'
import type { UnitLevel } from '../../shared/types'

/** A unit as the administration pages list it (a county tenant, a township). */
export type AdminUnit = AdminUnitFieldsFragment
export type AdminUser = AdminUserFieldsFragment
/** A role waiting for a second administrator's approval (双人审批); it gives nothing yet. */
export type PendingGrant = AdminUser['pendingGrants'][number]
export type PasswordResult = CreateUserMutation['createUser']
export type SettingField = TenantSettingsQuery['tenantSettings']['fields'][number]
export type SettingChange = TenantSettingsHistoryQuery['tenantSettingsHistoryConnection']['edges'][number]['node']
export type Rule = PolicyRuleInput
export type NewTenant = CreateTenantInput

const ADMIN_UNIT_FRAGMENT = /* GraphQL */ `fragment AdminUnitFields on Unit { id name level path }`

const ADMIN_USER_FRAGMENT = /* GraphQL */ `fragment AdminUserFields on AdminUser {
  id username displayName isActive mustChangePassword lastLoginAt lockedUntil
  unit { id name path } grants { role unit { id name } }
  pendingGrants { id role unit { id name } mayApprove mayRefuse requestedBy { displayName } }
}`

export async function fetchTenants(): Promise<AdminUnit[]> {
  const query = /* GraphQL */ `query Tenants { tenants { ...AdminUnitFields } } ${ADMIN_UNIT_FRAGMENT}`
  return (await gql<TenantsQuery>(query)).tenants
}

/** The viewer's units down to villages, flattened in tree order (one request). */
export async function fetchUnitTree(): Promise<(AdminUnit & { depth: number })[]> {
  const data = await gql<UnitTreeQuery>(
    /* GraphQL */ `query UnitTree { units { ...AdminUnitFields children { ...AdminUnitFields
      children { ...AdminUnitFields children { ...AdminUnitFields } } } } }
    ${ADMIN_UNIT_FRAGMENT}`,
  )
  const out: (AdminUnit & { depth: number })[] = []
  const walk = (units: (AdminUnit & { children?: AdminUnit[] })[], depth: number) => {
    for (const u of units) {
      out.push({ id: u.id, name: u.name, level: u.level, path: u.path, depth })
      if (u.children) walk(u.children, depth + 1)
    }
  }
  walk(data.units, 0)
  return out
}

/** The children of a unit (a county's townships), active ones only. */
export async function fetchChildUnits(parentId: string): Promise<AdminUnit[]> {
  const variables: ChildUnitsQueryVariables = { p: parentId }
  const query = /* GraphQL */ `query ChildUnits($p: ID) { units(parentId: $p) { ...AdminUnitFields } } ${ADMIN_UNIT_FRAGMENT}`
  return (await gql<ChildUnitsQuery>(query, variables)).units
}

/** One page of the accounts (by unit), after the cursor `after`. */
export async function fetchUsers(
  search: string,
  after: string | null = null,
  pendingOnly = false,
): Promise<Connection<AdminUser>> {
  const variables: AdminUsersQueryVariables = { f: { search: search || null, pendingGrants: pendingOnly }, after }
  const data = await gql<AdminUsersQuery>(
    /* GraphQL */ `query AdminUsers($f: AdminUserFilter, $after: String) { adminUsers(filter: $f, first: 50, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...AdminUserFields } } } }
    ${ADMIN_USER_FRAGMENT}`,
    variables,
  )
  return data.adminUsers
}

export async function fetchGrantableRoles(unitId: string): Promise<string[]> {
  const variables: GrantableRolesQueryVariables = { u: unitId }
  const query = /* GraphQL */ `query GrantableRoles($u: ID!) { grantableRoles(unitId: $u) }`
  return (await gql<GrantableRolesQuery>(query, variables)).grantableRoles
}

export async function createUser(input: CreateUserInput): Promise<PasswordResult> {
  const variables: CreateUserMutationVariables = { input }
  const data = await gql<CreateUserMutation>(
    /* GraphQL */ `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) {
      user { ...AdminUserFields } initialPassword userErrors { field message code } } }
    ${ADMIN_USER_FRAGMENT}`,
    variables,
  )
  return data.createUser
}

export async function resetPassword(id: string): Promise<PasswordResult> {
  const variables: ResetPasswordMutationVariables = { id }
  const data = await gql<ResetPasswordMutation>(
    /* GraphQL */ `mutation ResetPassword($id: ID!) { resetPassword(id: $id) {
      user { ...AdminUserFields } initialPassword userErrors { field message code } } }
    ${ADMIN_USER_FRAGMENT}`,
    variables,
  )
  return data.resetPassword
}

export async function setActive(id: string, active: boolean) {
  const variables: SetUserActiveMutationVariables = { id, a: active }
  const data = await gql<SetUserActiveMutation>(
    /* GraphQL */ `mutation SetUserActive($id: ID!, $a: Boolean!) { setUserActive(id: $id, active: $a) {
      user { ...AdminUserFields } userErrors { field message code } } }
    ${ADMIN_USER_FRAGMENT}`,
    variables,
  )
  return data.setUserActive
}

export async function changePassword(oldPassword: string, newPassword: string) {
  const variables: ChangePasswordMutationVariables = { o: oldPassword, n: newPassword }
  const data = await gql<ChangePasswordMutation>(
    /* GraphQL */ `mutation ChangePassword($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) {
      user { id } userErrors { field message code } } }`,
    variables,
  )
  return data.changePassword
}

export async function fetchSettings(tenantId: string) {
  const variables: TenantSettingsQueryVariables = { t: tenantId }
  const data = await gql<TenantSettingsQuery>(
    /* GraphQL */ `query TenantSettings($t: ID!) { tenantSettings(tenantId: $t) { tenant { name }
      fields { key type value default optional choices min max } } }`,
    variables,
  )
  return data.tenantSettings
}

/** One page of a county's changed settings, newest first, after the cursor `after`. */
export async function fetchSettingsHistory(tenantId: string, after: string | null = null): Promise<Connection<SettingChange>> {
  const variables: TenantSettingsHistoryQueryVariables = { t: tenantId, after }
  const data = await gql<TenantSettingsHistoryQuery>(
    /* GraphQL */ `query TenantSettingsHistory($t: ID!, $after: String) {
      tenantSettingsHistoryConnection(tenantId: $t, first: 50, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id key oldValue newValue changedAt changedBy { username displayName } } } } }`,
    variables,
  )
  return data.tenantSettingsHistoryConnection
}

export async function updateSettings(tenantId: string, changes: TenantSettingInput[]) {
  const variables: UpdateSettingsMutationVariables = { t: tenantId, c: changes }
  const data = await gql<UpdateSettingsMutation>(
    /* GraphQL */ `mutation UpdateSettings($t: ID!, $c: [TenantSettingInput!]!) { updateTenantSettings(tenantId: $t, changes: $c) {
      settings { fields { key type value default optional choices min max } } userErrors { field message code } } }`,
    variables,
  )
  return data.updateTenantSettings
}

export async function fetchPolicy(): Promise<PolicyQuery> {
  return gql<PolicyQuery>(/* GraphQL */ `query Policy { policy { role obj act } roles }`)
}

export async function previewPolicy(add: Rule[], remove: Rule[]) {
  const variables: PolicyPreviewQueryVariables = { a: add, r: remove }
  const data = await gql<PolicyPreviewQuery>(
    /* GraphQL */ `query PolicyPreview($a: [PolicyRuleInput!], $r: [PolicyRuleInput!]) { policyPreview(add: $a, remove: $r) {
      role allowed forbidden accounts } }`,
    variables,
  )
  return data.policyPreview
}

export async function updatePolicy(add: Rule[], remove: Rule[]) {
  const variables: UpdatePolicyMutationVariables = { a: add, r: remove }
  const data = await gql<UpdatePolicyMutation>(
    /* GraphQL */ `mutation UpdatePolicy($a: [PolicyRuleInput!], $r: [PolicyRuleInput!]) { updatePolicy(add: $a, remove: $r) {
      rules { role obj act } userErrors { field message code } } }`,
    variables,
  )
  return data.updatePolicy
}

// --- sheet uploads -----------------------------------------------------------------------------

export interface RowError {
  line: number
  column: string | null
  code: string
  message: string
}

export interface UnitReport {
  ok: boolean
  applied: boolean
  layout: 'CODES' | 'NAMES' | null
  mode: 'MERGE' | 'REPLACE'
  scope: string | null
  rows: number
  skipped: number
  unchanged: number
  counts: Record<'ADD' | 'RENAME' | 'MOVE' | 'RETIRE' | 'RESTORE', number>
  changes: { kind: string; level: UnitLevel; path: string; newPath: string | null; name: string; oldName: string | null; line: number | null }[]
  errors: RowError[]
}

export interface UserReport {
  ok: boolean
  applied: boolean
  rows: { line: number; username: string; displayName: string; unitPath: string | null; role: string | null; initialPassword: string | null; pending: boolean }[]
  errors: RowError[]
}

/** Refused before anything was read (too large, not a spreadsheet, not allowed). */
export class UploadRefused extends Error {
  constructor(message: string, readonly code: string) {
    super(message)
  }
}

/**
 * Uploads a sheet. A dry run answers with the report; `apply` streams progress lines
 * (`onProgress(done, total)`) and then the report.
 */
export async function uploadSheet<T>(
  kind: 'units' | 'users',
  tenantId: string,
  file: File,
  apply: boolean,
  onProgress?: (done: number, total: number) => void,
  query = '',
): Promise<T> {
  let response: Response
  try {
    response = await fetch(`/admin/import/${kind}?tenantId=${encodeURIComponent(tenantId)}&apply=${apply ? 1 : 0}${query}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-Filename': encodeURIComponent(file.name), 'Accept-Language': currentLocale() },
      body: file,
    })
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error))
  }
  if (!response.ok) {
    const first = await httpRefusal(response)
    throw new UploadRefused(first?.message ?? `HTTP ${response.status}`, first?.code ?? 'INTERNAL')
  }
  if (!apply || !response.body || !(response.headers.get('content-type') ?? '').includes('ndjson')) {
    return (await response.json()) as T
  }
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  let result: T | null = null
  for (;;) {
    const { value, done } = await reader.read()
    if (value) buffer += decoder.decode(value, { stream: true })
    let newline = buffer.indexOf('\n')
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim()
      buffer = buffer.slice(newline + 1)
      if (line) {
        const message = JSON.parse(line)
        if (message.progress) onProgress?.(message.progress.done, message.progress.total)
        else if (message.result) result = message.result as T
        else if (message.errors) throw new UploadRefused(message.errors[0]?.message ?? '', message.errors[0]?.code ?? '')
      }
      newline = buffer.indexOf('\n')
    }
    if (done) break
  }
  if (result === null) throw new NetworkError('import interrupted')
  return result
}

export async function createTenant(input: NewTenant) {
  const variables: CreateTenantMutationVariables = { input }
  const data = await gql<CreateTenantMutation>(
    /* GraphQL */ `mutation CreateTenant($input: CreateTenantInput!) { createTenant(input: $input) {
      tenant { ...AdminUnitFields } admin { username } initialPassword userErrors { field message code } } }
    ${ADMIN_UNIT_FRAGMENT}`,
    variables,
  )
  return data.createTenant
}

export async function grantRole(userId: string, role: string, unitId: string) {
  const variables: GrantRoleMutationVariables = { u: userId, r: role, unit: unitId }
  const data = await gql<GrantRoleMutation>(
    /* GraphQL */ `mutation GrantRole($u: ID!, $r: String!, $unit: ID!) { grantRole(userId: $u, role: $r, unitId: $unit) {
      user { ...AdminUserFields } userErrors { field message code } } }
    ${ADMIN_USER_FRAGMENT}`,
    variables,
  )
  return data.grantRole
}

export async function revokeRole(userId: string, role: string, unitId: string) {
  const variables: RevokeRoleMutationVariables = { u: userId, r: role, unit: unitId }
  const data = await gql<RevokeRoleMutation>(
    /* GraphQL */ `mutation RevokeRole($u: ID!, $r: String!, $unit: ID!) { revokeRole(userId: $u, role: $r, unitId: $unit) {
      user { ...AdminUserFields } userErrors { field message code } } }
    ${ADMIN_USER_FRAGMENT}`,
    variables,
  )
  return data.revokeRole
}

/** Approve (the role takes effect now) or refuse a role waiting for a second administrator. */
export async function decideGrant(id: string, approve: boolean) {
  const variables: ApproveRoleGrantMutationVariables & RefuseRoleGrantMutationVariables = { id }
  if (approve) {
    const data = await gql<ApproveRoleGrantMutation>(
      /* GraphQL */ `mutation ApproveRoleGrant($id: ID!) { approveRoleGrant(id: $id) {
        user { ...AdminUserFields } userErrors { field message code } } }
      ${ADMIN_USER_FRAGMENT}`,
      variables,
    )
    return data.approveRoleGrant
  }
  const data = await gql<RefuseRoleGrantMutation>(
    /* GraphQL */ `mutation RefuseRoleGrant($id: ID!) { refuseRoleGrant(id: $id) {
      user { ...AdminUserFields } userErrors { field message code } } }
    ${ADMIN_USER_FRAGMENT}`,
    variables,
  )
  return data.refuseRoleGrant
}
