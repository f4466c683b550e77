import type {
  AttributionStatus,
  ContestIncidentMutation,
  ContestIncidentMutationVariables,
  DecideIncidentContestMutation,
  DecideIncidentContestMutationVariables,
  DisputeElementsFragment,
  DisputeRowFieldsFragment,
  DisputesQuery,
  DisputesQueryVariables,
  IncidentFieldsFragment,
  IncidentsQuery,
  IncidentsQueryVariables,
  MediateDisputeInput,
  MediateDisputeMutation,
  MediateDisputeMutationVariables,
  MediationOutcome,
  MeetingState,
  MeetingStatusQuery,
  MeetingStatusQueryVariables,
  OwnReportsQuery,
  OwnReportsQueryVariables,
  RecordIncidentInput,
  RecordIncidentMutation,
  RecordIncidentMutationVariables,
  ReportState,
  ScreeningCadence,
  ScreeningReportQuery,
  ScreeningReportQueryVariables,
  ScreeningStatusQuery,
  ScreeningStatusQueryVariables,
  ScreeningTasksQuery,
  TurnDisputeIntoCaseInput,
  TurnDisputeIntoCaseMutation,
  TurnDisputeIntoCaseMutationVariables,
  UnitMeetingsFieldsFragment,
  UnitReportingFieldsFragment,
} from '../../shared/api.generated'
import { gql } from '../../shared/graphql'
import type { Connection } from '../../shared/pagination'
import { INCIDENT_KINDS } from '../../shared/types'
import type { DisputeStatus, ServerReport } from './reportForm'

/** Rows fetched per page of a list (the server's default page size). */
export const PAGE_SIZE = 20

export type Cadence = ScreeningCadence
export type { MeetingState, ReportState }
export const REPORT_STATES: ReportState[] = ['SUBMITTED', 'DRAFT', 'DUE', 'MISSING']
export const CADENCES: Cadence[] = ['DAILY', 'WEEKLY', 'HALF_MONTHLY', 'MONTHLY']

export type ScreeningTasks = ScreeningTasksQuery['screeningTasks']
export type UnitReporting = UnitReportingFieldsFragment
/** 排查调处例会 on the unit's meeting cadence (seed 004: county monthly, township half-monthly, village weekly). */
export type UnitMeetings = UnitMeetingsFieldsFragment
export type Period = UnitReporting['currentPeriod']
export type Decision = ScreeningTasks['decisions'][number]

export type { DisputeForm, ReportForm } from './reportForm'
export { emptyDispute, reportInput, validateReport } from './reportForm'

const REPORTING_FRAGMENT = /* GraphQL */ `fragment UnitReportingFields on UnitReporting {
  unit { id name level path } cadence currentState currentPeriod { start end } currentDueOn
  currentReport { id status version } missing { start end }
}`

const MEETING_STATUS_FRAGMENT = /* GraphQL */ `fragment UnitMeetingsFields on UnitMeetings {
  unit { id name level path } cadence currentState currentPeriod { start end } missing { start end } lastHeldOn
}`

export async function fetchTasks(): Promise<ScreeningTasks> {
  const data = await gql<ScreeningTasksQuery>(
    /* GraphQL */ `query ScreeningTasks { screeningTasks {
      reports { ...UnitReportingFields }
      meetings { ...UnitMeetingsFields }
      decisions { id content dueOn overdue meeting { kind heldOn unit { name } } }
    } }
    ${REPORTING_FRAGMENT} ${MEETING_STATUS_FRAGMENT}`,
  )
  return data.screeningTasks
}

/** Whether the unit (or each of its direct children) held its routine meeting in each period. */
export async function fetchMeetingStatus(children: boolean): Promise<UnitMeetings[]> {
  const variables: MeetingStatusQueryVariables = { children }
  const data = await gql<MeetingStatusQuery>(
    /* GraphQL */ `query MeetingStatus($children: Boolean) { meetingStatus(children: $children) { ...UnitMeetingsFields } }
    ${MEETING_STATUS_FRAGMENT}`,
    variables,
  )
  return data.meetingStatus
}

