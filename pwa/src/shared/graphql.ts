/** A small GraphQL-over-HTTP client for /graphql with the session cookie (queries as persisted hashes). */
import type { UserError as SchemaUserError } from './api.generated'
import { currentLocale } from './i18n'

export interface GraphQLErrorEntry {
  message: string
  path?: (string | number)[]
  extensions?: { code?: string; [key: string]: unknown }
}

/** A refusal the server places on a field (the schema's UserError, as every operation selects it). */
export type UserError = Pick<SchemaUserError, 'field' | 'message' | 'code'>

/** The server answered with top-level errors (`extensions.code` gives the kind). */
export class GraphQLRequestError extends Error {
  readonly code: string
  readonly errors: GraphQLErrorEntry[]
  readonly data: unknown
  constructor(errors: GraphQLErrorEntry[], data: unknown) {
    super(errors[0]?.message ?? 'GraphQL error')
    this.name = 'GraphQLRequestError'
    this.errors = errors
    this.code = errors[0]?.extensions?.code ?? 'INTERNAL'
    this.data = data
  }
}

/** The request never got an answer (offline, server down, timeout). */
export class NetworkError extends Error {
  constructor(message = 'network error') {
    super(message)
    this.name = 'NetworkError'
  }
}

export const ENDPOINT = '/graphql'
const TIMEOUT_MS = 20_000

type UnauthenticatedHandler = () => void
let onUnauthenticated: UnauthenticatedHandler | null = null

/** Called when any request is refused with UNAUTHENTICATED (the router sends the user to login). */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler | null): void {
  onUnauthenticated = handler
}

type Body<T> = { data?: T | null; errors?: GraphQLErrorEntry[] }

/** One HTTP exchange with the GraphQL endpoint: the parsed body, or NetworkError. */
async function exchange<T>(url: string, init: RequestInit, signal?: AbortSignal): Promise<Body<T>> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS)
  const abort = () => controller.abort()
  signal?.addEventListener('abort', abort)
  let response: Response
  try {
    response = await fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: {
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        Accept: 'application/graphql-response+json, application/json',
        'Accept-Language': currentLocale(),
      },
      signal: controller.signal,
    })
  } catch (error) {
    if (signal?.aborted) throw error
    throw new NetworkError(error instanceof Error ? error.message : String(error))
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', abort)
  }
  try {
    return await response.json()
  } catch {
    if (response.status >= 500 || response.status === 0) throw new NetworkError(`HTTP ${response.status}`)
    throw new GraphQLRequestError([{ message: `HTTP ${response.status}`, extensions: { code: 'INTERNAL' } }], null)
  }
}

const hashes = new Map<string, string>()

/** The query's SHA-256 (hex), or null where Web Crypto is unavailable (plain-HTTP sites). */
export async function queryHash(query: string): Promise<string | null> {
  const known = hashes.get(query)
  if (known) return known
  if (!globalThis.crypto?.subtle) return null
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(query))
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
  hashes.set(query, hex)
  return hex
}

/** Only queries travel as a hash over GET; mutations are always posted whole. */
export function isQuery(query: string): boolean {
  return /^\s*(\{|query\b)/.test(query.replace(/^\s*#.*$/gm, ''))
}

const MAX_GET_URL = 4000

/**
 * Run an operation. Queries use automatic persisted queries: first only the hash (a GET, a few
 * dozen bytes on a weak signal); if this server process does not know it yet, once more with the
 * query text, after which the hash alone is enough.
 */
export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  { signal }: { signal?: AbortSignal } = {},
): Promise<T> {
  let body: Body<T> | null = null
  const hash = isQuery(query) ? await queryHash(query) : null
  if (hash) {
    const extensions = { persistedQuery: { version: 1, sha256Hash: hash } }
    const params = new URLSearchParams({ variables: JSON.stringify(variables), extensions: JSON.stringify(extensions) })
    const url = `${ENDPOINT}?${params}`
    body =
      url.length <= MAX_GET_URL
        ? await exchange<T>(url, { method: 'GET' }, signal)
        : await exchange<T>(ENDPOINT, { method: 'POST', body: JSON.stringify({ variables, extensions }) }, signal)
    if (body.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND') {
      body = await exchange<T>(ENDPOINT, { method: 'POST', body: JSON.stringify({ query, variables, extensions }) }, signal)
    }
  } else {
    body = await exchange<T>(ENDPOINT, { method: 'POST', body: JSON.stringify({ query, variables }) }, signal)
  }
  if (body.errors && body.errors.length > 0) {
    const error = new GraphQLRequestError(body.errors, body.data ?? null)
    if (error.code === 'UNAUTHENTICATED' && onUnauthenticated) onUnauthenticated()
    throw error
  }
  if (body.data == null) {
    throw new GraphQLRequestError([{ message: 'empty response', extensions: { code: 'INTERNAL' } }], null)
  }
  return body.data
}

export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError
}

export function errorCode(error: unknown): string {
  if (error instanceof NetworkError) return 'NETWORK'
  if (error instanceof GraphQLRequestError) return error.code
  return 'UNKNOWN'
}

/** The i18n key of a generic message for an error (used where no field-level message applies). */
export function errorMessageKey(error: unknown): string {
  switch (errorCode(error)) {
    case 'NETWORK':
      return 'error.network'
    case 'UNAUTHENTICATED':
      return 'error.unauthenticated'
    case 'FORBIDDEN':
      return 'error.forbidden'
    case 'NOT_FOUND':
      return 'error.notFound'
    default:
      return 'error.unknown'
  }
}

/** `["input","petitioners","0","phone"]` → `petitioners.0.phone` (the leading `input` dropped). */
export function fieldKey(field: string[] | null | undefined): string {
  if (!field || field.length === 0) return ''
  const parts = field[0] === 'input' ? field.slice(1) : field
  return parts.join('.')
}

/** Server userErrors grouped by field key (first message wins); unplaced ones under ''. */
export function userErrorsByField(errors: UserError[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const error of errors) {
    const key = fieldKey(error.field)
    if (!(key in out)) out[key] = error.message
  }
  return out
}
