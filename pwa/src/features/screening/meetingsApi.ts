/** 排查调处例会 / 研判会: the unit's meetings, recording one, and the pickers it needs. */
import type {
  CompleteDecisionMutation,
  CompleteDecisionMutationVariables,
  MeetingCasesQuery,
  MeetingCasesQueryVariables,
  MeetingDisputesQuery,
  MeetingDisputesQueryVariables,
  MeetingKind,
  MeetingPeopleQuery,
  MeetingPeopleQueryVariables,
  MeetingRowFieldsFragment,
  MeetingsQuery,
  MeetingsQueryVariables,
  RecordMeetingInput,
  RecordMeetingMutation,
  RecordMeetingMutationVariables,
} from '../../shared/api.generated'
import { gql } from '../../shared/graphql'
import type { Connection } from '../../shared/pagination'
import { OPEN_STATUSES } from '../../shared/types'
import { PAGE_SIZE } from './api'

export type { MeetingKind }
export const MEETING_KINDS: MeetingKind[] = ['ROUTINE', 'ANALYSIS']

/** Roles that may minute a meeting (the screening policy's `meeting` action; a village clerk minutes
 * the village's own weekly 排查调处例会). */
const MEETING_ROLES = ['village_clerk', 'village_head', 'township_officer', 'township_leader', 'county_officer', 'county_leader']

export function canRecordMeetings(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).some((r) => MEETING_ROLES.includes(r))
}

/** One choice of a picker: an official, a case or a dispute. */
export interface PickOption {
  id: string
  label: string
  /** a second line: the official's unit, the case's or dispute's unit */
  detail?: string
}

export type MeetingRow = MeetingRowFieldsFragment
export type MeetingDecisionRow = MeetingRow['decisions'][number]

const MEETING_FRAGMENT = /* GraphQL */ `fragment MeetingRowFields on Meeting {
  id kind heldOn attendees summary unit { id name } recordedBy { displayName }
  attendeeUsers { id displayName unit { name } }
  cases { id title } disputes { id title }
  decisions { id content dueOn done doneAt doneNote overdue owner { id displayName unit { name } } }
}`

/** One page of the meetings of the unit's subtree, the latest first. */
export async function fetchMeetings(unitId: string | null, after: string | null = null): Promise<Connection<MeetingRow>> {
  const variables: MeetingsQueryVariables = { unitId, first: PAGE_SIZE, after }
  const data = await gql<MeetingsQuery>(
    /* GraphQL */ `query Meetings($unitId: ID, $first: Int, $after: String) {
      meetings(unitId: $unitId, first: $first, after: $after) {
        edges { cursor node { ...MeetingRowFields } } pageInfo { hasNextPage endCursor } totalCount
      }
    }
    ${MEETING_FRAGMENT}`,
    variables,
  )
  return data.meetings
}

type Person = MeetingPeopleQuery['meetingAttendeeOptionsConnection']['edges'][number]['node']

export function personOption(p: Person): PickOption {
  return { id: p.id, label: p.displayName, detail: `${p.unit.name} · ${p.username}` }
}

/** One page of a picker's choices: `next` is the cursor of the page after it (null at the end),
 * `total` how many match the search. */
export interface PickPage {
  options: PickOption[]
  next: string | null
  total: number
}

/** Choices per page of the meeting pickers (the server's page size maximum is 100). */
export const PICK_PAGE_SIZE = 50

function pickPage<T>(connection: Connection<T>, option: (node: T) => PickOption): PickPage {
  const { pageInfo } = connection
  return {
    options: connection.edges.map((edge) => option(edge.node)),
    next: pageInfo.hasNextPage && pageInfo.endCursor ? pageInfo.endCursor : null,
    total: connection.totalCount,
  }
}

/** Officials of the unit's subtree who may attend or own a decision, a page at a time. */
export async function searchOfficials(unitId: string | null, search: string, after: string | null = null): Promise<PickPage> {
  const variables: MeetingPeopleQueryVariables = { unitId, search: search.trim() || null, first: PICK_PAGE_SIZE, after }
  const data = await gql<MeetingPeopleQuery>(
    /* GraphQL */ `query MeetingPeople($unitId: ID, $search: String, $first: Int, $after: String) {
      meetingAttendeeOptionsConnection(unitId: $unitId, search: $search, first: $first, after: $after) {
        edges { cursor node { id displayName username unit { name } } } pageInfo { hasNextPage endCursor } totalCount
      }
    }`,
    variables,
  )
  return pickPage(data.meetingAttendeeOptionsConnection, personOption)
}

