/**
 * Pure helpers of the declarations and review pages: the generated 申报表 / 推荐表 of a
 * declaration (`GET /exports/declarations/{id}.pdf|xlsx`), and which annual review a viewer sees
 * (the county: every unit's, computed live or stored; a township or village: its own subtree's
 * rows of the county's stored review, read-only).
 */

export type DocumentFormat = 'pdf' | 'xlsx'
export type DocumentKind = 'APPLICATION' | 'RECOMMENDATION'

/** Statuses at which the county has reviewed the declaration and put it forward: a 推荐表. */
const RECOMMENDED = new Set(['COUNTY_DECLARED', 'CITY_APPROVED', 'PROVINCE_RECOMMENDED', 'DESIGNATED'])

/** 申报表 while the application is with the county (or returned), 推荐表 once declared upwards (as the server titles it). */
export function documentKind(status: string): DocumentKind {
  return RECOMMENDED.has(status) ? 'RECOMMENDATION' : 'APPLICATION'
}

export function declarationDocumentUrl(id: string, format: DocumentFormat): string {
  return `/exports/declarations/${encodeURIComponent(id)}.${format}`
}

export type ReviewScope = { kind: 'county' | 'unit'; unitId: string } | null

/** The county bureau sees the whole review; a township or village official its own results. */
export function reviewScope(me: { unit: { id: string; level: string } } | null | undefined): ReviewScope {
  const unit = me?.unit
  if (!unit) return null
  if (unit.level === 'COUNTY') return { kind: 'county', unitId: unit.id }
  if (unit.level === 'TOWNSHIP' || unit.level === 'VILLAGE') return { kind: 'unit', unitId: unit.id }
  return null
}

interface RankedRow {
  unit: { id: string; name: string }
  rank: number
}

/** The viewer's own row, and the rows of the units under it by rank (then name). */
export function ownFirst<T extends RankedRow>(rows: T[], unitId: string): { own: T | null; under: T[] } {
  const own = rows.find((r) => r.unit.id === unitId) ?? null
  const under = rows
    .filter((r) => r.unit.id !== unitId)
    .sort((a, b) => a.rank - b.rank || a.unit.name.localeCompare(b.unit.name, 'zh-CN'))
  return { own, under }
}
