import { afterEach, describe, expect, it, vi } from 'vitest'
import { uploadSheet, UploadRefused } from './api'

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c))
      controller.close()
    },
  })
}

afterEach(() => vi.unstubAllGlobals())

describe('sheet uploads', () => {
  it('reads progress lines split across chunks, then the result', async () => {
    const body = streamOf(['{"progress":{"done":25,"total":50}}\n{"progr', 'ess":{"done":50,"total":50}}\n', '{"result":{"ok":true,"applied":true}}\n'])
    const fetchMock = vi.fn().mockResolvedValue(
      new Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson' } }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const seen: number[] = []
    const file = new File(['统计用区划代码,名称\n'], '区划.csv', { type: 'text/csv' })
    const result = await uploadSheet<{ ok: boolean; applied: boolean }>('units', 'VTox', file, true, (done) => seen.push(done))
    expect(seen).toEqual([25, 50])
    expect(result).toEqual({ ok: true, applied: true })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/admin/import/units?tenantId=VTox&apply=1')
    expect(init.headers['X-Filename']).toBe(encodeURIComponent('区划.csv'))
  })

  it('turns a refusal into an error with the server message', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        new Response(JSON.stringify({ errors: [{ code: 'FILE_TOO_LARGE', message: '文件过大：最大 5.0 MB。' }] }), {
          status: 413,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    )
    const file = new File(['x'], 'big.csv')
    await expect(uploadSheet('units', 'VTox', file, false)).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: '文件过大：最大 5.0 MB。',
    })
    await expect(uploadSheet('units', 'VTox', file, false)).rejects.toBeInstanceOf(UploadRefused)
  })

  it('a dry run answers with the plain report', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        new Response(JSON.stringify({ ok: false, errors: [{ line: 4, code: 'DUPLICATE_CODE' }] }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    )
    const report = await uploadSheet<{ ok: boolean }>('users', 'VTox', new File(['x'], 'a.csv'), false)
    expect(report.ok).toBe(false)
  })
})
