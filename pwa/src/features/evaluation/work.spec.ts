import type { UploadItem } from '../../shared/upload'
import {
  attachmentIds,
  byUnit,
  checklistDone,
  checklistRows,
  chinaDate,
  draftField,
  draftOf,
  draftProblems,
  fileSize,
  newDraft,
  rateValue,
  reviewRounds,
  workInput,
  type FileInfo,
  type StandardRate,
  type WorkSubmission,
} from './work'

const ITEMS = [
  { code: 'PLATFORM', label: '建好平台' },
  { code: 'MEETINGS', label: '建好机制：例会' },
  { code: 'TEAM', label: '建好队伍' },
]

function file(id: string, filename = `${id}.pdf`): FileInfo {
  return { id, filename, contentType: 'application/pdf', size: 2048, url: `/attachments/${id}` }
}

function submission(over: Partial<WorkSubmission>): WorkSubmission {
  return {
    id: 'S1',
    kind: 'GOOD_PRACTICE',
    itemCode: null,
    title: '板凳夜话',
    description: null,
    evidence: [],
    files: [],
    submittedAt: '2026-05-01T02:00:00Z',
    unit: { id: 'U1', name: '柳河镇', level: 'TOWNSHIP' },
    submittedBy: null,
    ...over,
  }
}

const done = (key: string, id: string): UploadItem => ({ key, name: `${id}.jpg`, status: 'done', id })

describe('the 建 checklist', () => {
  it('lists every item in order with the unit report of it, or none', () => {
    const platform = submission({ id: 'S2', kind: 'CHECKLIST', itemCode: 'PLATFORM' })
    const rows = checklistRows(ITEMS, [submission({}), platform])
    expect(rows.map((r) => [r.item.code, r.submission?.id ?? null])).toEqual([
      ['PLATFORM', 'S2'],
      ['MEETINGS', null],
      ['TEAM', null],
    ])
    expect(checklistDone(rows)).toBe(1)
  })

  it('ignores good practices and reports of items the campaign does not list', () => {
    const rows = checklistRows(ITEMS, [submission({ kind: 'CHECKLIST', itemCode: 'OTHER' }), submission({ itemCode: 'TEAM' })])
    expect(checklistDone(rows)).toBe(0)
  })
})

describe('a submission draft', () => {
  it('needs a title, and a checklist report needs its item', () => {
    expect(draftProblems(newDraft('GOOD_PRACTICE'))).toEqual({ title: 'work.problem.titleRequired' })
    const item = newDraft('CHECKLIST')
    item.title = '综治中心'
    expect(draftProblems(item)).toEqual({ itemCode: 'work.problem.itemRequired' })
    expect(draftProblems({ ...item, itemCode: 'PLATFORM' })).toEqual({})
  })

  it('counts characters as the server does (200 for a title)', () => {
    const d = newDraft('GOOD_PRACTICE')
    d.title = '经'.repeat(200)
    expect(draftProblems(d)).toEqual({})
    d.title = '经'.repeat(201)
    expect(draftProblems(d).title).toBe('work.problem.tooLong')
  })

  it('names each evidence note that lacks its name', () => {
    const d = newDraft('GOOD_PRACTICE')
    d.title = 'x'
    d.evidence = [{ name: '台账', note: '' }, { name: ' ', note: '说明' }]
    expect(draftProblems(d)).toEqual({ 'evidence.1.name': 'work.problem.nameRequired' })
  })

  it('waits for uploads and refuses to save with a failed one', () => {
    const d = newDraft('GOOD_PRACTICE')
    d.title = 'x'
    d.uploads = [{ key: 'a', name: 'a.jpg', status: 'uploading' }]
    expect(draftProblems(d).files).toBe('upload.wait')
    d.uploads = [{ key: 'a', name: 'a.jpg', status: 'failed', message: 'no' }]
    expect(draftProblems(d).files).toBe('upload.removeFailed')
  })

  it('refuses more than 20 files in all', () => {
    const d = newDraft('GOOD_PRACTICE')
    d.title = 'x'
    d.keptFiles = Array.from({ length: 15 }, (_, n) => file(`K${n}`))
    d.uploads = Array.from({ length: 6 }, (_, n) => done(`u${n}`, `N${n}`))
    expect(draftProblems(d).files).toBe('work.problem.tooManyFiles')
    d.uploads.pop()
    expect(draftProblems(d).files).toBeUndefined()
  })

  it('sends the kept files then the new uploads, each once; removed files are left out', () => {
    const s = submission({ id: 'S9', files: [file('A'), file('B')], evidence: [{ name: '简报', note: null }] })
    const d = draftOf(s)
    d.keptFiles = d.keptFiles.filter((f) => f.id !== 'A')
    d.uploads = [done('u1', 'C'), { key: 'u2', name: 'x', status: 'failed' }, done('u3', 'B')]
    expect(attachmentIds(d.keptFiles, d.uploads)).toEqual(['B', 'C'])
    expect(workInput(d, 'U1', 2026)).toEqual({
      id: 'S9',
      unitId: 'U1',
      year: 2026,
      kind: 'GOOD_PRACTICE',
      itemCode: null,
      title: '板凳夜话',
      description: null,
      evidence: [{ name: '简报', note: null }],
      attachmentIds: ['B', 'C'],
    })
    // Editing does not touch the submission it came from.
    expect(s.files.map((f) => f.id)).toEqual(['A', 'B'])
  })

  it('a new checklist report carries its item code and no id', () => {
    const d = newDraft('CHECKLIST', ITEMS[0])
    d.title = '  镇综治中心建成  '
    const input = workInput(d, 'U1', 2026)
    expect(input).toMatchObject({ kind: 'CHECKLIST', itemCode: 'PLATFORM', title: '镇综治中心建成', attachmentIds: [] })
    expect('id' in input).toBe(false)
  })

  it("turns the server's field path into the form's key", () => {
    expect(draftField(['input', 'evidence', '0', 'name'])).toBe('evidence.0.name')
    expect(draftField(['input', 'attachmentIds'])).toBe('attachmentIds')
    expect(draftField(null)).toBe('form')
  })
})