export async function fetchStatus(children: boolean, unitId: string | null = null): Promise<UnitReporting[]> {
  const variables: ScreeningStatusQueryVariables = { unitId, children }
  const data = await gql<ScreeningStatusQuery>(
    /* GraphQL */ `query ScreeningStatus($unitId: ID, $children: Boolean) {
      screeningStatus(unitId: $unitId, children: $children) { ...UnitReportingFields }
    }
    ${REPORTING_FRAGMENT}`,
    variables,
  )
  return data.screeningStatus
}

export const SAVE_REPORT_MUTATION = /* GraphQL */ `mutation SaveScreeningReport($input: SaveScreeningReportInput!) {
  saveScreeningReport(input: $input) {
    report { id status version period { start end } }
    userErrors { field message code }
  }
}`

/** What a dispute is, wherever it is shown (ServerDispute). */
const DISPUTE_ELEMENTS_FRAGMENT = /* GraphQL */ `fragment DisputeElements on Dispute {
  id title cause occurredOn place involvedUnit peopleInvolved development mediationSoFar status
  attachments { id filename contentType url }
}`

/** What the edit screen needs of a report (its disputes with ids and photos). */
const REPORT_FRAGMENT = /* GraphQL */ `fragment ScreeningReportFields on ScreeningReport {
  id status version zeroReport note submittedAt period { start end } unit { id name }
  disputes { ...DisputeElements }
}`

export const EDIT_REPORT_MUTATION = /* GraphQL */ `mutation EditScreeningReport($input: SaveScreeningReportInput!) {
  saveScreeningReport(input: $input) {
    report { ...ScreeningReportFields }
    userErrors { field message code }
  }
}
${REPORT_FRAGMENT}
${DISPUTE_ELEMENTS_FRAGMENT}`

export async function fetchReport(id: string): Promise<ServerReport | null> {
  const variables: ScreeningReportQueryVariables = { id }
  const data = await gql<ScreeningReportQuery>(
    /* GraphQL */ `query ScreeningReport($id: ID!) { screeningReport(id: $id) { ...ScreeningReportFields } }
    ${REPORT_FRAGMENT} ${DISPUTE_ELEMENTS_FRAGMENT}`,
    variables,
  )
  return data.screeningReport
}

export type ReportRow = OwnReportsQuery['screeningReportsConnection']['edges'][number]['node']

