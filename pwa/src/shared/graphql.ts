/** A small GraphQL-over-HTTP client: POST JSON to /graphql with the session cookie. */
import { currentLocale } from './i18n'

export interface GraphQLErrorEntry {
  message: string
  path?: (string | number)[]
  extensions?: { code?: string; [key: string]: unknown }
}

export interface UserError {
  field: string[] | null
  message: string
  code: string
}

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

export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  { signal }: { signal?: AbortSignal } = {},
): Promise<T> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS)
  const abort = () => controller.abort()
  signal?.addEventListener('abort', abort)
  let response: Response
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
        'Accept-Language': currentLocale(),
      },
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
    })
  } catch (error) {
    if (signal?.aborted) throw error
    throw new NetworkError(error instanceof Error ? error.message : String(error))
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', abort)
  }
  let body: { data?: T | null; errors?: GraphQLErrorEntry[] }
  try {
    body = await response.json()
  } catch {
    if (response.status >= 500 || response.status === 0) throw new NetworkError(`HTTP ${response.status}`)
    throw new GraphQLRequestError([{ message: `HTTP ${response.status}`, extensions: { code: 'INTERNAL' } }], null)
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