describe("the county's overview", () => {
  it('groups submissions by unit in the order they come, counting files', () => {
    const a = { id: 'U1', name: '柳河镇', level: 'TOWNSHIP' as const }
    const b = { id: 'U2', name: '城关镇', level: 'TOWNSHIP' as const }
    const groups = byUnit([
      submission({ id: '1', unit: a, files: [file('F1')] }),
      submission({ id: '2', unit: b, kind: 'CHECKLIST', itemCode: 'TEAM' }),
      submission({ id: '3', unit: a, kind: 'CHECKLIST', itemCode: 'PLATFORM', files: [file('F2'), file('F3')] }),
    ])
    expect(groups.map((g) => [g.unit.name, g.goodPractice.length, g.checklist.length, g.files])).toEqual([
      ['柳河镇', 1, 1, 3],
      ['城关镇', 0, 1, 0],
    ])
  })
})

describe('rates', () => {
  const base: StandardRate = {
    code: 'REVIEW_UPHELD',
    label: '复查复核维持率',
    numerator: 2,
    denominator: 3,
    percent: 66.67,
    available: true,
    note: null,
    formula: '2 / 3 × 100 = 66.67 %',
    inputs: { review: { decided: 3, upheld: 2 }, rereview: { decided: 0, upheld: 0 }, decisions: [] },
  }

  it('reads as a percentage, as nothing to measure, or as unavailable', () => {
    expect(rateValue(base)).toEqual({ key: 'rates.percent', percent: '66.67' })
    expect(rateValue({ ...base, percent: 100 })).toEqual({ key: 'rates.percent', percent: '100.00' })
    expect(rateValue({ ...base, percent: null, numerator: 0, denominator: 0 })).toEqual({ key: 'rates.nothing' })
    expect(rateValue({ ...base, available: false, percent: null })).toEqual({ key: 'rates.unavailable' })
  })

  it('splits review-upheld into its rounds; other rates have none', () => {
    expect(reviewRounds(base)).toEqual([
      { round: 'REVIEW', decided: 3, upheld: 2 },
      { round: 'REREVIEW', decided: 0, upheld: 0 },
    ])
    expect(reviewRounds({ ...base, code: 'SATISFACTION', inputs: null })).toEqual([])
  })
})

describe('small formats', () => {
  it('file sizes', () => {
    expect(fileSize(900)).toBe('900 B')
    expect(fileSize(1536)).toBe('1.5 KB')
    expect(fileSize(3 * 1024 * 1024)).toBe('3.0 MB')
  })

  it("today's date in China, whatever the device's zone", () => {
    expect(chinaDate(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04-01')
    expect(chinaDate(new Date('2026-03-31T15:59:00Z'))).toBe('2026-03-31')
  })
})
