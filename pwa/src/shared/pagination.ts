/** Relay-style connections and how pages of one are merged for infinite scroll. */
export interface PageInfo {
  hasNextPage: boolean
  endCursor: string | null
}
export interface Edge<T> {
  cursor: string
  node: T
}
export interface Connection<T> {
  totalCount: number
  pageInfo: PageInfo
  edges: Edge<T>[]
}

/**
 * Appends `next` (the page fetched with `after: prev.pageInfo.endCursor`) to `prev`.
 * Rows already shown are not repeated (a case registered meanwhile shifts the pages); the page
 * info and total come from the newest page. Without `prev` the page starts a new list.
 */
export function mergeConnection<T extends { id: string }>(
  prev: Connection<T> | null | undefined,
  next: Connection<T>,
): Connection<T> {
  if (!prev) return { totalCount: next.totalCount, pageInfo: { ...next.pageInfo }, edges: [...next.edges] }
  const seen = new Set(prev.edges.map((edge) => edge.node.id))
  const added = next.edges.filter((edge) => {
    if (seen.has(edge.node.id)) return false
    seen.add(edge.node.id)
    return true
  })
  return {
    totalCount: next.totalCount,
    pageInfo: { ...next.pageInfo },
    edges: [...prev.edges, ...added],
  }
}

/** Whether another page should be requested. */
export function canLoadMore(connection: Connection<unknown> | null | undefined): boolean {
  return !connection || connection.pageInfo.hasNextPage
}
