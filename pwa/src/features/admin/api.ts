/** Administration API: accounts, settings, policy over GraphQL; sheets uploaded to /admin/import. */
import { currentLocale } from '../../shared/i18n'
import { gql, NetworkError, type UserError } from '../../shared/graphql'
import type { Connection } from '../../shared/pagination'
import type { UnitLevel } from '../../shared/types'

export interface AdminUnit {
  id: string
  name: string
  level: UnitLevel
  path: string
  children?: AdminUnit[]
}

export interface AdminUser {
  id: string
  username: string
  displayName: string
  isActive: boolean
  mustChangePassword: boolean
  lastLoginAt: string | null
  lockedUntil: string | null
  unit: { id: string; name: string; path: string }
  grants: { role: string; unit: { id: string; name: string } }[]
  /** Roles waiting for a second administrator's approval (双人审批); they give nothing yet. */
  pendingGrants: PendingGrant[]
}

export interface PendingGrant {
  id: string
  role: string
  unit: { id: string; name: string }
  mayApprove: boolean
  mayRefuse: boolean
  requestedBy: { displayName: string } | null
}

const USER = `id username displayName isActive mustChangePassword lastLoginAt lockedUntil
  unit { id name path } grants { role unit { id name } }
  pendingGrants { id role unit { id name } mayApprove mayRefuse requestedBy { displayName } }`

export async function fetchTenants(): Promise<AdminUnit[]> {
  return (await gql<{ tenants: AdminUnit[] }>('query Tenants { tenants { id name level path } }')).tenants
}

