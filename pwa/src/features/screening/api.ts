import { gql, type UserError } from '../../shared/graphql'
import type { Connection } from '../../shared/pagination'
import { INCIDENT_KINDS, type IncidentKind, type Unit } from '../../shared/types'
import type { DisputeStatus, ServerDispute, ServerReport } from './reportForm'

/** Rows fetched per page of a list (the server's default page size). */
export const PAGE_SIZE = 20

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
  /** The last day this period's report is on time (a weekly one: the county's due weekday). */
  currentDueOn?: string | null
  currentReport: { id: string; status: string; version: number } | null
  missing: Period[]
}

/** 排查调处例会 on the unit's meeting cadence (seed 004: county monthly, township half-monthly, village weekly). */
export type MeetingState = 'HELD' | 'DUE' | 'MISSING'
export interface UnitMeetings {
  unit: Unit
  cadence: Cadence
  currentState: MeetingState
  currentPeriod: Period
  missing: Period[]
  lastHeldOn: string | null
}

export interface ScreeningTasks {
  reports: UnitReporting[]
  meetings: UnitMeetings[]
  decisions: Decision[]
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

const REPORTING_FIELDS = `unit { id name level path } cadence currentState currentPeriod { start end } currentDueOn
  currentReport { id status version } missing { start end }`

const MEETING_STATUS_FIELDS = `unit { id name level path } cadence currentState currentPeriod { start end }
  missing { start end } lastHeldOn`

export async function fetchTasks(): Promise<ScreeningTasks> {
  const data = await gql<{ screeningTasks: ScreeningTasks }>(
    `query ScreeningTasks { screeningTasks {
      reports { ${REPORTING_FIELDS} }
      meetings { ${MEETING_STATUS_FIELDS} }
      decisions { id content dueOn overdue meeting { kind heldOn unit { name } } }
    } }`,
  )
  return data.screeningTasks
}

/** Whether the unit (or each of its direct children) held its routine meeting in each period. */
export async function fetchMeetingStatus(children: boolean): Promise<UnitMeetings[]> {
  const data = await gql<{ meetingStatus: UnitMeetings[] }>(
    `query MeetingStatus($children: Boolean) { meetingStatus(children: $children) { ${MEETING_STATUS_FIELDS} } }`,
    { children },
  )
  return data.meetingStatus
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
/** The unit's own reports whose period ends on or after `since`, newest first (every page of them). */
export async function fetchOwnReports(unitId: string, since: string): Promise<ReportRow[]> {
  const rows: ReportRow[] = []
  let after: string | null = null
  for (;;) {
    const data: { screeningReportsConnection: Connection<ReportRow> } = await gql(
      `query OwnReports($unitId: ID, $since: Date, $first: Int, $after: String) {
        screeningReportsConnection(unitId: $unitId, since: $since, first: $first, after: $after) {
          edges { node { id status version zeroReport period { start end } unit { id name } submittedAt disputes { id } } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      { unitId, since, first: 100, after },
    )
    const page = data.screeningReportsConnection
    rows.push(...page.edges.map((edge) => edge.node))
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break
    after = page.pageInfo.endCursor
  }
  return rows.filter((r) => r.unit.id === unitId)
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

/** One page of the year's incidents the viewer may read, newest first. */
export async function fetchIncidents(year: number, after: string | null): Promise<Connection<Incident>> {
  const data = await gql<{ incidentsConnection: Connection<Incident> }>(
    `query Incidents($year: Int, $first: Int, $after: String) {
      incidentsConnection(year: $year, first: $first, after: $after) {
        edges { cursor node { ${INCIDENT_FIELDS} } } pageInfo { hasNextPage endCursor } totalCount
      }
    }`,
    { year, first: PAGE_SIZE, after },
  )
  return data.incidentsConnection
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

/** One page of the disputes the viewer may read (the open ones only unless `all`), newest first. */
export async function fetchDisputes(all: boolean, after: string | null): Promise<Connection<DisputeRow>> {
  const data = await gql<{ disputes: Connection<DisputeRow> }>(
    `query Disputes($status: [DisputeStatus!], $first: Int, $after: String) {
      disputes(status: $status, first: $first, after: $after) {
        edges { cursor node { ${DISPUTE_FIELDS} } } pageInfo { hasNextPage endCursor } totalCount
      }
    }`,
    { status: all ? null : ['OPEN'], first: PAGE_SIZE, after },
  )
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
