/**
 * Each kind of user's home, from what the server says they may do (`viewerCan`), never from role
 * names: public raters land on their rating tasks, assessors on their assessments, city and
 * province reviewers on declarations, the platform operator on tenants, administrators on the
 * administration, and whoever handles cases on the case officer's home. A user who may do several
 * of these lands on the first in that order (who handles things first) with links to the others.
 */
import type { CapabilitiesFragment } from './api.generated'

/** What the screens read of the server's `viewerCan`. */
export type Capabilities = CapabilitiesFragment

export const CAPABILITIES_FRAGMENT = /* GraphQL */ `fragment Capabilities on ViewerCan {
  exportCases handleCases registerCases readScreening readEvaluation selfAssess rateUnits assessUnits
  readDeclarations reviewDeclarations administer manageTenants
}`

/** Nothing at all (signed out, or a one-time password still to change). */
export const NO_CAPABILITIES: Capabilities = {
  exportCases: false,
  handleCases: false,
  registerCases: false,
  readScreening: false,
  readEvaluation: false,
  selfAssess: false,
  rateUnits: false,
  assessUnits: false,
  readDeclarations: false,
  reviewDeclarations: false,
  administer: false,
  manageTenants: false,
}

/**
 * What the case officer's home offers when the server could not be asked yet (offline on a phone
 * that never saw `viewerCan`): the case and screening work the app was first built for.
 */
export const OFFLINE_CAPABILITIES: Capabilities = {
  ...NO_CAPABILITIES,
  handleCases: true,
  registerCases: true,
  readScreening: true,
}

export interface RoleHome {
  /** i18n key suffix under `landing.home` */
  key: 'cases' | 'assess' | 'rate' | 'declarations' | 'tenants' | 'admin'
  /** the route's name */
  route: string
}

const HOMES: { home: RoleHome; has: (can: Capabilities) => boolean }[] = [
  { home: { key: 'cases', route: 'home' }, has: (can) => can.handleCases },
  { home: { key: 'assess', route: 'rate' }, has: (can) => can.assessUnits },
  { home: { key: 'rate', route: 'rate' }, has: (can) => can.rateUnits },
  { home: { key: 'declarations', route: 'declarations' }, has: (can) => can.reviewDeclarations },
  { home: { key: 'tenants', route: 'admin-tenants' }, has: (can) => can.manageTenants },
  { home: { key: 'admin', route: 'admin' }, has: (can) => can.administer },
]

/** The homes the viewer may use, the one they land on first; one per screen. */
export function homes(can: Capabilities | null): RoleHome[] {
  const found: RoleHome[] = []
  for (const { home, has } of HOMES) {
    if (has(can ?? OFFLINE_CAPABILITIES) && !found.some((h) => h.route === home.route)) found.push(home)
  }
  return found
}

/** The route the viewer lands on after signing in and when opening `/`. */
export function landingRoute(can: Capabilities | null): string {
  return homes(can)[0]?.route ?? 'home'
}
