/** What a mocked `fetch` call sent to /graphql: variables from the POST body or the GET query string. */
export function sentVariables([url, init]: unknown[]): Record<string, unknown> {
  const body = (init as RequestInit | undefined)?.body
  if (body) return JSON.parse(String(body)).variables
  const params = new URL(String(url), 'http://localhost').searchParams
  return JSON.parse(params.get('variables') ?? '{}')
}
