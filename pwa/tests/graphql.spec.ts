import { gql, isQuery, queryHash, GraphQLRequestError, NetworkError, setUnauthenticatedHandler, fieldKey, userErrorsByField, errorMessageKey } from '../src/shared/graphql'
import { setLocale } from '../src/shared/i18n'

function respond(body: unknown, status = 200) {
  return vi.fn().mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))
}

afterEach(() => {
  vi.unstubAllGlobals()
  setUnauthenticatedHandler(null)
})

describe('gql', () => {
  it('sends a query as its hash over GET, with the session cookie and the chosen language', async () => {
    const fetchMock = respond({ data: { me: null } })
    vi.stubGlobal('fetch', fetchMock)
    await setLocale('zh-TW')
    const query = 'query { me { id } }'
    await expect(gql(query, { a: 1 })).resolves.toEqual({ me: null })
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]
    const params = new URL(url, 'http://localhost').searchParams
    expect(url.startsWith('/graphql?')).toBe(true)
    expect(init.method).toBe('GET')
    expect(init.credentials).toBe('same-origin')
    expect(init.headers['Accept-Language']).toBe('zh-TW')
    expect(params.has('query')).toBe(false)
    expect(JSON.parse(params.get('variables')!)).toEqual({ a: 1 })
    expect(JSON.parse(params.get('extensions')!)).toEqual({
      persistedQuery: { version: 1, sha256Hash: await queryHash(query) },
    })
    expect(await queryHash(query)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('sends the query text once when the server does not know the hash yet', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(
        new Response(JSON.stringify({ errors: [{ message: 'x', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] }), { status: 400 }),
      )
      .mockResolvedValueOnce(new Response(JSON.stringify({ data: { me: { id: '1' } } })))
    vi.stubGlobal('fetch', fetchMock)
    await expect(gql('query Me { me { id } }')).resolves.toEqual({ me: { id: '1' } })
    const [url, init] = fetchMock.mock.calls[1]
    expect(url).toBe('/graphql')
    expect(init.method).toBe('POST')
    const body = JSON.parse(init.body)
    expect(body.query).toBe('query Me { me { id } }')
    expect(body.extensions.persistedQuery.sha256Hash).toBe(await queryHash('query Me { me { id } }'))
  })

  it('posts a mutation whole', async () => {
    const fetchMock = respond({ data: { logout: true } })
    vi.stubGlobal('fetch', fetchMock)
    await gql('mutation { logout }')
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/graphql')
    expect(init.method).toBe('POST')
    expect(JSON.parse(init.body)).toEqual({ query: 'mutation { logout }', variables: {} })
    expect(isQuery('  # comment\n  mutation X { y }')).toBe(false)
    expect(isQuery('{ me { id } }')).toBe(true)
  })

  it('turns top-level errors into GraphQLRequestError with their code', async () => {
    vi.stubGlobal('fetch', respond({ data: null, errors: [{ message: '没有权限', extensions: { code: 'FORBIDDEN' } }] }))
    const error = (await gql('query { x }').catch((e) => e)) as GraphQLRequestError
    expect(error).toBeInstanceOf(GraphQLRequestError)
    expect(error.code).toBe('FORBIDDEN')
    expect(errorMessageKey(error)).toBe('error.forbidden')
  })

  it('calls the sign-in handler on UNAUTHENTICATED', async () => {
    const handler = vi.fn()
    setUnauthenticatedHandler(handler)
    vi.stubGlobal('fetch', respond({ errors: [{ message: '请先登录', extensions: { code: 'UNAUTHENTICATED' } }] }, 200))
    await expect(gql('query { cases { totalCount } }')).rejects.toBeInstanceOf(GraphQLRequestError)
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('reports a failed connection as NetworkError', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    const error = await gql('query { me { id } }').catch((e) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(errorMessageKey(error)).toBe('error.network')
  })

  it('reports a gateway error page as NetworkError', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('<html>bad gateway</html>', { status: 502 })))
    await expect(gql('query { me { id } }')).rejects.toBeInstanceOf(NetworkError)
  })
})

describe('userErrors', () => {
  it('maps server field paths to form keys', () => {
    expect(fieldKey(['input', 'petitioners', '0', 'phone'])).toBe('petitioners.0.phone')
    expect(fieldKey(['input', 'title'])).toBe('title')
    expect(fieldKey(['password'])).toBe('password')
    expect(fieldKey(null)).toBe('')
  })

  it('groups messages by field, keeping the first', () => {
    expect(
      userErrorsByField([
        { field: ['input', 'title'], message: '此项必填', code: 'REQUIRED' },
        { field: ['input', 'title'], message: '第二条', code: 'TOO_LONG' },
        { field: null, message: '整体错误', code: 'INVALID' },
      ]),
    ).toEqual({ title: '此项必填', '': '整体错误' })
  })
})
