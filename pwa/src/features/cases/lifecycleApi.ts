import { gql, type UserError } from '../../shared/graphql'
import type { Connection } from '../../shared/pagination'
import type { CaseDetail, CaseStatus, DeadlineState, Satisfaction, Unit, UnitLevel } from '../../shared/types'
import {
  mutationDocument,
  mutationFor,
  type ActionValues,
  type CaseAction,
  type MatterKind,
  type Outcome,
  type ReviewResult,
} from './lifecycle'

export interface Person {
  id: string
  displayName: string
  username?: string
  unit?: { id: string; name: string }
}

export interface Attachment {
  id: string
  filename: string
  contentType: string
  size: number
  url: string
}

export interface FullCase extends CaseDetail {
  kind: MatterKind
  cause: string | null
  place: string | null
  occurredOn: string | null
  development: string | null
  mediation: string | null
  firstPetition: boolean
  notAcceptedAgain: boolean
  rejectReason: string | null
  plan: string | null
  reply: string | null
  outcome: Outcome | null
  replyRound: number
  acceptedAt: string | null
  repliedAt: string | null
  closedAt: string | null
  ratingDueAt: string | null
  reviewRequestDueAt: string | null
  reviewDueAt: string | null
  concludedAt: string | null
  /** The running deadline is counted through a year whose holidays are not entered yet. */
  deadlineProvisional: boolean
  /** Who reviews in the current (or latest) round; `outside` when it is the city, recorded by the county. */
  reviewBody: { name: string; rereview: boolean; outside: boolean } | null
  reviewDecidedBy: string | null
  rereviewDecidedBy: string | null
  /** The 复查 opinion's stated result (null before it, or for one given before results were stated). */
  reviewResult: ReviewResult | null
  /** The 复核 opinion's stated result on the 复查 opinion. */
  rereviewResult: ReviewResult | null
  flaggedForCountyAt: string | null
  extensionStatus: 'REQUESTED' | 'APPROVED' | 'REFUSED' | null
  extensionDays: number | null
  extensionReason: string | null
  handlerUnit: Unit
  handlers: Person[]
  repeatOf: { id: string; title: string; queryCode: string; status: CaseStatus } | null
  documents: { kind: string; body: string; publishedAt: string; reviewResult: ReviewResult | null; issuedBy: string | null }[]
  supervisions: { kind: string; note: string | null; dueAt: string | null; createdAt: string; fromUnit: { id: string; name: string } }[]
  attachments: Attachment[]
  /** The viewer handles the case and may add files to it. */
  canAddAttachments: boolean
  availableActions: CaseAction[]
  /** The latest round's rating (cleared when a new answer opens the next round). */
  rating: Satisfaction | null
  /** Each reply round (答复, 复查意见, 复核意见) with its own rating, oldest first. */
  ratings: RoundRating[]
}

export interface RoundRating {
  round: number
  answer: 'REPLY' | 'REVIEW' | 'REREVIEW'
  rating: Satisfaction | null
  ratedAt: string | null
  /** The petitioner's words: only to the units handling the case. */
  comment: string | null
}

export const FULL_CASE_FIELDS = `
  id queryCode title content category channel status headcount kind
  cause place occurredOn development mediation firstPetition notAcceptedAgain
  rejectReason plan reply outcome replyRound acceptedAt repliedAt closedAt
  registeredAt acceptDueAt handleDueAt dueAt deadlineState overdue rating
  ratingDueAt reviewRequestDueAt reviewDueAt reviewResult rereviewResult flaggedForCountyAt
  concludedAt deadlineProvisional reviewDecidedBy rereviewDecidedBy reviewBody { name rereview outside }
  extensionStatus extensionDays extensionReason
  unit { id name level path }
  handlerUnit { id name level path }
  leader { id displayName }
  handlers { id displayName }
  petitioners { name phone }
  repeatOf { id title queryCode status }
  documents { kind body publishedAt reviewResult issuedBy }
  supervisions { kind note dueAt createdAt fromUnit { id name } }
  attachments { id filename contentType size url }
  canAddAttachments
  availableActions
  ratings { round answer rating ratedAt comment }
  timeline { kind at note satisfaction actor { id displayName } }
`

