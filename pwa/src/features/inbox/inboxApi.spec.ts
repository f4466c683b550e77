import { TILES, isInboxTask, socketUrl } from './inboxApi'
import zhCN from './locales/zh-CN.json'

describe('inbox', () => {
  it('opens the socket on the page origin, secure when the page is', () => {
    expect(socketUrl({ protocol: 'https:', host: 'xf.example.cn' })).toBe('wss://xf.example.cn/graphql')
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:8000' })).toBe('ws://127.0.0.1:8000/graphql')
  })
  it('has a tile for each of the eight counts, each with a label', () => {
    expect(TILES.map((t) => t.field)).toEqual([
      'toAccept', 'toAssign', 'dueSoon', 'overdue', 'supervised', 'toReview', 'extensionRequests', 'flagged',
    ])
    for (const tile of TILES) expect((zhCN.inbox.task as Record<string, string>)[tile.task]).toBeTruthy()
    expect(isInboxTask('FLAGGED')).toBe(true)
    expect(isInboxTask('NOPE')).toBe(false)
  })
})
