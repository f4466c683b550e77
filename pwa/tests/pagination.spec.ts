import { mergeConnection, canLoadMore, type Connection } from '../src/shared/pagination'

type Row = { id: string }
function page(ids: string[], hasNextPage: boolean, totalCount = 99): Connection<Row> {
  return {
    totalCount,
    pageInfo: { hasNextPage, endCursor: ids.length ? `c-${ids[ids.length - 1]}` : null },
    edges: ids.map((id) => ({ cursor: `c-${id}`, node: { id } })),
  }
}
const ids = (c: Connection<Row>) => c.edges.map((e) => e.node.id)

describe('mergeConnection', () => {
  it('starts a list with the first page', () => {
    const first = page(['1', '2'], true)
    const merged = mergeConnection(null, first)
    expect(ids(merged)).toEqual(['1', '2'])
    expect(merged.pageInfo).toEqual({ hasNextPage: true, endCursor: 'c-2' })
    expect(merged.edges).not.toBe(first.edges)
  })

  it('appends the next page and takes its page info and total', () => {
    const merged = mergeConnection(page(['1', '2'], true, 10), page(['3', '4'], false, 11))
    expect(ids(merged)).toEqual(['1', '2', '3', '4'])
    expect(merged.pageInfo).toEqual({ hasNextPage: false, endCursor: 'c-4' })
    expect(merged.totalCount).toBe(11)
  })

  it('does not repeat rows that shifted into the next page', () => {
    const merged = mergeConnection(page(['1', '2', '3'], true), page(['3', '4', '4', '5'], true))
    expect(ids(merged)).toEqual(['1', '2', '3', '4', '5'])
  })

  it('keeps the previous list untouched', () => {
    const prev = page(['1'], true)
    mergeConnection(prev, page(['2'], false))
    expect(ids(prev)).toEqual(['1'])
  })

  it('knows when there is more to load', () => {
    expect(canLoadMore(null)).toBe(true)
    expect(canLoadMore(page(['1'], true))).toBe(true)
    expect(canLoadMore(page(['1'], false))).toBe(false)
  })
})
