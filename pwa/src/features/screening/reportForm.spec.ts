import {
  absorbUploaded,
  emptyDispute,
  formFromReport,
  normaliseDispute,
  pendingUploads,
  rebase,
  reportDifferences,
  reportEditInput,
  reportInput,
  validateReport,
  withUploads,
  type DisputeForm,
  type ReportForm,
  type ServerReport,
} from './reportForm'

function dispute(over: Partial<DisputeForm> = {}): DisputeForm {
  return { ...emptyDispute(), title: '宅基地纠纷', cause: '界址不清', ...over }
}

const SERVER: ServerReport = {
  id: 'R1',
  status: 'DRAFT',
  version: 3,
  submittedAt: null,
  zeroReport: false,
  note: '初稿',
  period: { start: '2026-11-23', end: '2026-11-29' },
  unit: { id: 'U1', name: '东风村' },
  disputes: [
    {
      id: 'D1', title: '宅基地纠纷', cause: '界址不清', occurredOn: null, place: '三组', involvedUnit: null,
      peopleInvolved: 2, development: null, mediationSoFar: null, status: 'OPEN',
      attachments: [{ id: 'A1', filename: '现场.png', contentType: 'image/png', url: '/attachments/A1' }],
    },
    {
      id: 'D2', title: '工程款纠纷', cause: '拖欠工资', occurredOn: '2026-11-20', place: null, involvedUnit: '某公司',
      peopleInvolved: 8, development: null, mediationSoFar: null, status: 'MEDIATED', attachments: [],
    },
  ],
}

describe('the report form', () => {
  it('turns a server draft into a form and back into the whole-list edit input', () => {
    const form = formFromReport(SERVER)
    expect(form.disputes.map((d) => [d.id, d.place, d.occurredOn, d.status])).toEqual([
      ['D1', '三组', '', 'OPEN'],
      ['D2', '', '2026-11-20', 'MEDIATED'],
    ])
    form.disputes.push(dispute({ title: '新纠纷 ', uploads: [{ key: 'u1', name: 'a.png', status: 'done', id: 'A9' }] }))
    const input = reportEditInput('R1', 3, form, 'k-1', false)
    expect(input).toMatchObject({ id: 'R1', expectedVersion: 3, disputesComplete: true, submit: false, note: '初稿' })
    expect(input.disputes.map((d) => ['id' in d ? d.id : null, d.title, d.attachmentIds])).toEqual([
      ['D1', '宅基地纠纷', ['A1']],
      ['D2', '工程款纠纷', []],
      [null, '新纠纷', ['A9']],
    ])
    expect(reportEditInput('R1', 3, { ...form, zeroReport: true }, 'k-2', true).disputes).toEqual([])
  })

  it('creates a draft or a submitted report', () => {
    const form: ReportForm = { zeroReport: false, note: ' ', disputes: [dispute()] }
    expect(reportInput('U1', form, 'k', '2026-11-24', false)).toMatchObject({ submit: false, note: null, unitId: 'U1' })
    expect(reportInput('U1', form, 'k', '2026-11-24').submit).toBe(true)
  })

  it('asks for a dispute or a zero report only when submitting, and waits for uploads', () => {
    const empty: ReportForm = { zeroReport: false, note: '', disputes: [] }
    expect(validateReport(empty, true)).toEqual({ disputes: 'screening.needDisputeOrZero' })
    expect(validateReport(empty, false)).toEqual({})
    const uploading: ReportForm = { ...empty, disputes: [dispute({ uploads: [{ key: 'u', name: 'a', status: 'uploading' }] })] }
    expect(validateReport(uploading)).toEqual({ 'disputes.0.attachmentIds': 'upload.wait' })
    const failed: ReportForm = { ...empty, disputes: [dispute({ uploads: [{ key: 'u', name: 'a', status: 'failed' }] })] }
    expect(validateReport(failed)).toEqual({ 'disputes.0.attachmentIds': 'upload.removeFailed' })
  })

  it('makes a dispute saved by an older version of the app whole', () => {
    const old = { title: 'x', cause: 'y' } as Partial<DisputeForm>
    expect(normaliseDispute(old)).toMatchObject({ id: null, attachments: [], uploads: [], pending: [], peopleInvolved: 1 })
  })
})