/** The viewer's units down to villages, flattened in tree order (one request). */
export async function fetchUnitTree(): Promise<(AdminUnit & { depth: number })[]> {
  const fields = 'id name level path'
  const data = await gql<{ units: AdminUnit[] }>(
    `query UnitTree { units { ${fields} children { ${fields} children { ${fields} children { ${fields} } } } } }`,
  )
  const out: (AdminUnit & { depth: number })[] = []
  const walk = (units: AdminUnit[], depth: number) => {
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
  return (
    await gql<{ units: AdminUnit[] }>('query ChildUnits($p: ID) { units(parentId: $p) { id name level path } }', { p: parentId })
  ).units
}

/** One page of the accounts (by unit), after the cursor `after`. */
export async function fetchUsers(
  search: string,
  after: string | null = null,
  pendingOnly = false,
): Promise<Connection<AdminUser>> {
  const data = await gql<{ adminUsers: Connection<AdminUser> }>(
    `query AdminUsers($f: AdminUserFilter, $after: String) { adminUsers(filter: $f, first: 50, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${USER} } } } }`,
    { f: { search: search || null, pendingGrants: pendingOnly }, after },
  )
  return data.adminUsers
}

export async function fetchGrantableRoles(unitId: string): Promise<string[]> {
  return (await gql<{ grantableRoles: string[] }>('query G($u: ID!) { grantableRoles(unitId: $u) }', { u: unitId }))
    .grantableRoles
}

export interface PasswordResult {
  user: AdminUser | null
  initialPassword: string | null
  userErrors: UserError[]
}

export async function createUser(input: {
  unitId: string
  username: string
  displayName: string
  roles: { role: string; unitId: string }[]
}): Promise<PasswordResult> {
  const data = await gql<{ createUser: PasswordResult }>(
    `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) {
      user { ${USER} } initialPassword userErrors { field message code } } }`,
    { input },
  )
  return data.createUser
}

export async function resetPassword(id: string): Promise<PasswordResult> {
  const data = await gql<{ resetPassword: PasswordResult }>(
    `mutation Reset($id: ID!) { resetPassword(id: $id) { user { ${USER} } initialPassword userErrors { field message code } } }`,
    { id },
  )
  return data.resetPassword
}

export async function setActive(id: string, active: boolean) {
  const data = await gql<{ setUserActive: { user: AdminUser | null; userErrors: UserError[] } }>(
    `mutation Active($id: ID!, $a: Boolean!) { setUserActive(id: $id, active: $a) {
      user { ${USER} } userErrors { field message code } } }`,
    { id, a: active },
  )
  return data.setUserActive
}

export async function changePassword(oldPassword: string, newPassword: string) {
  const data = await gql<{ changePassword: { user: { id: string } | null; userErrors: UserError[] } }>(
    `mutation ChangePassword($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) {
      user { id } userErrors { field message code } } }`,
    { o: oldPassword, n: newPassword },
  )
  return data.changePassword
}

export interface SettingField {
  key: string
  type: 'INT' | 'FLOAT' | 'BOOL' | 'STRING' | 'ENUM' | 'JSON'
  value: unknown
  default: unknown
  optional: boolean
  choices: string[]
  min: number | null
  max: number | null
}

export async function fetchSettings(tenantId: string) {
  const data = await gql<{ tenantSettings: { tenant: { name: string }; fields: SettingField[] } }>(
    `query Settings($t: ID!) { tenantSettings(tenantId: $t) { tenant { name }
      fields { key type value default optional choices min max } } }`,
    { t: tenantId },
  )
  return data.tenantSettings
}

export interface SettingChange {
  id: string
  key: string
  oldValue: unknown
  newValue: unknown
  changedAt: string
  changedBy: { username: string; displayName: string } | null
}

/** One page of a county's changed settings, newest first, after the cursor `after`. */
export async function fetchSettingsHistory(tenantId: string, after: string | null = null): Promise<Connection<SettingChange>> {
  const data = await gql<{ tenantSettingsHistoryConnection: Connection<SettingChange> }>(
    `query History($t: ID!, $after: String) { tenantSettingsHistoryConnection(tenantId: $t, first: 50, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id key oldValue newValue changedAt changedBy { username displayName } } } } }`,
    { t: tenantId, after },
  )
  return data.tenantSettingsHistoryConnection
}

export async function updateSettings(tenantId: string, changes: { key: string; value: unknown }[]) {
  const data = await gql<{
    updateTenantSettings: { settings: { fields: SettingField[] } | null; userErrors: UserError[] }
  }>(
    `mutation UpdateSettings($t: ID!, $c: [TenantSettingInput!]!) { updateTenantSettings(tenantId: $t, changes: $c) {
      settings { fields { key type value default optional choices min max } } userErrors { field message code } } }`,
    { t: tenantId, c: changes },
  )
  return data.updateTenantSettings
}

export interface Rule {
  role: string
  obj: string
  act: string
}

export async function fetchPolicy(): Promise<{ policy: Rule[]; roles: string[] }> {
  return gql('query Policy { policy { role obj act } roles }')
}

export async function previewPolicy(add: Rule[], remove: Rule[]) {
  const data = await gql<{ policyPreview: { role: string; allowed: string[]; forbidden: string[]; accounts: number }[] }>(
    `query Preview($a: [PolicyRuleInput!], $r: [PolicyRuleInput!]) { policyPreview(add: $a, remove: $r) {
      role allowed forbidden accounts } }`,
    { a: add, r: remove },
  )
  return data.policyPreview
}

export async function updatePolicy(add: Rule[], remove: Rule[]) {
  const data = await gql<{ updatePolicy: { rules: Rule[] | null; userErrors: UserError[] } }>(
    `mutation UpdatePolicy($a: [PolicyRuleInput!], $r: [PolicyRuleInput!]) { updatePolicy(add: $a, remove: $r) {
      rules { role obj act } userErrors { field message code } } }`,
    { a: add, r: remove },
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
    const body = await response.json().catch(() => null)
    const first = body?.errors?.[0]
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

export interface NewTenant {
  provinceCode: string
  provinceName: string
  cityCode: string
  cityName: string
  countyCode: string
  countyName: string
  adminUsername: string
  adminDisplayName: string
}

export async function createTenant(input: NewTenant) {
  const data = await gql<{
    createTenant: {
      tenant: AdminUnit | null
      admin: { username: string } | null
      initialPassword: string | null
      userErrors: UserError[]
    }
  }>(
    `mutation CreateTenant($input: CreateTenantInput!) { createTenant(input: $input) {
      tenant { id name level path } admin { username } initialPassword userErrors { field message code } } }`,
    { input },
  )
  return data.createTenant
}

export async function grantRole(userId: string, role: string, unitId: string) {
  const data = await gql<{ grantRole: { user: AdminUser | null; userErrors: UserError[] } }>(
    `mutation Grant($u: ID!, $r: String!, $unit: ID!) { grantRole(userId: $u, role: $r, unitId: $unit) {
      user { ${USER} } userErrors { field message code } } }`,
    { u: userId, r: role, unit: unitId },
  )
  return data.grantRole
}

export async function revokeRole(userId: string, role: string, unitId: string) {
  const data = await gql<{ revokeRole: { user: AdminUser | null; userErrors: UserError[] } }>(
    `mutation Revoke($u: ID!, $r: String!, $unit: ID!) { revokeRole(userId: $u, role: $r, unitId: $unit) {
      user { ${USER} } userErrors { field message code } } }`,
    { u: userId, r: role, unit: unitId },
  )
  return data.revokeRole
}

/** Approve (the role takes effect now) or refuse a role waiting for a second administrator. */
export async function decideGrant(id: string, approve: boolean) {
  const name = approve ? 'approveRoleGrant' : 'refuseRoleGrant'
  const data = await gql<Record<string, { user: AdminUser | null; userErrors: UserError[] }>>(
    `mutation Decide($id: ID!) { ${name}(id: $id) { user { ${USER} } userErrors { field message code } } }`,
    { id },
  )
  return data[name]
}
