// Every kind of timeline event the server writes (server/case/models.py, CaseEventKind) has a
// label in each of the three locales, and the page asks for it under that very name.
import models from '../../../../server/case/models.py?raw'
import zhCN from './locales/zh-CN.json'
import zhTW from './locales/zh-TW.json'
import en from './locales/en.json'
import { eventLabelKey } from './lifecycle'

/** The members of `class CaseEventKind` in the server's source (for the test that labels cover them). */
function serverEventKinds(source: string): string[] {
  const start = source.indexOf('class CaseEventKind')
  if (start < 0) return []
  const body = source.slice(start).split('\n').slice(1)
  const end = body.findIndex((line) => /^\S/.test(line))
  return [...body.slice(0, end < 0 ? undefined : end).join('\n').matchAll(/^ {4}([A-Z][A-Z_]*) = "([A-Z_]+)"/gm)].map((m) => m[2])
}

const kinds = serverEventKinds(models)

describe('timeline event kinds', () => {
  it('are read from the server code', () => {
    expect(kinds).toContain('REGISTERED')
    expect(kinds).toContain('ATTACHMENTS_ADDED')
    expect(kinds.length).toBeGreaterThanOrEqual(20)
    // Only the enum's members: nothing from the classes around it.
    expect(kinds).not.toContain('LETTER')
    expect(kinds).not.toContain('UNDER_REVIEW')
  })

  it.each([
    ['zh-CN', zhCN],
    ['zh-TW', zhTW],
    ['en', en],
  ])('each has a %s label', (_locale, catalogue) => {
    const labels = (catalogue as { lifecycle: { event: Record<string, string> } }).lifecycle.event
    const missing = kinds.filter((kind) => !labels[eventLabelKey(kind).split('.').pop() as string]?.trim())
    expect(missing).toEqual([])
    // and no label for a kind the server never writes
    expect(Object.keys(labels).filter((kind) => !kinds.includes(kind))).toEqual([])
  })

  it('names the label key after the kind', () => {
    expect(eventLabelKey('NOTE_ADDED')).toBe('lifecycle.event.NOTE_ADDED')
  })
})
