import { gql, type UserError } from '../../shared/graphql'
import { INCIDENT_KINDS, type IncidentKind, type Unit } from '../../shared/types'
import type { DisputeStatus, ServerDispute, ServerReport } from './reportForm'

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

export type { DisputeForm, ReportForm } from './reportForm'
export { emptyDispute, reportInput, validateReport } from './reportForm'

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

export const SAVE_REPORT_MUTATION = `mutation SaveScreeningReport($input: SaveScreeningReportInput!) {
  saveScreeningReport(input: $input) {
    report { id status version period { start end } }
    userErrors { field message code }
  }
}`

/** What a dispute is, wherever it is shown (ServerDispute). */
const DISPUTE_ELEMENTS = `id title cause occurredOn place involvedUnit peopleInvolved development mediationSoFar status
  attachments { id filename contentType url }`

/** What the edit screen needs of a report (its disputes with ids and photos). */
export const REPORT_FIELDS = `id status version zeroReport note submittedAt period { start end } unit { id name }
  disputes { ${DISPUTE_ELEMENTS} }`

export const EDIT_REPORT_MUTATION = `mutation EditScreeningReport($input: SaveScreeningReportInput!) {
  saveScreeningReport(input: $input) {
    report { ${REPORT_FIELDS} }
    userErrors { field message code }
  }
}`

export async function fetchReport(id: string): Promise<ServerReport | null> {
  const data = await gql<{ screeningReport: ServerReport | null }>(
    `query ScreeningReport($id: ID!) { screeningReport(id: $id) { ${REPORT_FIELDS} } }`,
    { id },
  )
  return data.screeningReport
}

export interface ReportRow {
  id: string
  status: 'DRAFT' | 'SUBMITTED'
  version: number
  zeroReport: boolean
  period: Period
  unit: { id: string; name: string }
  submittedAt: string | null
  disputes: { id: string }[]
}

/** The unit's own reports (newest period first), drafts included. */
export async function fetchOwnReports(unitId: string, since: string): Promise<ReportRow[]> {
  const data = await gql<{ screeningReports: ReportRow[] }>(
    `query OwnReports($unitId: ID, $since: Date) {
      screeningReports(unitId: $unitId, since: $since) {
        id status version zeroReport period { start end } unit { id name } submittedAt disputes { id }
      }
    }`,
    { unitId, since },
  )
  return data.screeningReports.filter((r) => r.unit.id === unitId)
}

/** Today's date in China (the period the server will file the report under). */
export function chinaToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now)
}

export type IncidentStatus = 'ATTRIBUTED' | 'CONTESTED' | 'CONFIRMED' | 'WITHDRAWN'
export const INCIDENT_STATUSES: IncidentStatus[] = ['ATTRIBUTED', 'CONTESTED', 'CONFIRMED', 'WITHDRAWN']
export { INCIDENT_KINDS }

export interface Incident {
  id: string
  kind: IncidentKind
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

export type { DisputeStatus }
export type MediationOutcome = 'SUCCESS' | 'PARTIAL' | 'FAILED'
export const MEDIATION_OUTCOMES: MediationOutcome[] = ['SUCCESS', 'PARTIAL', 'FAILED']

/** A dispute in the ledger: what it is, whose it is, and what has been done about it. */
export interface DisputeRow extends ServerDispute {
  unit: { name: string }
  case: { id: string; title: string } | null
  mediations: { mediator: string; outcome: MediationOutcome; mediatedOn: string }[]
}

const DISPUTE_FIELDS = `${DISPUTE_ELEMENTS} unit { name } case { id title } mediations { mediator outcome mediatedOn }`

/** Disputes the viewer may read, newest first. */
export async function fetchDisputes(): Promise<DisputeRow[]> {
  const data = await gql<{ disputes: DisputeRow[] }>(`query Disputes { disputes(first: 200) { ${DISPUTE_FIELDS} } }`)
  return data.disputes
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
