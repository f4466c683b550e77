import { ITEM, freshOutbox } from './outbox.testing'
import { NetworkError } from './graphql'
import { discard, enqueue, flush, listItems, outbox, retry, sendItem, useOutboxFor } from './outbox'

beforeEach(freshOutbox)

describe('the outbox', () => {
  it('keeps a record that could not be sent and sends it once the connection returns, with its key', async () => {
    await useOutboxFor('u1')
    await enqueue({ ...ITEM, id: 'key-1', variables: { input: { clientMutationId: 'key-1' } } })
    const offline = vi.fn().mockRejectedValue(new NetworkError())
    expect(await flush('u1', offline)).toBe(0)
    expect((await listItems('u1')).map((i) => [i.id, i.state, i.attempts])).toEqual([['key-1', 'waiting', 1]])
    expect(outbox.items).toHaveLength(1)

    const online = vi.fn().mockResolvedValue({ save: { report: { id: 'R1' }, userErrors: [] } })
    expect(await flush('u1', online)).toBe(1)
    expect(online).toHaveBeenCalledWith(ITEM.mutation, { input: { clientMutationId: 'key-1' } })
    expect(await listItems('u1')).toEqual([])
    expect(outbox.items).toEqual([])
  })

  it('queues the same key once', async () => {
    await enqueue({ ...ITEM, id: 'same', variables: { n: 1 } })
    await enqueue({ ...ITEM, id: 'same', variables: { n: 2 } })
    const items = await listItems('u1')
    expect(items.map((i) => i.variables)).toEqual([{ n: 1 }])
  })

  it('shows a conflict and a refusal instead of dropping the record', async () => {
    await enqueue({ ...ITEM, id: 'c', variables: {} })
    await enqueue({ ...ITEM, id: 'r', variables: {}, createdAt: Date.now() + 1 })
    const send = vi
      .fn()
      .mockResolvedValueOnce({ save: { report: null, userErrors: [{ code: 'CONFLICT', message: '已存在', field: null }] } })
      .mockResolvedValueOnce({ save: { report: null, userErrors: [{ code: 'REQUIRED', message: '必填', field: ['input', 'x'] }] } })
    await flush('u1', send)
    const items = await listItems('u1')
    expect(items.map((i) => [i.id, i.state, i.userErrors?.[0].message])).toEqual([
      ['c', 'conflict', '已存在'],
      ['r', 'rejected', '必填'],
    ])
    // Neither is sent again by itself; the user retries or discards.
    const again = vi.fn()
    await flush('u1', again)
    expect(again).not.toHaveBeenCalled()
    await retry('c')
    expect((await listItems('u1'))[0].state).toBe('waiting')
    await discard('r')
    expect((await listItems('u1')).map((i) => i.id)).toEqual(['c'])
  })

  it('keeps a record waiting after a server fault', async () => {
    await enqueue({ ...ITEM, id: 'f', variables: {} })
    const result = await sendItem('f', vi.fn().mockRejectedValue(new Error('INTERNAL')))
    expect(result.ok).toBe(false)
    expect((await listItems('u1')).map((i) => i.state)).toEqual(['waiting'])
  })

  it("lists only the user's own records", async () => {
    await enqueue({ ...ITEM, id: 'a', variables: {} })
    await enqueue({ ...ITEM, userId: 'u2', id: 'b', variables: {} })
    expect((await listItems('u2')).map((i) => i.id)).toEqual(['b'])
  })
})
