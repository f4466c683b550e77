/** State of the infinite case list: pages merged by cursor, refresh, and the offline copy. */
import { ref, shallowRef } from 'vue'
import { errorCode, isNetworkError } from '../../shared/graphql'
import { mergeConnection, type Connection } from '../../shared/pagination'
import { session } from '../../shared/session'
import { loadFor, saveFor } from '../../shared/storage'
import type { CaseListItem, CaseStatus } from '../../shared/types'
import { CASE_STATUSES, OPEN_STATUSES } from '../../shared/types'
import { fetchCases, type CaseFilter } from './api'

/** How many rows of a list are kept for offline use. */
export const SAVED_ROWS = 100

export interface ListQuery {
  status?: string
  overdue?: string
  q?: string
  /** '1': deadline within the warning window */
  dueSoon?: string
  /** '1': dissatisfied rating awaiting 回访 */
  flagged?: string
  /** '1': 重信重访 only, '0': 初信初访 only */
  repeat?: string
  kind?: string
}

const KINDS = ['SUGGESTION', 'ACCUSATION', 'COMPLAINT'] as const

/** `?status=open&overdue=1&q=水` → the GraphQL filter. Unknown statuses are ignored. */
export function filterFromQuery(query: ListQuery): CaseFilter {
  const filter: CaseFilter = {}
  if (query.status === 'open') filter.status = [...OPEN_STATUSES]
  else if (query.status && (CASE_STATUSES as string[]).includes(query.status)) filter.status = [query.status as CaseStatus]
  if (query.overdue === '1' || query.overdue === 'true') filter.overdue = true
  const search = (query.q ?? '').trim()
  if (search) filter.search = search
  if (query.dueSoon === '1') filter.dueSoon = true
  if (query.flagged === '1') filter.flagged = true
  if (query.repeat === '1') filter.repeat = true
  else if (query.repeat === '0') filter.repeat = false
  if (query.kind && (KINDS as readonly string[]).includes(query.kind)) filter.kind = query.kind as CaseFilter['kind']
  return filter
}

export function filterKey(filter: CaseFilter): string {
  return JSON.stringify([
    filter.status ?? null,
    filter.overdue ?? null,
    filter.search ?? null,
    filter.unitId ?? null,
    filter.dueSoon ?? null,
    filter.flagged ?? null,
    filter.repeat ?? null,
    filter.kind ?? null,
  ])
}

export function useCaseList() {
  const connection = shallowRef<Connection<CaseListItem> | null>(null)
  const loading = ref(false)
  const finished = ref(false)
  const error = ref(false)
  const refreshing = ref(false)
  const offline = ref(false)
  const savedAt = ref<number | null>(null)
  let filter: CaseFilter = {}
  let generation = 0

  function save() {
    const me = session.me
    if (!me || !connection.value) return
    const c = connection.value
    const edges = c.edges.slice(0, SAVED_ROWS)
    saveFor(me.id, `cases:${filterKey(filter)}`, {
      ...c,
      edges,
      pageInfo: edges.length < c.edges.length ? { hasNextPage: true, endCursor: edges[edges.length - 1]?.cursor ?? null } : c.pageInfo,
    })
  }

  function showSaved(): boolean {
    const me = session.me
    const saved = me ? loadFor<Connection<CaseListItem>>(me.id, `cases:${filterKey(filter)}`) : null
    offline.value = true
    connection.value = saved?.data ?? null
    savedAt.value = saved?.savedAt ?? null
    finished.value = true
    return !!saved
  }

  /** Next page (van-list's `load`); the first page when the list is empty. */
  async function loadMore(): Promise<void> {
    const current = generation
    loading.value = true
    error.value = false
    try {
      const after = connection.value?.pageInfo.endCursor ?? null
      const page = await fetchCases(filter, connection.value ? after : null)
      if (current !== generation) return
      connection.value = mergeConnection(connection.value, page)
      finished.value = !page.pageInfo.hasNextPage
      offline.value = false
      savedAt.value = null
      save()
    } catch (e) {
      if (current !== generation) return
      if (isNetworkError(e) && !connection.value) showSaved()
      else if (errorCode(e) !== 'UNAUTHENTICATED') error.value = true
    } finally {
      if (current === generation) loading.value = false
    }
  }

  /** Start over with a filter (first page). */
  function reset(next: CaseFilter): Promise<void> {
    generation++
    filter = next
    connection.value = null
    finished.value = false
    error.value = false
    offline.value = false
    savedAt.value = null
    return loadMore()
  }

  /** Pull to refresh: the first page replaces what is shown only once it has arrived. */
  async function refresh(): Promise<void> {
    const current = ++generation
    refreshing.value = true
    try {
      const page = await fetchCases(filter, null)
      if (current !== generation) return
      connection.value = page
      finished.value = !page.pageInfo.hasNextPage
      error.value = false
      offline.value = false
      savedAt.value = null
      save()
    } catch (e) {
      if (current !== generation) return
      if (isNetworkError(e)) showSaved()
      else if (errorCode(e) !== 'UNAUTHENTICATED') error.value = true
    } finally {
      if (current === generation) {
        refreshing.value = false
        loading.value = false
      }
    }
  }

  return { connection, loading, finished, error, refreshing, offline, savedAt, loadMore, reset, refresh }
}
