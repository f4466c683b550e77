import { gql, type UserError } from '../../shared/graphql'
import type { Unit } from '../../shared/types'

export type Cadence = 'DAILY' | 'WEEKLY' | 'HALF_MONTHLY' | 'MONTHLY'
export type ReportState = 'SUBMITTED' | 'DRAFT' | 'DUE' | 'MISSING'
export const REPORT_STATES: ReportState[] = ['SUBMITTED', 'DRAFT', 'DUE', 'MISSING']
export const CADENCES: Cadence[] = ['DAILY', 'WEEKLY', 'HALF_MONTHLY', 'MONTHLY']

export interface Period {
  start: string
  end: string
}

export interface UnitReporting {
  unit: Unit
  cadence: Cadence
  currentState: ReportState
  currentPeriod: Period
  currentReport: { id: string; status: string; version: number } | null
  missing: Period[]
}

export interface Decision {
  id: string
  content: string
  dueOn: string | null
  overdue: boolean
  meeting: { kind: 'ROUTINE' | 'ANALYSIS'; heldOn: string; unit: { name: string } }
}

export interface DisputeForm {
  title: string
  cause: string
  occurredOn: string
  place: string
  involvedUnit: string
  peopleInvolved: number
  development: string
  mediationSoFar: string
}

export interface ReportForm {
  zeroReport: boolean
  note: string
  disputes: DisputeForm[]
}

const REPORTING_FIELDS = `unit { id name level path } cadence currentState currentPeriod { start end }
  currentReport { id status version } missing { start end }`

export async function fetchTasks(): Promise<{ reports: UnitReporting[]; decisions: Decision[] }> {
  const data = await gql<{ screeningTasks: { reports: UnitReporting[]; decisions: Decision[] } }>(
    `query ScreeningTasks { screeningTasks {
      reports { ${REPORTING_FIELDS} }
      decisions { id content dueOn overdue meeting { kind heldOn unit { name } } }
    } }`,
  )
  return data.screeningTasks
}

export async function fetchStatus(children: boolean, unitId: string | null = null): Promise<UnitReporting[]> {
  const data = await gql<{ screeningStatus: UnitReporting[] }>(
    `query ScreeningStatus($unitId: ID, $children: Boolean) {
      screeningStatus(unitId: $unitId, children: $children) { ${REPORTING_FIELDS} }
    }`,
    { unitId, children },
  )
  return data.screeningStatus
}

export async function completeDecision(id: string): Promise<UserError[]> {
  const data = await gql<{ completeMeetingDecision: { userErrors: UserError[] } }>(
    `mutation CompleteDecision($id: ID!) { completeMeetingDecision(id: $id) { decision { id done } userErrors { field message code } } }`,
    { id },
  )
  return data.completeMeetingDecision.userErrors
}

export const SAVE_REPORT_MUTATION = `mutation SaveScreeningReport($input: SaveScreeningReportInput!) {
  saveScreeningReport(input: $input) {
    report { id status version period { start end } }
    userErrors { field message code }
  }
}`

export function emptyDispute(): DisputeForm {
  return {
    title: '',
    cause: '',
    occurredOn: '',
    place: '',
    involvedUnit: '',
    peopleInvolved: 1,
    development: '',
    mediationSoFar: '',
  }
}

function orNull(value: string): string | null {
  const v = value.trim()
  return v ? v : null
}

export function reportInput(unitId: string, form: ReportForm, clientMutationId: string, day: string) {
  return {
    unitId,
    day,
    zeroReport: form.zeroReport,
    note: orNull(form.note),
    submit: true,
    clientMutationId,
    disputes: form.zeroReport
      ? []
      : form.disputes.map((d) => ({
          title: d.title.trim(),
          cause: d.cause.trim(),
          occurredOn: d.occurredOn || null,
          place: orNull(d.place),
          involvedUnit: orNull(d.involvedUnit),
          peopleInvolved: d.peopleInvolved,
          development: orNull(d.development),
          mediationSoFar: orNull(d.mediationSoFar),
        })),
  }
}

/** Client-side checks, keyed like the server's field paths (`disputes.0.title`). */
export function validateReport(form: ReportForm): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!form.zeroReport && form.disputes.length === 0) errors.disputes = 'screening.needDisputeOrZero'
  if (!form.zeroReport) {
    form.disputes.forEach((d, i) => {
      if (!d.title.trim()) errors[`disputes.${i}.title`] = 'validation.required'
      if (!d.cause.trim()) errors[`disputes.${i}.cause`] = 'validation.required'
      if (!(d.peopleInvolved >= 1)) errors[`disputes.${i}.peopleInvolved`] = 'validation.required'
    })
  }
  return errors
}

/** Today's date in China (the period the server will file the report under). */
export function chinaToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now)
}

export type IncidentStatus = 'ATTRIBUTED' | 'CONTESTED' | 'CONFIRMED' | 'WITHDRAWN'
export const INCIDENT_STATUSES: IncidentStatus[] = ['ATTRIBUTED', 'CONTESTED', 'CONFIRMED', 'WITHDRAWN']
export const INCIDENT_KINDS = [
  'BEIJING_ESCALATED',
  'BEIJING_NON_RECEPTION',
  'PROVINCE_ESCALATED',
  'CITY_ESCALATED',
  'COLLECTIVE_TO_COUNTY',
  'COLLECTIVE_TO_CITY',
  'COLLECTIVE_ABOVE_COUNTY',
  'EXTREME_INCIDENT',
  'MEDIA_HYPE',
] as const

