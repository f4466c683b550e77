import { describe, expect, it } from 'vitest'
import { eventNote } from './lifecycle'

const words: Record<string, string> = {
  'satisfaction.DISSATISFIED': '不满意',
  'satisfaction.SATISFIED': '满意',
  'satisfaction.BASICALLY_SATISFIED': '基本满意',
  'punct.colon': '：',
}
const t = (key: string) => words[key] ?? key

describe('timeline notes as people read them', () => {
  it('shows a rating as its words and the comment, from the level the server answers', () => {
    expect(eventNote({ kind: 'RATED', note: '答复没有解决问题', satisfaction: 'DISSATISFIED' }, t)).toBe(
      '不满意：答复没有解决问题',
    )
    expect(eventNote({ kind: 'RATED', note: null, satisfaction: 'BASICALLY_SATISFIED' }, t)).toBe('基本满意')
  })

  it('reads a copy saved before the level was a field the same way, never showing the code', () => {
    expect(eventNote({ kind: 'RATED', note: 'DISSATISFIED: 答复没有解决问题' }, t)).toBe('不满意：答复没有解决问题')
    expect(eventNote({ kind: 'RATED', note: 'SATISFIED' }, t)).toBe('满意')
  })

  it('leaves other notes as they were typed', () => {
    expect(eventNote({ kind: 'NOTE_ADDED', note: 'DISSATISFIED: 这是正文' }, t)).toBe('DISSATISFIED: 这是正文')
    expect(eventNote({ kind: 'RATED', note: null }, t)).toBe('')
  })
})
