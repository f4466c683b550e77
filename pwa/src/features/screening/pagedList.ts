/**
 * A list read a page at a time from a keyset connection, for van-list's infinite scroll: the pages
 * merged by cursor (a row is never shown twice), `finished` once the server says there is no more,
 * `error` when a page failed (van-list offers a retry). `start` begins again (from an opening page
 * such as the offline copy, or from nothing); `replace` and `prepend` keep the rows in step with
 * what the viewer just changed.
 */
import { computed, ref, type Ref } from 'vue'
import { mergeConnection, type Connection } from '../../shared/pagination'

export function usePagedList<T extends { id: string }>(fetchPage: (after: string | null) => Promise<Connection<T>>) {
  const connection = ref(null) as Ref<Connection<T> | null>
  const loading = ref(false)
  const finished = ref(false)
  const error = ref(false)
  let generation = 0

  const rows = computed(() => connection.value?.edges.map((edge) => edge.node) ?? [])

  function start(first: Connection<T> | null = null) {
    generation += 1
    connection.value = first ? mergeConnection(null, first) : null
    finished.value = !!first && !first.pageInfo.hasNextPage
    loading.value = false
    error.value = false
  }

  async function loadMore() {
    if (finished.value) return
    const mine = generation
    loading.value = true
    try {
      const page = await fetchPage(connection.value?.pageInfo.endCursor ?? null)
      if (mine !== generation) return
      connection.value = mergeConnection(connection.value, page)
      finished.value = !page.pageInfo.hasNextPage
    } catch {
      if (mine === generation) error.value = true
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  function replace(row: T) {
    const c = connection.value
    if (!c) return
    connection.value = { ...c, edges: c.edges.map((edge) => (edge.node.id === row.id ? { ...edge, node: row } : edge)) }
  }

  function prepend(row: T) {
    const c = connection.value ?? { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] }
    if (c.edges.some((edge) => edge.node.id === row.id)) return replace(row)
    connection.value = { ...c, totalCount: c.totalCount + 1, edges: [{ cursor: '', node: row }, ...c.edges] }
  }

  return { connection, rows, loading, finished, error, start, loadMore, replace, prepend }
}