export interface Incident {
  id: string
  kind: (typeof INCIDENT_KINDS)[number]
  occurredOn: string
  headcount: number
  destinationLevel: string | null
  verified: boolean
  status: IncidentStatus
  contestReason: string | null
  decisionNote: string | null
  canContest: boolean
  canDecide: boolean
  unit: { name: string }
}

const INCIDENT_FIELDS = `id kind occurredOn headcount destinationLevel verified status contestReason decisionNote
  canContest canDecide unit { name }`

export async function fetchIncidents(year: number): Promise<Incident[]> {
  const data = await gql<{ incidents: Incident[] }>(
    `query Incidents($year: Int) { incidents(year: $year) { ${INCIDENT_FIELDS} } }`,
    { year },
  )
  return data.incidents
}

export async function contestIncident(id: string, reason: string): Promise<{ incident: Incident | null; userErrors: UserError[] }> {
  const data = await gql<{ contestIncident: { incident: Incident | null; userErrors: UserError[] } }>(
    `mutation Contest($id: ID!, $reason: String!) {
      contestIncident(id: $id, reason: $reason) { incident { ${INCIDENT_FIELDS} } userErrors { field message code } }
    }`,
    { id, reason },
  )
  return data.contestIncident
}

export async function decideIncident(
  id: string,
  accept: boolean,
  note: string,
): Promise<{ incident: Incident | null; userErrors: UserError[] }> {
  const data = await gql<{ decideIncidentContest: { incident: Incident | null; userErrors: UserError[] } }>(
    `mutation Decide($id: ID!, $accept: Boolean!, $note: String!) {
      decideIncidentContest(id: $id, accept: $accept, note: $note) { incident { ${INCIDENT_FIELDS} } userErrors { field message code } }
    }`,
    { id, accept, note },
  )
  return data.decideIncidentContest
}

export type DisputeStatus = 'OPEN' | 'MEDIATED' | 'CASE'
export type MediationOutcome = 'SUCCESS' | 'PARTIAL' | 'FAILED'
export const MEDIATION_OUTCOMES: MediationOutcome[] = ['SUCCESS', 'PARTIAL', 'FAILED']

export interface DisputeRow {
  id: string
  title: string
  cause: string
  occurredOn: string | null
  place: string | null
  involvedUnit: string | null
  peopleInvolved: number
  development: string | null
  mediationSoFar: string | null
  status: DisputeStatus
  unit: { name: string }
  case: { id: string; title: string } | null
  mediations: { mediator: string; outcome: MediationOutcome; mediatedOn: string }[]
}

const DISPUTE_FIELDS = `id title cause occurredOn place involvedUnit peopleInvolved development mediationSoFar status
  unit { name } case { id title } mediations { mediator outcome mediatedOn }`

/** Disputes of the reports the viewer may read, newest period first. */
export async function fetchDisputes(): Promise<DisputeRow[]> {
  const data = await gql<{ screeningReports: { disputes: DisputeRow[] }[] }>(
    `query Disputes { screeningReports { disputes { ${DISPUTE_FIELDS} } } }`,
  )
  return data.screeningReports.flatMap((r) => r.disputes)
}

export async function mediateDispute(input: {
  disputeId: string
  mediator: string
  parties: string
  outcome: MediationOutcome
  agreement: string | null
  agreementDocument: string | null
  clientMutationId: string
}): Promise<{ dispute: DisputeRow | null; userErrors: UserError[] }> {
  const data = await gql<{ mediateDispute: { dispute: DisputeRow | null; userErrors: UserError[] } }>(
    `mutation Mediate($input: MediateDisputeInput!) {
      mediateDispute(input: $input) { dispute { ${DISPUTE_FIELDS} } userErrors { field message code } }
    }`,
    { input },
  )
  return data.mediateDispute
}

export async function disputeToCase(input: {
  disputeId: string
  channel: string
  petitioners: { name: string; phone: string }[]
  clientMutationId: string
}): Promise<{ dispute: DisputeRow | null; userErrors: UserError[] }> {
  const data = await gql<{ turnDisputeIntoCase: { dispute: DisputeRow | null; userErrors: UserError[] } }>(
    `mutation ToCase($input: TurnDisputeIntoCaseInput!) {
      turnDisputeIntoCase(input: $input) { dispute { ${DISPUTE_FIELDS} } userErrors { field message code } }
    }`,
    { input },
  )
  return data.turnDisputeIntoCase
}

export async function recordIncident(input: {
  unitId: string
  kind: string
  occurredOn: string
  headcount: number
  verified: boolean
  note: string | null
  clientMutationId: string
}): Promise<{ incident: Incident | null; userErrors: UserError[] }> {
  const data = await gql<{ recordIncident: { incident: Incident | null; userErrors: UserError[] } }>(
    `mutation RecordIncident($input: RecordIncidentInput!) {
      recordIncident(input: $input) { incident { ${INCIDENT_FIELDS} } userErrors { field message code } }
    }`,
    { input },
  )
  return data.recordIncident
}
