/** A missed screening period filed late (pure): read from the route, the draft it is kept under. */
import type { Period } from './api'

const DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * The period a report form files for, from the route's `start` and `end` (a missed period tapped on
 * the screening page); null for this period (the server files today's). A period that has not
 * begun yet (after `today`) or a malformed one is ignored.
 */
export function periodFromQuery(query: Record<string, unknown>, today: string): Period | null {
  const start = query.start
  const end = query.end
  if (typeof start !== 'string' || typeof end !== 'string' || !DAY.test(start) || !DAY.test(end)) return null
  if (end < start || start > today) return null
  return { start, end }
}

/** Each period's form keeps its own draft on the phone (this period's under the plain key). */
export function draftKey(period: Period | null): string {
  return period ? `screening-report-draft:${period.start}` : 'screening-report-draft'
}

/** The route to file a missed period's report. */
export function fileMissedRoute(period: Period) {
  return { name: 'screening-report', query: { start: period.start, end: period.end } }
}