describe('photos kept on the phone', () => {
  it('knows where each kept photo goes and puts the uploaded ids there', () => {
    const form: ReportForm = {
      zeroReport: false,
      note: '',
      disputes: [
        dispute(),
        dispute({ pending: [{ fileKey: 'f1', name: '1.png', type: 'image/png', size: 3 }, { fileKey: 'f2', name: '2.jpg', type: 'image/jpeg', size: 4 }] }),
      ],
    }
    const uploads = pendingUploads(form)
    expect(uploads.map((u) => [u.fileKey, u.path])).toEqual([
      ['f1', ['input', 'disputes', 1, 'attachmentIds']],
      ['f2', ['input', 'disputes', 1, 'attachmentIds']],
    ])
    expect(pendingUploads({ ...form, zeroReport: true })).toEqual([])
    const variables = { input: reportInput('U1', form, 'k', '2026-11-24') }
    const sent = withUploads(variables, uploads.map((u, i) => ({ ...u, id: `A${i}` })))
    expect((sent.input as { disputes: { attachmentIds: string[] }[] }).disputes.map((d) => d.attachmentIds)).toEqual([[], ['A0', 'A1']])
    // The queued variables themselves are left as they were; the same id is never put twice.
    expect(variables.input.disputes[1].attachmentIds).toEqual([])
    const twice = withUploads(sent, [{ fileKey: 'f1', name: '1.png', path: ['input', 'disputes', 1, 'attachmentIds'], id: 'A0' }])
    expect((twice.input as { disputes: { attachmentIds: string[] }[] }).disputes[1].attachmentIds).toEqual(['A0', 'A1'])
    expect(() => withUploads(variables, uploads)).toThrow(/not uploaded/)
  })
})

describe('a refused send', () => {
  it('keeps the photos it uploaded as stored ones, to link them by id next time', () => {
    const form: ReportForm = {
      zeroReport: false,
      note: '',
      disputes: [
        dispute({ pending: [{ fileKey: 'f1', name: '1.png', type: 'image/png', size: 3 }, { fileKey: 'f2', name: '2.pdf', type: 'application/pdf', size: 4 }] }),
      ],
    }
    absorbUploaded(form, [
      { fileKey: 'f1', name: '1.png', path: ['input', 'disputes', 0, 'attachmentIds'], id: 'A1' },
      { fileKey: 'f2', name: '2.pdf', path: ['input', 'disputes', 0, 'attachmentIds'] }, // not uploaded
    ])
    expect(form.disputes[0].pending.map((p) => p.fileKey)).toEqual(['f2'])
    expect(form.disputes[0].attachments).toEqual([{ id: 'A1', filename: '1.png', contentType: 'image/*', url: '/attachments/A1' }])
    expect(pendingUploads(form).map((u) => u.fileKey)).toEqual(['f2'])
  })
})

describe('two versions of a draft', () => {
  it('marks what differs, matching disputes by id', () => {
    const theirs = formFromReport(SERVER)
    const mine = formFromReport(SERVER)
    mine.note = '补充'
    mine.disputes[0].peopleInvolved = 5
    mine.disputes[0].attachments = []
    mine.disputes.splice(1, 1)
    mine.disputes.push(dispute({ title: '赡养纠纷' }))
    expect([...reportDifferences(mine, theirs)].sort()).toEqual([
      'disputes.0.peopleInvolved',
      'disputes.0.photos',
      'disputes.1',
      'note',
    ])
    // Seen from the other side: their second dispute is the one only they have.
    expect([...reportDifferences(theirs, mine)].sort()).toEqual([
      'disputes.0.peopleInvolved',
      'disputes.0.photos',
      'disputes.1',
      'note',
    ])
    expect(reportDifferences(theirs, formFromReport(SERVER)).size).toBe(0)
  })

  it('keeps my disputes the other version removed as new ones', () => {
    const theirs = formFromReport({ ...SERVER, version: 4, disputes: [SERVER.disputes[1]] })
    const mine = formFromReport(SERVER)
    mine.disputes[0].title = '宅基地界址纠纷'
    const kept = rebase(mine, theirs)
    expect(kept.disputes.map((d) => [d.id, d.title])).toEqual([
      [null, '宅基地界址纠纷'],
      ['D2', '工程款纠纷'],
    ])
    expect(mine.disputes[0].id).toBe('D1') // the original is untouched
  })
})
