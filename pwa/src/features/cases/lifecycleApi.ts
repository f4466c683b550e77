import type {
  AddCaseAttachmentsMutation,
  AddCaseAttachmentsMutationVariables,
  AssigneesQuery,
  AssigneesQueryVariables,
  ForwardTargetsQuery,
  ForwardTargetsQueryVariables,
  FullCaseFieldsFragment,
  FullCaseQuery,
  FullCaseQueryVariables,
  LeaderOptionsQuery,
  LeaderOptionsQueryVariables,
  MyCountyQuery,
  Unit,
  ViewerCanQuery,
} from '../../shared/api.generated'
import { gql } from '../../shared/graphql'
import { mutationDocument, mutationFor, type ActionValues, type CaseAction } from './lifecycle'

/** A case with everything the case page and its actions show. */
export type FullCase = FullCaseFieldsFragment
export type Attachment = FullCase['attachments'][number]
export type RoundRating = FullCase['ratings'][number]
/** Someone who may lead or join the handling (交办 pickers). */
export type Person = AssigneesQuery['caseAssigneesConnection']['edges'][number]['node']
/** A possible 包案 leader: someone with a handling role at the handling unit or above it. */
export type LeaderOption = LeaderOptionsQuery['caseLeaderOptions'][number]
export type ForwardTarget = ForwardTargetsQuery['forwardTargets'][number]
export type ViewerCan = ViewerCanQuery['viewerCan']
/** What a lifecycle mutation answers (they all select the same: the case's id and the userErrors). */
export type ActionPayload = AddCaseAttachmentsMutation['addCaseAttachments']

export const FULL_CASE_FRAGMENT = /* GraphQL */ `fragment FullCaseFields on Case {
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
}`

export async function fetchFullCase(id: string): Promise<FullCase | null> {
  const variables: FullCaseQueryVariables = { id }
  const data = await gql<FullCaseQuery>(
    /* GraphQL */ `query FullCase($id: ID!) { case(id: $id) { ...FullCaseFields } } ${FULL_CASE_FRAGMENT}`,
    variables,
  )
  return data.case
}

export async function runAction(action: CaseAction, id: string, values: ActionValues): Promise<ActionPayload> {
  const { name, variables } = mutationFor(action, id, values)
  // Built from the action (one document per mutation name), so not a /* GraphQL */ literal.
  const data = await gql<Record<string, ActionPayload>>(mutationDocument(name, variables, 'id status'), variables)
  return data[name]
}

/** People who may lead or join the handling (交办 pickers): every page of them, none left out. */
export async function fetchAssignees(id: string): Promise<Person[]> {
  const people: Person[] = []
  let after: string | null = null
  for (;;) {
    const variables: AssigneesQueryVariables = { id, first: 100, after }
    const data: AssigneesQuery = await gql<AssigneesQuery>(
      /* GraphQL */ `query Assignees($id: ID!, $first: Int, $after: String) {
        caseAssigneesConnection(id: $id, first: $first, after: $after) {
          edges { node { id displayName username unit { id name } } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      variables,
    )
    const page = data.caseAssigneesConnection
    people.push(...page.edges.map((edge) => edge.node))
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break
    after = page.pageInfo.endCursor
  }
  return people
}

/** 包案领导 candidates with their role and unit (assignCase refuses anyone else). */
export async function fetchLeaderOptions(id: string): Promise<LeaderOption[]> {
  const variables: LeaderOptionsQueryVariables = { id }
  const data = await gql<LeaderOptionsQuery>(
    /* GraphQL */ `query LeaderOptions($id: ID!) { caseLeaderOptions(id: $id) { user { id displayName username } role unit { id name } } }`,
    variables,
  )
  return data.caseLeaderOptions
}

type UnitChain = Pick<Unit, 'id' | 'name' | 'level'> & { parent?: UnitChain | null }

/** The signed-in user's county (walking up from their unit), or null. */
export async function fetchMyCounty(): Promise<{ id: string; name: string } | null> {
  const data = await gql<MyCountyQuery>(
    /* GraphQL */ `query MyCounty { me { unit { id name level parent { id name level parent { id name level parent { id name level } } } } } }`,
  )
  // The selection nests three parents deep; the walk reads it as one recursive chain.
  let unit: UnitChain | null | undefined = data.me?.unit ?? null
  while (unit && unit.level !== 'COUNTY') unit = unit.parent
  return unit ? { id: unit.id, name: unit.name } : null
}

/** The units this case may be forwarded to now (the server's rule: the county and its townships,
 * never the handler, never the accused unit or its subtree). */
export async function fetchForwardTargets(caseId: string): Promise<ForwardTarget[]> {
  const variables: ForwardTargetsQueryVariables = { caseId }
  const data = await gql<ForwardTargetsQuery>(
    /* GraphQL */ `query ForwardTargets($caseId: ID!) { forwardTargets(caseId: $caseId) { id name level path } }`,
    variables,
  )
  return data.forwardTargets
}

/** Files uploaded through /attachments, added to a registered case (handling units only). */
export async function addCaseAttachments(caseId: string, attachmentIds: string[]): Promise<ActionPayload> {
  const variables: AddCaseAttachmentsMutationVariables = { caseId, ids: attachmentIds }
  const data = await gql<AddCaseAttachmentsMutation>(
    /* GraphQL */ `mutation AddCaseAttachments($caseId: ID!, $ids: [ID!]!) {
      addCaseAttachments(caseId: $caseId, attachmentIds: $ids) { case { id } userErrors { field message code } }
    }`,
    variables,
  )
  return data.addCaseAttachments
}

/** What the signed-in user may do (buttons shown only when they will work). */
export async function fetchViewerCan(): Promise<ViewerCan> {
  const data = await gql<ViewerCanQuery>(/* GraphQL */ `query ViewerCan { viewerCan { exportCases } }`)
  return data.viewerCan
}
