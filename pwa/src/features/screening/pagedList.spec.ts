import { describe, expect, it } from 'vitest'
import type { Connection } from '../../shared/pagination'
import { usePagedList } from './pagedList'

type Row = { id: string; title: string }

function page(ids: string[], hasNextPage: boolean): Connection<Row> {
  return {
    totalCount: 5,
    pageInfo: { hasNextPage, endCursor: ids.length ? `c${ids[ids.length - 1]}` : null },
    edges: ids.map((id) => ({ cursor: `c${id}`, node: { id, title: `t${id}` } })),
  }
}

describe('usePagedList', () => {
  it('asks for each page after the last cursor until the server says there is no more', async () => {
    const asked: (string | null)[] = []
    const pages = [page(['1', '2'], true), page(['3', '4'], true), page(['5'], false)]
    const list = usePagedList<Row>(async (after) => {
      asked.push(after)
      return pages[asked.length - 1]
    })
    for (let i = 0; i < 3; i++) await list.loadMore()
    expect(asked).toEqual([null, 'c2', 'c4'])
    expect(list.rows.value.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5'])
    expect(list.finished.value).toBe(true)
    await list.loadMore()
    expect(asked).toHaveLength(3)
  })

  it('starts from an opening page (the offline copy) and shows a row that moved pages once', async () => {
    const list = usePagedList<Row>(async () => page(['2', '3'], false))
    list.start(page(['1', '2'], true))
    expect(list.finished.value).toBe(false)
    await list.loadMore()
    expect(list.rows.value.map((r) => r.id)).toEqual(['1', '2', '3'])
  })

  it('marks a failed page as an error and keeps the rows; replace and prepend follow changes', async () => {
    let fail = true
    const list = usePagedList<Row>(async () => {
      if (fail) throw new Error('offline')
      return page(['1'], false)
    })
    await list.loadMore()
    expect(list.error.value).toBe(true)
    expect(list.loading.value).toBe(false)
    fail = false
    list.error.value = false
    await list.loadMore()
    list.replace({ id: '1', title: 'changed' })
    list.prepend({ id: '9', title: 'new' })
    expect(list.rows.value).toEqual([{ id: '9', title: 'new' }, { id: '1', title: 'changed' }])
  })

  it('drops a page that arrives after the list was started again', async () => {
    let release: (p: Connection<Row>) => void = () => {}
    const list = usePagedList<Row>(() => new Promise((resolve) => (release = resolve)))
    const pending = list.loadMore()
    list.start()
    release(page(['old'], false))
    await pending
    expect(list.rows.value).toEqual([])
    expect(list.finished.value).toBe(false)
  })
})