export async function fetchFullCase(id: string): Promise<FullCase | null> {
  const data = await gql<{ case: FullCase | null }>(`query FullCase($id: ID!) { case(id: $id) { ${FULL_CASE_FIELDS} } }`, { id })
  return data.case
}

export interface ActionPayload {
  case: { id: string } | null
  userErrors: UserError[]
}

export async function runAction(action: CaseAction, id: string, values: ActionValues): Promise<ActionPayload> {
  const { name, variables } = mutationFor(action, id, values)
  const data = await gql<Record<string, ActionPayload>>(mutationDocument(name, variables, 'id status'), variables)
  return data[name]
}

/** People who may lead or join the handling (交办 pickers): every page of them, none left out. */
export async function fetchAssignees(id: string): Promise<Person[]> {
  const people: Person[] = []
  let after: string | null = null
  for (;;) {
    const data: { caseAssigneesConnection: Connection<Person> } = await gql(
      `query Assignees($id: ID!, $first: Int, $after: String) {
        caseAssigneesConnection(id: $id, first: $first, after: $after) {
          edges { node { id displayName username unit { id name } } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      { id, first: 100, after },
    )
    const page = data.caseAssigneesConnection
    people.push(...page.edges.map((edge) => edge.node))
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break
    after = page.pageInfo.endCursor
  }
  return people
}

/** A possible 包案 leader: someone with a handling role at the handling unit or above it. */
export interface LeaderOption {
  user: Person
  role: string
  unit: { id: string; name: string }
}

/** 包案领导 candidates with their role and unit (assignCase refuses anyone else). */
export async function fetchLeaderOptions(id: string): Promise<LeaderOption[]> {
  const data = await gql<{ caseLeaderOptions: LeaderOption[] }>(
    `query LeaderOptions($id: ID!) { caseLeaderOptions(id: $id) { user { id displayName username } role unit { id name } } }`,
    { id },
  )
  return data.caseLeaderOptions
}

interface UnitChain {
  id: string
  name: string
  level: UnitLevel
  parent: UnitChain | null
}

/** The signed-in user's county (walking up from their unit), or null. */
export async function fetchMyCounty(): Promise<{ id: string; name: string } | null> {
  const data = await gql<{ me: { unit: UnitChain } | null }>(
    `query MyCounty { me { unit { id name level parent { id name level parent { id name level parent { id name level } } } } } }`,
  )
  let unit: UnitChain | null = data.me?.unit ?? null
  while (unit && unit.level !== 'COUNTY') unit = unit.parent
  return unit ? { id: unit.id, name: unit.name } : null
}

export interface ForwardTarget {
  id: string
  name: string
  level: UnitLevel
  path: string
}

/** The units this case may be forwarded to now (the server's rule: the county and its townships,
 * never the handler, never the accused unit or its subtree). */
export async function fetchForwardTargets(caseId: string): Promise<ForwardTarget[]> {
  const data = await gql<{ forwardTargets: ForwardTarget[] }>(
    `query ForwardTargets($caseId: ID!) { forwardTargets(caseId: $caseId) { id name level path } }`,
    { caseId },
  )
  return data.forwardTargets
}

/** Files uploaded through /attachments, added to a registered case (handling units only). */
export async function addCaseAttachments(caseId: string, attachmentIds: string[]): Promise<ActionPayload> {
  const data = await gql<{ addCaseAttachments: ActionPayload }>(
    `mutation AddFiles($caseId: ID!, $ids: [ID!]!) {
      addCaseAttachments(caseId: $caseId, attachmentIds: $ids) { case { id } userErrors { field message code } }
    }`,
    { caseId, ids: attachmentIds },
  )
  return data.addCaseAttachments
}

export interface ViewerCan {
  exportCases: boolean
}

/** What the signed-in user may do (buttons shown only when they will work). */
export async function fetchViewerCan(): Promise<ViewerCan> {
  const data = await gql<{ viewerCan: ViewerCan }>(`query ViewerCan { viewerCan { exportCases } }`)
  return data.viewerCan
}

export interface ExtendedListItem {
  id: string
  title: string
  status: CaseStatus
  headcount: number
  registeredAt: string
  dueAt: string | null
  deadlineState: DeadlineState
  overdue: boolean
  unit: { id: string; name: string }
}
