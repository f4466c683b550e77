import type { HomeCountsQuery, HomeCountsQueryVariables } from '../../shared/api.generated'
import { gql } from '../../shared/graphql'
import { OPEN_STATUSES } from '../../shared/types'

export interface HomeCounts {
  open: number
  overdue: number
}

export const HOME_COUNTS_QUERY = /* GraphQL */ `query HomeCounts($open: [CaseStatus!]) {
  open: cases(filter: { status: $open }, first: 0) { totalCount }
  overdue: cases(filter: { overdue: true }, first: 0) { totalCount }
}`

export async function fetchHomeCounts(): Promise<HomeCounts> {
  const variables: HomeCountsQueryVariables = { open: OPEN_STATUSES }
  const data = await gql<HomeCountsQuery>(HOME_COUNTS_QUERY, variables)
  return { open: data.open.totalCount, overdue: data.overdue.totalCount }
}
