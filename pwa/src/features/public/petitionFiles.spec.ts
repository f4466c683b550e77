import type { UploadItem } from '../../shared/upload'
import {
  attachmentTokens,
  clearDraft,
  loadDraft,
  markRefusedFiles,
  petitionUploadEndpoint,
  saveDraft,
  type PetitionDraft,
} from './petitionFiles'

const items: UploadItem[] = [
  { key: 'a', name: 'a.jpg', status: 'done', id: 'tok-a' },
  { key: 'b', name: 'bad.exe', status: 'failed', message: 'type' },
  { key: 'c', name: 'c.pdf', status: 'done', id: 'tok-c' },
  { key: 'd', name: 'd.jpg', status: 'uploading' },
]

describe('petition files', () => {
  it('go to the citizens endpoint of the chosen unit, and nowhere before one is chosen', () => {
    expect(petitionUploadEndpoint(null)).toBeNull()
    expect(petitionUploadEndpoint('VW5pdDo0Mg')).toBe('/public/attachments?unitId=VW5pdDo0Mg')
    expect(petitionUploadEndpoint('a b&c')).toBe('/public/attachments?unitId=a%20b%26c')
  })

  it('send the tokens of the finished uploads only, in order', () => {
    expect(attachmentTokens(items)).toEqual(['tok-a', 'tok-c'])
  })

  it('mark the files the server refused by their place among the tokens sent', () => {
    const marked = markRefusedFiles(items, [
      { field: ['input', 'attachmentTokens', '1'], code: 'EXPIRED', message: '附件上传已超过 6 小时，请重新上传' },
      { field: ['input', 'title'], code: 'REQUIRED', message: '此项必填' },
    ])
    expect(marked.map((u) => [u.key, u.status, u.message])).toEqual([
      ['a', 'done', undefined],
      ['b', 'failed', 'type'],
      ['c', 'failed', '附件上传已超过 6 小时，请重新上传'],
      ['d', 'uploading', undefined],
    ])
    expect(attachmentTokens(marked)).toEqual(['tok-a'])
  })

  it('leave the list alone when no file was refused (a refusal of the whole list is shown as a message)', () => {
    const errors = [{ field: ['input', 'attachmentTokens'], code: 'TOO_MANY', message: '最多 6 项' }]
    expect(markRefusedFiles(items, errors)).toBe(items)
    expect(markRefusedFiles(items, [{ field: ['input', 'attachmentTokens', '9'], code: 'INVALID', message: 'x' }])).toBe(items)
  })
})

describe('petition draft', () => {
  const draft: PetitionDraft = {
    form: {
      unitId: 'u1', kind: 'COMPLAINT', category: '', title: '路灯不亮', content: '东门路灯坏了', place: '',
      name: '刘晓梅', phone: '13900002468', accused: 'UNSURE', accusedUnitId: null,
    },
    unit: { id: 'u1', name: '城关镇', level: 'TOWNSHIP' },
    accusedUnit: null,
  }
  beforeEach(() => sessionStorage.clear())

  it('survives a reload of the page in the same tab and is gone once cleared', () => {
    saveDraft(draft)
    expect(loadDraft()).toEqual(draft)
    clearDraft()
    expect(loadDraft()).toBeNull()
  })

  it('keeps whom an accusation concerns across a reload', () => {
    const accusation: PetitionDraft = {
      form: { ...draft.form, kind: 'ACCUSATION', accused: 'UNIT', accusedUnitId: 'v1' },
      unit: draft.unit,
      accusedUnit: { id: 'v1', name: '新华村', level: 'VILLAGE' },
    }
    saveDraft(accusation)
    expect(loadDraft()).toEqual(accusation)
    // a stored accused id without its unit is not trusted: back to "not sure"'s unit-less state
    sessionStorage.setItem('lc.petitionDraft', JSON.stringify({ ...accusation, accusedUnit: { id: 7 } }))
    expect(loadDraft()?.form).toMatchObject({ accused: 'UNIT', accusedUnitId: null })
  })

  it('keeps nothing for an empty form', () => {
    saveDraft(draft)
    saveDraft({ form: { ...draft.form, unitId: null, kind: null, title: ' ', content: '', name: '', phone: '' }, unit: null })
    expect(sessionStorage.length).toBe(0)
  })

  it('reads back only what the form can hold', () => {
    sessionStorage.setItem('lc.petitionDraft', '{not json')
    expect(loadDraft()).toBeNull()
    sessionStorage.setItem('lc.petitionDraft', JSON.stringify({ form: { title: 5, kind: 'WHATEVER', content: '内容' }, unit: { id: 3 } }))
    expect(loadDraft()).toEqual({
      form: { unitId: null, kind: null, category: '', title: '', content: '内容', place: '', name: '', phone: '', accused: 'UNSURE', accusedUnitId: null },
      unit: null,
      accusedUnit: null,
    })
  })
})
