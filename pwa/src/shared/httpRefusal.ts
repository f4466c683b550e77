/**
 * The plain HTTP endpoints (exports, imports, files) answer a refusal in one JSON shape,
 * `{"errors": [{"code", "message", "field"}]}`, its message already in the viewer's language.
 */
export interface HttpRefusal {
  code: string
  message: string
}

/** The first refusal of a failed response, or null when the body is not that shape. */
export async function httpRefusal(response: Response): Promise<HttpRefusal | null> {
  const body = (await response.json().catch(() => null)) as { errors?: { code?: unknown; message?: unknown }[] } | null
  const first = body?.errors?.[0]
  if (typeof first?.message !== 'string' || !first.message) return null
  return { code: typeof first.code === 'string' ? first.code : 'INTERNAL', message: first.message }
}
