/** The 三无 explanation of a review row: each failed criterion with the incidents that broke it,
 * each naming the unit it was attributed to (属地: a village's incident fails its township too). */
import type { ReviewIncident, ReviewRow } from './api'

export interface ExplainedIncident {
  id: string
  kind: string
  date: string
  headcount: number
  /** The unit(s) the incident is attributed to, with their people. */
  units: { name: string; headcount: number }[]
  /** Attributed to the row's own unit (not only to a unit under it). */
  own: boolean
}

export interface FailedCriterion {
  code: string
  label: string
  incidents: ExplainedIncident[]
}

function explainOne(incident: ReviewIncident, row: ReviewRow): ExplainedIncident {
  // Runs stored before the roll-up judged the unit's own incidents only.
  const units = incident.units?.map((u) => ({ name: u.unit_name, headcount: u.headcount })) ?? [
    { name: row.unit.name, headcount: incident.headcount },
  ]
  return {
    id: String(incident.id),
    kind: incident.kind,
    date: incident.occurred_on,
    headcount: incident.headcount,
    units,
    own: incident.own ?? true,
  }
}

export function failedCriteria(row: ReviewRow, en: boolean): FailedCriterion[] {
  const byId = new Map((row.inputs.incidents ?? []).map((i) => [String(i.id), i]))
  return row.inputs.sanwu.criteria
    .filter((c) => !c.passed)
    .map((c) => ({
      code: c.code,
      label: en ? c.label_en : c.label_zh,
      incidents: (c.incident_ids ?? [])
        .map((id) => byId.get(String(id)))
        .filter((i): i is ReviewIncident => i !== undefined)
        .map((i) => explainOne(i, row)),
    }))
}

/** The review fields a change may concern, in the order the county reads them. */
export const CHANGE_FIELDS = ['row', 'sanwu', 'failed_rules', 'vetoed', 'grade', 'score', 'rank'] as const
