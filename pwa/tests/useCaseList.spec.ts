import { filterFromQuery, filterKey, useCaseList } from '../src/features/cases/useCaseList'
import { sentVariables } from './sent'
import { session } from '../src/shared/session'
import { OPEN_STATUSES } from '../src/shared/types'

const village = { id: 'VW5pdDo5', name: '东风村', level: 'VILLAGE' as const, path: '/1/2/3' }
const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } })

function node(id: string) {
  return {
    id,
    title: `事项 ${id}`,
    status: 'REGISTERED',
    headcount: 1,
    registeredAt: '2024-05-01T08:00:00+08:00',
    dueAt: '2024-05-16T23:59:59+08:00',
    deadlineState: 'ON_TIME',
    overdue: false,
    unit: { id: village.id, name: village.name },
  }
}
function pageBody(ids: string[], hasNextPage: boolean, total: number) {
  return {
    data: {
      cases: {
        totalCount: total,
        pageInfo: { hasNextPage, endCursor: ids.length ? `cur-${ids[ids.length - 1]}` : null },
        edges: ids.map((id) => ({ cursor: `cur-${id}`, node: node(id) })),
      },
    },
  }
}

beforeEach(() => {
  session.me = { id: 'VXNlcjox', username: 't01v01', displayName: '宋建国', roles: ['village_clerk'], mustChangePassword: false, unit: village }
})
afterEach(() => vi.unstubAllGlobals())

describe('filters from the address', () => {
  it('reads status, overdue and search', () => {
    expect(filterFromQuery({ status: 'open', overdue: '1', q: ' 水 ' })).toEqual({
      status: OPEN_STATUSES,
      overdue: true,
      search: '水',
    })
    expect(filterFromQuery({ status: 'CLOSED' })).toEqual({ status: ['CLOSED'] })
    expect(filterFromQuery({ status: 'NONSENSE', overdue: '0' })).toEqual({})
    expect(filterKey(filterFromQuery({ status: 'open' }))).not.toBe(filterKey(filterFromQuery({})))
  })
})

describe('useCaseList', () => {
  it('loads pages by cursor and stops at the last one', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(json(pageBody(['1', '2'], true, 3)))
      .mockResolvedValueOnce(json(pageBody(['3'], false, 3)))
    vi.stubGlobal('fetch', fetchMock)
    const list = useCaseList()
    await list.reset({ overdue: true })
    expect(list.finished.value).toBe(false)
    await list.loadMore()
    expect(list.connection.value?.edges.map((e) => e.node.id)).toEqual(['1', '2', '3'])
    expect(list.finished.value).toBe(true)
    const second = sentVariables(fetchMock.mock.calls[1])
    expect(second).toEqual({ filter: { overdue: true }, first: 20, after: 'cur-2' })
    expect(sentVariables(fetchMock.mock.calls[0]).after).toBeNull()
  })

  it('shows the saved list with an offline flag when the network fails', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValueOnce(json(pageBody(['1', '2'], false, 2))))
    const online = useCaseList()
    await online.reset({})
    expect(online.offline.value).toBe(false)

    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    const offline = useCaseList()
    await offline.reset({})
    expect(offline.offline.value).toBe(true)
    expect(offline.savedAt.value).toBeTypeOf('number')
    expect(offline.connection.value?.edges.map((e) => e.node.id)).toEqual(['1', '2'])
    expect(offline.finished.value).toBe(true)
  })

  it('does not show one user’s saved list to another', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValueOnce(json(pageBody(['1'], false, 1))))
    await useCaseList().reset({})
    session.me = { ...session.me!, id: 'VXNlcjoy' }
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    const list = useCaseList()
    await list.reset({})
    expect(list.offline.value).toBe(true)
    expect(list.connection.value).toBeNull()
  })

  it('ignores a page that arrives after the filter changed', async () => {
    let release: (r: Response) => void = () => {}
    const slow = new Promise<Response>((resolve) => (release = resolve))
    vi.stubGlobal(
      'fetch',
      vi.fn().mockReturnValueOnce(slow).mockResolvedValueOnce(json(pageBody(['new'], false, 1))),
    )
    const list = useCaseList()
    const first = list.reset({ search: 'old' })
    await list.reset({ search: 'new' })
    release(json(pageBody(['old'], false, 1)))
    await first
    expect(list.connection.value?.edges.map((e) => e.node.id)).toEqual(['new'])
  })
})
