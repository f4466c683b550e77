import { describe, expect, it } from 'vitest'
import { draftKey, fileMissedRoute, periodFromQuery } from './missedPeriod'

describe('a missed period filed late', () => {
  it('reads the period from the route', () => {
    expect(periodFromQuery({ start: '2026-11-16', end: '2026-11-22' }, '2026-12-07')).toEqual({ start: '2026-11-16', end: '2026-11-22' })
  })

  it('ignores malformed, reversed and future periods (this period is filed then)', () => {
    expect(periodFromQuery({}, '2026-12-07')).toBeNull()
    expect(periodFromQuery({ start: '2026-11-16' }, '2026-12-07')).toBeNull()
    expect(periodFromQuery({ start: '16/11/2026', end: '2026-11-22' }, '2026-12-07')).toBeNull()
    expect(periodFromQuery({ start: '2026-11-22', end: '2026-11-16' }, '2026-12-07')).toBeNull()
    expect(periodFromQuery({ start: '2026-12-14', end: '2026-12-20' }, '2026-12-07')).toBeNull()
  })

  it('keeps each period’s draft apart from this period’s', () => {
    expect(draftKey(null)).toBe('screening-report-draft')
    expect(draftKey({ start: '2026-11-16', end: '2026-11-22' })).toBe('screening-report-draft:2026-11-16')
  })

  it('routes to the report form with the period', () => {
    expect(fileMissedRoute({ start: '2026-11-16', end: '2026-11-22' })).toEqual({
      name: 'screening-report',
      query: { start: '2026-11-16', end: '2026-11-22' },
    })
  })
})
