import type {
  CaseDetailQuery,
  CaseDetailQueryVariables,
  CaseFilter,
  CaseListQuery,
  CaseListQueryVariables,
  RegisterCaseInput,
  RegisterCaseMutation,
  RegisterCaseMutationVariables,
} from '../../shared/api.generated'
import { gql } from '../../shared/graphql'
import type { Connection } from '../../shared/pagination'
import type { CaseDetail, CaseListItem } from '../../shared/types'

export const PAGE_SIZE = 20

export type { CaseFilter }

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
  const variables: CaseListQueryVariables = { filter, first: PAGE_SIZE, after }
  const data = await gql<CaseListQuery>(CASE_LIST_QUERY, variables, { signal })
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
  const variables: CaseDetailQueryVariables = { id }
  const data = await gql<CaseDetailQuery>(
    /* GraphQL */ `query CaseDetail($id: ID!) { case(id: $id) { ...CaseDetailFields } } ${CASE_FRAGMENT}`,
    variables,
  )
  return data.case
}

export type { RegisterCaseInput }
/** For the official who registered it, `receipt` carries the query code and time, also when the case is hidden from them. */
export type CasePayload = RegisterCaseMutation['registerCase']

export async function registerCase(input: RegisterCaseInput): Promise<CasePayload> {
  const variables: RegisterCaseMutationVariables = { input }
  const data = await gql<RegisterCaseMutation>(
    /* GraphQL */ `mutation RegisterCase($input: RegisterCaseInput!) {
      registerCase(input: $input) {
        case { ...CaseDetailFields } receipt { queryCode registeredAt } userErrors { field message code }
      }
    }
    ${CASE_FRAGMENT}`,
    variables,
  )
  return data.registerCase
}

