import { createClient, type Client } from 'graphql-ws'
import type { InboxCasesQuery, InboxChangedSubscription, InboxCountsFieldsFragment, InboxCasesQueryVariables, InboxQuery } from '../../shared/api.generated'
import { gql } from '../../shared/graphql'
import type { Connection } from '../../shared/pagination'
import type { CaseListItem } from '../../shared/types'

export type InboxCounts = InboxCountsFieldsFragment

export type InboxTask =
  | 'TO_ACCEPT'
  | 'TO_ASSIGN'
  | 'DUE_SOON'
  | 'OVERDUE'
  | 'SUPERVISED'
  | 'TO_REVIEW'
  | 'EXTENSION_REQUESTS'
  | 'FLAGGED'

/** Each tile of the grid: the count field and the task it opens. */
export const TILES: { field: keyof InboxCounts; task: InboxTask }[] = [
  { field: 'toAccept', task: 'TO_ACCEPT' },
  { field: 'toAssign', task: 'TO_ASSIGN' },
  { field: 'dueSoon', task: 'DUE_SOON' },
  { field: 'overdue', task: 'OVERDUE' },
  { field: 'supervised', task: 'SUPERVISED' },
  { field: 'toReview', task: 'TO_REVIEW' },
  { field: 'extensionRequests', task: 'EXTENSION_REQUESTS' },
  { field: 'flagged', task: 'FLAGGED' },
]

export function isInboxTask(value: unknown): value is InboxTask {
  return TILES.some((tile) => tile.task === value)
}

const COUNTS_FRAGMENT = /* GraphQL */ `fragment InboxCountsFields on InboxCounts {
  toAccept toAssign dueSoon overdue supervised toReview extensionRequests flagged
}`

export async function fetchInbox(): Promise<InboxCounts> {
  const data = await gql<InboxQuery>(
    /* GraphQL */ `query Inbox { inbox { ...InboxCountsFields } } ${COUNTS_FRAGMENT}`,
  )
  return data.inbox
}

export async function fetchInboxCases(task: InboxTask, after: string | null): Promise<Connection<CaseListItem>> {
  const variables: InboxCasesQueryVariables = { task, first: 20, after }
  const data = await gql<InboxCasesQuery>(
    /* GraphQL */ `query InboxCases($task: InboxTask!, $first: Int, $after: String) {
      inboxCases(task: $task, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id title status headcount registeredAt dueAt deadlineState deadlineProvisional overdue unit { id name } } }
      }
    }`,
    variables,
  )
  return data.inboxCases
}

/** ws:// or wss:// on the page's own origin: the session cookie goes with the upgrade. */
export function socketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`
}

let client: Client | null = null

/**
 * Live counts over graphql-transport-ws. `onFailure` is called when the socket cannot be kept
 * (the caller falls back to refetching when the window regains focus). Returns an unsubscribe.
 */
export function subscribeInbox(onCounts: (counts: InboxCounts) => void, onFailure: () => void): () => void {
  if (typeof WebSocket === 'undefined') {
    onFailure()
    return () => {}
  }
  client ??= createClient({ url: socketUrl(window.location), lazy: true, retryAttempts: 3 })
  return client.subscribe<InboxChangedSubscription>(
    { query: /* GraphQL */ `subscription InboxChanged { inboxChanged { ...InboxCountsFields } } ${COUNTS_FRAGMENT}` },
    {
      next: (result) => {
        if (result.data?.inboxChanged) onCounts(result.data.inboxChanged)
      },
      error: () => onFailure(),
      complete: () => {},
    },
  )
}

/** Close the socket (sign-out): the next subscription opens a fresh one with the new cookie. */
export function closeInboxSocket(): void {
  void client?.dispose()
  client = null
}