export async function searchOpenCases(unitId: string | null, search: string, after: string | null = null): Promise<PickPage> {
  const variables: MeetingCasesQueryVariables = {
    filter: { unitId, status: OPEN_STATUSES, search: search.trim() || null },
    first: PICK_PAGE_SIZE,
    after,
  }
  const data = await gql<MeetingCasesQuery>(
    /* GraphQL */ `query MeetingCases($filter: CaseFilter, $first: Int, $after: String) {
      cases(filter: $filter, first: $first, after: $after) {
        edges { cursor node { id title unit { name } } } pageInfo { hasNextPage endCursor } totalCount
      }
    }`,
    variables,
  )
  return pickPage(data.cases, (node) => ({ id: node.id, label: node.title, detail: node.unit.name }))
}

export async function searchOpenDisputes(unitId: string | null, search: string, after: string | null = null): Promise<PickPage> {
  const variables: MeetingDisputesQueryVariables = { unitId, search: search.trim() || null, first: PICK_PAGE_SIZE, after }
  const data = await gql<MeetingDisputesQuery>(
    /* GraphQL */ `query MeetingDisputes($unitId: ID, $search: String, $first: Int, $after: String) {
      disputes(unitId: $unitId, status: [OPEN], search: $search, first: $first, after: $after) {
        edges { cursor node { id title occurredOn unit { name } } } pageInfo { hasNextPage endCursor } totalCount
      }
    }`,
    variables,
  )
  return pickPage(data.disputes, (d) => ({
    id: d.id,
    label: d.title,
    detail: d.occurredOn ? `${d.unit.name} · ${d.occurredOn}` : d.unit.name,
  }))
}

export interface DecisionForm {
  content: string
  owner: PickOption | null
  dueOn: string
}

export interface MeetingForm {
  kind: MeetingKind
  heldOn: string
  attendees: PickOption[]
  /** others present, one a line (names and posts, as minuted) */
  others: string
  summary: string
  cases: PickOption[]
  disputes: PickOption[]
  decisions: DecisionForm[]
}

export function emptyDecision(): DecisionForm {
  return { content: '', owner: null, dueOn: '' }
}

export function emptyMeeting(today: string): MeetingForm {
  return {
    kind: 'ROUTINE',
    heldOn: today,
    attendees: [],
    others: '',
    summary: '',
    cases: [],
    disputes: [],
    decisions: [],
  }
}

/** Others present: one a line, or separated by the Chinese or Latin comma / enumeration comma. */
export function splitOthers(text: string): string[] {
  return text
    .split(/[\n,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Client-side checks, keyed like the server's field paths (`decisions.0.ownerId`). */
export function validateMeeting(form: MeetingForm, today: string): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!form.heldOn) errors.heldOn = 'validation.required'
  else if (form.heldOn > today) errors.heldOn = 'meeting.futureDate'
  if (form.attendees.length === 0 && splitOthers(form.others).length === 0) errors.attendeeIds = 'meeting.needAttendees'
  form.decisions.forEach((d, i) => {
    if (!d.content.trim()) errors[`decisions.${i}.content`] = 'validation.required'
    if (!d.owner) errors[`decisions.${i}.ownerId`] = 'meeting.needOwner'
    if (d.dueOn && form.heldOn && d.dueOn < form.heldOn) errors[`decisions.${i}.dueOn`] = 'meeting.dueBeforeMeeting'
  })
  return errors
}

export function meetingInput(unitId: string, form: MeetingForm, clientMutationId: string): RecordMeetingInput {
  return {
    unitId,
    kind: form.kind,
    heldOn: form.heldOn,
    attendeeIds: form.attendees.map((a) => a.id),
    attendees: splitOthers(form.others),
    summary: form.summary.trim() || null,
    caseIds: form.cases.map((c) => c.id),
    disputeIds: form.disputes.map((d) => d.id),
    decisions: form.decisions.map((d) => ({
      content: d.content.trim(),
      ownerId: d.owner?.id ?? '',
      dueOn: d.dueOn || null,
    })),
    clientMutationId,
  }
}

export async function recordMeeting(input: RecordMeetingInput): Promise<RecordMeetingMutation['recordMeeting']> {
  const variables: RecordMeetingMutationVariables = { input }
  const data = await gql<RecordMeetingMutation>(
    /* GraphQL */ `mutation RecordMeeting($input: RecordMeetingInput!) {
      recordMeeting(input: $input) { meeting { id } userErrors { field message code } }
    }`,
    variables,
  )
  return data.recordMeeting
}

export async function completeDecision(
  id: string,
  note: string | null,
): Promise<CompleteDecisionMutation['completeMeetingDecision']> {
  const variables: CompleteDecisionMutationVariables = { id, note }
  const data = await gql<CompleteDecisionMutation>(
    /* GraphQL */ `mutation CompleteDecision($id: ID!, $note: String) {
      completeMeetingDecision(id: $id, note: $note) { decision { id done doneNote } userErrors { field message code } }
    }`,
    variables,
  )
  return data.completeMeetingDecision
}
