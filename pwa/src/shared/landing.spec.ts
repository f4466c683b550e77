// Issue 14: "public raters land on their rating tasks, assessors on their assessments, city and
// province reviewers on declarations, the platform operator on tenants — not on the case officer's
// ten "0" tiles"; "a user with several roles gets the home of the role that handles things".
import { describe, expect, it } from 'vitest'
import { NO_CAPABILITIES, homes, landingRoute, type Capabilities } from './landing'

const can = (granted: Partial<Capabilities>): Capabilities => ({ ...NO_CAPABILITIES, ...granted })

describe('each kind of user lands on their own home', () => {
  it('from what the server says they may do', () => {
    expect(landingRoute(can({ rateUnits: true, readEvaluation: true }))).toBe('rate')
    expect(landingRoute(can({ assessUnits: true, readScreening: true }))).toBe('rate')
    expect(landingRoute(can({ reviewDeclarations: true, readDeclarations: true }))).toBe('declarations')
    expect(landingRoute(can({ manageTenants: true, administer: true }))).toBe('admin-tenants')
    expect(landingRoute(can({ administer: true }))).toBe('admin')
    expect(landingRoute(can({ handleCases: true, registerCases: true }))).toBe('home')
  })

  it('whoever handles cases lands on the officer home, with the other homes to go to', () => {
    const officerAndAdmin = can({ handleCases: true, administer: true, reviewDeclarations: true })
    expect(landingRoute(officerAndAdmin)).toBe('home')
    expect(homes(officerAndAdmin).map((h) => h.key)).toEqual(['cases', 'declarations', 'admin'])
  })

  it('one link per screen: assessing and rating share the scoring screen', () => {
    expect(homes(can({ assessUnits: true, rateUnits: true })).map((h) => h.key)).toEqual(['assess'])
  })

  it('the officer home when nothing is known yet (offline) or nothing is granted', () => {
    expect(landingRoute(null)).toBe('home')
    expect(landingRoute(NO_CAPABILITIES)).toBe('home')
  })
})
