import { gql, type UserError } from '../../shared/graphql'
import type { Connection } from '../../shared/pagination'
import type { CaseDetail, CaseListItem, CaseStatus, Channel, Unit } from '../../shared/types'

export const PAGE_SIZE = 20

export interface CaseFilter {
  unitId?: string
  status?: CaseStatus[]
  overdue?: boolean
  search?: string
  dueSoon?: boolean
  flagged?: boolean
  repeat?: boolean
  kind?: 'SUGGESTION' | 'ACCUSATION' | 'COMPLAINT'
}

export const CASE_LIST_ITEM_FRAGMENT = /* GraphQL */ `fragment CaseListItemFields on Case {
  id title status headcount registeredAt dueAt deadlineState deadlineProvisional overdue
  unit { id name }
}`

export const CASE_LIST_QUERY = /* GraphQL */ `query CaseList($filter: CaseFilter, $first: Int, $after: String) {
  cases(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node { ...CaseListItemFields }
    }
  }
}
${CASE_LIST_ITEM_FRAGMENT}`

export async function fetchCases(
  filter: CaseFilter,
  after: string | null,
  signal?: AbortSignal,
): Promise<Connection<CaseListItem>> {
  const data = await gql<{ cases: Connection<CaseListItem> }>(
    CASE_LIST_QUERY,
    { filter, first: PAGE_SIZE, after },
    { signal },
  )
  return data.cases
}

const CASE_FRAGMENT = /* GraphQL */ `fragment CaseDetailFields on Case {
  id queryCode title content category channel status headcount
  registeredAt acceptDueAt handleDueAt dueAt deadlineState overdue rating
  unit { id name level path }
  leader { id displayName }
  petitioners { name phone }
  timeline { kind at note satisfaction actor { id displayName } }
}`

export async function fetchCase(id: string): Promise<CaseDetail | null> {
  const data = await gql<{ case: CaseDetail | null }>(/* GraphQL */ `query CaseDetail($id: ID!) { case(id: $id) { ...CaseDetailFields } } ${CASE_FRAGMENT}`, {
    id,
  })
  return data.case
}

export interface RegisterCaseInput {
  unitId: string
  channel: Channel
  title: string
  content: string
  category: string | null
  headcount: number
  petitioners: { name: string; phone: string }[]
  clientMutationId: string
  kind?: 'SUGGESTION' | 'ACCUSATION' | 'COMPLAINT'
  cause?: string | null
  place?: string | null
  occurredOn?: string | null
  development?: string | null
  mediation?: string | null
  accusedUnitId?: string | null
  attachmentIds?: string[] | null
}

export interface CasePayload {
  case: CaseDetail | null
  userErrors: UserError[]
  /** For the official who registered it: the query code and time, also when the case is hidden from them. */
  receipt?: { queryCode: string; registeredAt: string } | null
}

export async function registerCase(input: RegisterCaseInput): Promise<CasePayload> {
  const data = await gql<{ registerCase: CasePayload }>(
    /* GraphQL */ `mutation RegisterCase($input: RegisterCaseInput!) {
      registerCase(input: $input) {
        case { ...CaseDetailFields } receipt { queryCode registeredAt } userErrors { field message code }
      }
    }
    ${CASE_FRAGMENT}`,
    { input },
  )
  return data.registerCase
}

