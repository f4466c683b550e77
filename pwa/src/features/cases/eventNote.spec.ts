import { describe, expect, it } from 'vitest'
import { eventNote } from './lifecycle'

const words: Record<string, string> = {
  'satisfaction.DISSATISFIED': '不满意',
  'satisfaction.SATISFIED': '满意',
  'punct.colon': '：',
}
const t = (key: string) => words[key] ?? key

describe('timeline notes as people read them', () => {
  it('shows a rating as its words, never the code', () => {
    expect(eventNote('RATED', 'DISSATISFIED: 答复没有解决问题', t)).toBe('不满意：答复没有解决问题')
    expect(eventNote('RATED', 'SATISFIED', t)).toBe('满意')
  })

  it('leaves other notes as they were typed', () => {
    expect(eventNote('NOTE_ADDED', 'DISSATISFIED: 这是正文', t)).toBe('DISSATISFIED: 这是正文')
    expect(eventNote('RATED', null, t)).toBe('')
  })
})
