import { defineComponent } from 'vue'
import { mount } from '@vue/test-utils'
import { GraphQLRequestError, NetworkError } from './graphql'
import { session } from './session'
import { loadFor } from './storage'
import { useOfflineCopy } from './useOfflineCopy'

const me = { id: 'u1', username: 'clerk', displayName: '王', roles: [], mustChangePassword: false, unit: { id: 'U1', name: '东风村', level: 'VILLAGE' as const, path: '/1' } }

function withCopy(fetch: () => Promise<string[]>) {
  let copy!: ReturnType<typeof useOfflineCopy<string[]>>
  mount(
    defineComponent({
      setup() {
        copy = useOfflineCopy('things', fetch)
        return () => null
      },
    }),
  )
  return copy
}

beforeEach(() => {
  session.me = me
})
afterEach(() => {
  session.me = null
})

describe('useOfflineCopy', () => {
  it('shows fresh data and keeps a copy of it for the signed-in user', async () => {
    const copy = withCopy(() => Promise.resolve(['a']))
    await copy.load()
    expect(copy.data.value).toEqual(['a'])
    expect(copy.offline.value).toBe(false)
    expect(loadFor<string[]>('u1', 'things')?.data).toEqual(['a'])
  })

  it('shows the copy kept last time, and says when it was saved, when there is no connection', async () => {
    await withCopy(() => Promise.resolve(['kept'])).load()
    const copy = withCopy(() => Promise.reject(new NetworkError()))
    await copy.load()
    expect(copy.offline.value).toBe(true)
    expect(copy.data.value).toEqual(['kept'])
    expect(copy.savedAt.value).toBe(loadFor('u1', 'things')?.savedAt)
    expect(copy.error.value).toBe('')
  })

  it('says there is nothing kept when offline the first time', async () => {
    const copy = withCopy(() => Promise.reject(new NetworkError()))
    await copy.load()
    expect(copy.offline.value).toBe(true)
    expect(copy.data.value).toBeNull()
    expect(copy.savedAt.value).toBeNull()
  })

  it('turns any other failure into a translated message and keeps no copy', async () => {
    const copy = withCopy(() => Promise.reject(new GraphQLRequestError([{ message: 'no', extensions: { code: 'FORBIDDEN' } }], null)))
    await copy.load()
    expect(copy.offline.value).toBe(false)
    expect(copy.error.value).toBe('没有权限查看')
    expect(loadFor('u1', 'things')).toBeNull()
  })
})