/** The unit's own reports (newest period first), drafts included. */
/** The unit's own reports whose period ends on or after `since`, newest first (every page of them). */
export async function fetchOwnReports(unitId: string, since: string): Promise<ReportRow[]> {
  const rows: ReportRow[] = []
  let after: string | null = null
  for (;;) {
    const variables: OwnReportsQueryVariables = { unitId, since, first: 100, after }
    const data: OwnReportsQuery = await gql<OwnReportsQuery>(
      /* GraphQL */ `query OwnReports($unitId: ID, $since: Date, $first: Int, $after: String) {
        screeningReportsConnection(unitId: $unitId, since: $since, first: $first, after: $after) {
          edges { node { id status version zeroReport period { start end } unit { id name } submittedAt disputes { id } } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      variables,
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

export type IncidentStatus = AttributionStatus
export const INCIDENT_STATUSES: IncidentStatus[] = ['ATTRIBUTED', 'CONTESTED', 'CONFIRMED', 'WITHDRAWN']
export { INCIDENT_KINDS }

export type Incident = IncidentFieldsFragment
type IncidentPayload = ContestIncidentMutation['contestIncident']

const INCIDENT_FRAGMENT = /* GraphQL */ `fragment IncidentFields on Incident {
  id kind occurredOn headcount destinationLevel verified status contestReason decisionNote canContest canDecide unit { name }
}`

/** One page of the year's incidents the viewer may read, newest first. */
export async function fetchIncidents(year: number, after: string | null): Promise<Connection<Incident>> {
  const variables: IncidentsQueryVariables = { year, first: PAGE_SIZE, after }
  const data = await gql<IncidentsQuery>(
    /* GraphQL */ `query Incidents($year: Int, $first: Int, $after: String) {
      incidentsConnection(year: $year, first: $first, after: $after) {
        edges { cursor node { ...IncidentFields } } pageInfo { hasNextPage endCursor } totalCount
      }
    }
    ${INCIDENT_FRAGMENT}`,
    variables,
  )
  return data.incidentsConnection
}

export async function contestIncident(id: string, reason: string): Promise<IncidentPayload> {
  const variables: ContestIncidentMutationVariables = { id, reason }
  const data = await gql<ContestIncidentMutation>(
    /* GraphQL */ `mutation ContestIncident($id: ID!, $reason: String!) {
      contestIncident(id: $id, reason: $reason) { incident { ...IncidentFields } userErrors { field message code } }
    }
    ${INCIDENT_FRAGMENT}`,
    variables,
  )
  return data.contestIncident
}

export async function decideIncident(
  id: string,
  accept: boolean,
  note: string,
): Promise<IncidentPayload> {
  const variables: DecideIncidentContestMutationVariables = { id, accept, note }
  const data = await gql<DecideIncidentContestMutation>(
    /* GraphQL */ `mutation DecideIncidentContest($id: ID!, $accept: Boolean!, $note: String!) {
      decideIncidentContest(id: $id, accept: $accept, note: $note) { incident { ...IncidentFields } userErrors { field message code } }
    }
    ${INCIDENT_FRAGMENT}`,
    variables,
  )
  return data.decideIncidentContest
}

export type { DisputeStatus }
export type { MediationOutcome }
export const MEDIATION_OUTCOMES: MediationOutcome[] = ['SUCCESS', 'PARTIAL', 'FAILED']

/** A dispute in the ledger: what it is, whose it is, and what has been done about it. */
export type DisputeRow = DisputeRowFieldsFragment & DisputeElementsFragment
type DisputePayload = MediateDisputeMutation['mediateDispute']

const DISPUTE_ROW_FRAGMENT = /* GraphQL */ `fragment DisputeRowFields on Dispute {
  ...DisputeElements unit { name } case { id title } mediations { mediator outcome mediatedOn }
}`

/** One page of the disputes the viewer may read (the open ones only unless `all`), newest first. */
export async function fetchDisputes(all: boolean, after: string | null): Promise<Connection<DisputeRow>> {
  const variables: DisputesQueryVariables = { status: all ? null : ['OPEN'], first: PAGE_SIZE, after }
  const data = await gql<DisputesQuery>(
    /* GraphQL */ `query Disputes($status: [DisputeStatus!], $first: Int, $after: String) {
      disputes(status: $status, first: $first, after: $after) {
        edges { cursor node { ...DisputeRowFields } } pageInfo { hasNextPage endCursor } totalCount
      }
    }
    ${DISPUTE_ROW_FRAGMENT} ${DISPUTE_ELEMENTS_FRAGMENT}`,
    variables,
  )
  return data.disputes
}

export async function mediateDispute(input: MediateDisputeInput): Promise<DisputePayload> {
  const variables: MediateDisputeMutationVariables = { input }
  const data = await gql<MediateDisputeMutation>(
    /* GraphQL */ `mutation MediateDispute($input: MediateDisputeInput!) {
      mediateDispute(input: $input) { dispute { ...DisputeRowFields } userErrors { field message code } }
    }
    ${DISPUTE_ROW_FRAGMENT} ${DISPUTE_ELEMENTS_FRAGMENT}`,
    variables,
  )
  return data.mediateDispute
}

export async function disputeToCase(input: TurnDisputeIntoCaseInput): Promise<DisputePayload> {
  const variables: TurnDisputeIntoCaseMutationVariables = { input }
  const data = await gql<TurnDisputeIntoCaseMutation>(
    /* GraphQL */ `mutation TurnDisputeIntoCase($input: TurnDisputeIntoCaseInput!) {
      turnDisputeIntoCase(input: $input) { dispute { ...DisputeRowFields } userErrors { field message code } }
    }
    ${DISPUTE_ROW_FRAGMENT} ${DISPUTE_ELEMENTS_FRAGMENT}`,
    variables,
  )
  return data.turnDisputeIntoCase
}

export async function recordIncident(input: RecordIncidentInput): Promise<IncidentPayload> {
  const variables: RecordIncidentMutationVariables = { input }
  const data = await gql<RecordIncidentMutation>(
    /* GraphQL */ `mutation RecordIncident($input: RecordIncidentInput!) {
      recordIncident(input: $input) { incident { ...IncidentFields } userErrors { field message code } }
    }
    ${INCIDENT_FRAGMENT}`,
    variables,
  )
  return data.recordIncident
}
