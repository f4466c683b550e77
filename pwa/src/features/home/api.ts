import { gql } from '../../shared/graphql'
import { OPEN_STATUSES } from '../../shared/types'

export interface HomeCounts {
  open: number
  overdue: number
}

export const HOME_COUNTS_QUERY = `query HomeCounts($open: [CaseStatus!]) {
  open: cases(filter: { status: $open }, first: 0) { totalCount }
  overdue: cases(filter: { overdue: true }, first: 0) { totalCount }
}`

export async function fetchHomeCounts(): Promise<HomeCounts> {
  const data = await gql<{ open: { totalCount: number }; overdue: { totalCount: number } }>(HOME_COUNTS_QUERY, {
    open: OPEN_STATUSES,
  })
  return { open: data.open.totalCount, overdue: data.overdue.totalCount }
}
