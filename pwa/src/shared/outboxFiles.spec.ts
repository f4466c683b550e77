import { ITEM, freshOutbox } from './outbox.testing'
import { UploadError } from './upload'
import { bytesOf, discard, enqueue, fileKeys, flush, keepFile, listItems, loadFile, sendItem } from './outbox'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])

beforeEach(freshOutbox)

async function queuedReportWithPhoto(id = 'key-1') {
  const photo = await keepFile('u1', new File([PNG], '现场.png', { type: 'image/png' }))
  await enqueue({
    ...ITEM,
    id,
    variables: { input: { clientMutationId: id, disputes: [{ title: '纠纷', attachmentIds: ['A-old'] }] } },
    uploads: [{ fileKey: photo.fileKey, name: photo.name, path: ['input', 'disputes', 0, 'attachmentIds'] }],
  })
  return photo
}

describe('photos kept with a queued report', () => {
  it('keeps the bytes on the phone until they can be uploaded', async () => {
    const photo = await keepFile('u1', new File([PNG], '现场.png', { type: 'image/png' }))
    expect(photo).toMatchObject({ name: '现场.png', type: 'image/png', size: PNG.byteLength })
    const file = await loadFile(photo.fileKey)
    expect(file?.name).toBe('现场.png')
    expect(new Uint8Array(await bytesOf(file!))).toEqual(PNG)
    expect(await fileKeys('u1')).toEqual([photo.fileKey])
    expect(await fileKeys('u2')).toEqual([])
  })

  it('uploads a photo before the report and sends its id in the dispute, then forgets the bytes', async () => {
    const photo = await queuedReportWithPhoto()
    const upload = vi.fn().mockResolvedValue({ id: 'A-new' })
    const send = vi.fn().mockResolvedValue({ save: { report: { id: 'R1' }, userErrors: [] } })
    expect(await flush('u1', send, upload)).toBe(1)
    expect(upload).toHaveBeenCalledTimes(1)
    expect((upload.mock.calls[0][0] as File).name).toBe('现场.png')
    expect(send.mock.calls[0][1]).toEqual({
      input: { clientMutationId: 'key-1', disputes: [{ title: '纠纷', attachmentIds: ['A-old', 'A-new'] }] },
    })
    expect(await listItems('u1')).toEqual([])
    expect(await loadFile(photo.fileKey)).toBeNull()
  })

  it('does not upload a photo twice when the report has to be sent again', async () => {
    await queuedReportWithPhoto()
    const upload = vi.fn().mockResolvedValue({ id: 'A-new' })
    // The upload went through, the report's answer was lost.
    const lost = vi.fn().mockRejectedValue(new Error('INTERNAL'))
    expect((await sendItem('key-1', lost, upload)).ok).toBe(false)
    const [waiting] = await listItems('u1')
    expect(waiting.state).toBe('waiting')
    expect(waiting.uploads?.[0].id).toBe('A-new')
    const send = vi.fn().mockResolvedValue({ save: { report: { id: 'R1' }, userErrors: [] } })
    expect((await sendItem('key-1', send, upload)).ok).toBe(true)
    expect(upload).toHaveBeenCalledTimes(1)
    // The same idempotency key and the same single id both times.
    expect(lost.mock.calls[0][1]).toEqual(send.mock.calls[0][1])
  })

  it('waits when the upload finds no connection, and sends nothing yet', async () => {
    await queuedReportWithPhoto()
    const send = vi.fn()
    const upload = vi.fn().mockRejectedValue(new UploadError('', 'NETWORK'))
    expect(await flush('u1', send, upload)).toBe(0)
    expect(send).not.toHaveBeenCalled()
    expect((await listItems('u1')).map((i) => [i.state, i.lastError])).toEqual([['waiting', 'NETWORK']])
  })

  it('shows a refused photo on the item instead of sending the report without it', async () => {
    const photo = await queuedReportWithPhoto()
    const send = vi.fn()
    const upload = vi.fn().mockRejectedValue(new UploadError('只能上传图片', 'INVALID'))
    await flush('u1', send, upload)
    expect(send).not.toHaveBeenCalled()
    const [item] = await listItems('u1')
    expect(item.state).toBe('rejected')
    expect(item.userErrors).toEqual([
      { field: ['input', 'disputes', '0', 'attachmentIds'], code: 'INVALID', message: '现场.png: 只能上传图片' },
    ])
    // Discarding the item keeps the bytes when the form takes them back, and drops them otherwise.
    await discard(item.id, { keepFiles: true })
    expect(await loadFile(photo.fileKey)).not.toBeNull()
  })

  it('refuses, rather than sends without it, a photo whose bytes are gone', async () => {
    const photo = await queuedReportWithPhoto()
    const { dropFiles } = await import('./outbox')
    await dropFiles([photo.fileKey])
    const send = vi.fn()
    await flush('u1', send, vi.fn())
    expect(send).not.toHaveBeenCalled()
    expect((await listItems('u1'))[0].state).toBe('rejected')
  })

  it('drops the bytes with a discarded item', async () => {
    const photo = await queuedReportWithPhoto()
    await discard('key-1')
    expect(await loadFile(photo.fileKey)).toBeNull()
  })
})
