import {
  REVIEW_RESULTS,
  actionButtons,
  emptyValues,
  errorsByField,
  exportUrl,
  filterTargets,
  mutationDocument,
  mutationFor,
  reviewOutcomeField,
  reviewResultKey,
  validateAction,
} from './lifecycle'

const catalogues = import.meta.glob('./locales/*.json', { eager: true, import: 'default' }) as Record<string, object>

describe('actionButtons', () => {
  it('maps the allowed actions to buttons in a stable order, whatever order the server sends', () => {
    const buttons = actionButtons(['REJECT', 'FORWARD', 'ACCEPT'])
    expect(buttons.map((b) => b.action)).toEqual(['ACCEPT', 'FORWARD', 'REJECT'])
    expect(buttons[0]).toMatchObject({ label: 'lifecycle.action.ACCEPT', form: 'note', type: 'primary' })
    expect(buttons[2]).toMatchObject({ form: 'reason', type: 'danger' })
  })

  it('gives each action the form it needs', () => {
    const forms = Object.fromEntries(
      actionButtons([
        'ASSIGN', 'PROGRESS', 'REQUEST_EXTENSION', 'APPROVE_EXTENSION', 'REFUSE_EXTENSION', 'REPLY', 'CLOSE',
        'DECIDE_REVIEW', 'DECIDE_REREVIEW', 'SUPERVISE', 'REMIND', 'FOLLOW_UP',
      ]).map((b) => [b.action, b.form]),
    )
    expect(forms).toEqual({
      ASSIGN: 'assign',
      PROGRESS: 'requiredNote',
      REQUEST_EXTENSION: 'extension',
      APPROVE_EXTENSION: 'decideExtension',
      REFUSE_EXTENSION: 'decideExtension',
      REPLY: 'reply',
      CLOSE: 'note',
      DECIDE_REVIEW: 'review',
      DECIDE_REREVIEW: 'review',
      SUPERVISE: 'supervise',
      REMIND: 'requiredNote',
      FOLLOW_UP: 'requiredNote',
    })
  })

  it('shows no button for citizens’ steps or unknown values, and none for an empty list', () => {
    expect(actionButtons(['RATE', 'REQUEST_REVIEW', 'REQUEST_REREVIEW', 'LAUNCH_ROCKET'])).toEqual([])
    expect(actionButtons([])).toEqual([])
  })
})

describe('action forms', () => {
  it('requires a reason to reject and a text and outcome to reply', () => {
    const v = emptyValues()
    expect(validateAction('reason', v)).toEqual({ note: 'validation.required' })
    expect(validateAction('reply', v)).toEqual({ note: 'validation.required', outcome: 'validation.required' })
    expect(validateAction('note', v)).toEqual({})
    expect(validateAction('forward', v)).toEqual({ unitId: 'validation.required' })
    expect(validateAction('assign', v)).toEqual({ leaderId: 'validation.required' })
  })

  it('limits an extension to 1..30 days', () => {
    const v = { ...emptyValues(), note: '需要现场核查', days: 31 }
    expect(validateAction('extension', v)).toEqual({ days: 'lifecycle.form.daysRange' })
    expect(validateAction('extension', { ...v, days: 0 })).toEqual({ days: 'lifecycle.form.daysRange' })
    expect(validateAction('extension', { ...v, days: 30 })).toEqual({})
  })

  it('builds the mutation of each action with typed variables', () => {
    const v = { ...emptyValues(), note: ' 同意 ', leaderId: 'U1', handlerIds: ['U2'], plan: '', outcome: 'EXPLAINED' as const }
    expect(mutationFor('ACCEPT', 'C1', v)).toEqual({ name: 'acceptCase', variables: { id: 'C1', note: '同意' } })
    expect(mutationFor('ASSIGN', 'C1', v)).toEqual({
      name: 'assignCase',
      variables: { id: 'C1', leaderId: 'U1', handlerIds: ['U2'], plan: null },
    })
    expect(mutationFor('REFUSE_EXTENSION', 'C1', v).variables).toEqual({ id: 'C1', approve: false, note: '同意' })
    expect(mutationFor('DECIDE_REREVIEW', 'C1', { ...v, reviewResult: 'CHANGED', reviewedOutcome: 'SUPPORTED' })).toEqual({
      name: 'decideReview',
      variables: { id: 'C1', result: 'CHANGED', opinion: '同意', outcome: 'EXPLAINED' },
    })
    const reply = mutationFor('REPLY', 'C1', v)
    expect(mutationDocument(reply.name, reply.variables, 'id')).toBe(
      'mutation Lifecycle($id: ID!, $reply: String!, $outcome: Outcome) { replyCase(id: $id, reply: $reply, outcome: $outcome) { case { id } userErrors { field message code } } }',
    )
    const followUp = mutationFor('FOLLOW_UP', 'C1', v)
    expect(mutationDocument(followUp.name, followUp.variables, 'id')).toContain('$note: String!')
    expect(() => mutationFor('RATE', 'C1', v)).toThrow()
  })

  it('places server errors by their last field segment', () => {
    expect(
      errorsByField([
        { field: ['reason'], message: '必填', code: 'REQUIRED' },
        { field: ['days'], message: '太长', code: 'INVALID' },
        { field: null, message: '状态不允许', code: 'INVALID_TRANSITION' },
      ]),
    ).toEqual({ note: '必填', days: '太长', '': '状态不允许' })
  })
})

describe('exportUrl', () => {
  it('sends the list filter as JSON without empty members', () => {
    const url = exportUrl({ status: ['REPLIED'], flagged: true, search: '', kind: 'ACCUSATION', repeat: false, unitId: undefined })
    expect(url.startsWith('/exports/cases.xlsx?filter=')).toBe(true)
    const filter = JSON.parse(decodeURIComponent(url.split('filter=')[1]))
    expect(filter).toEqual({ status: ['REPLIED'], flagged: true, kind: 'ACCUSATION', repeat: false })
  })

  it('sends an empty object for no filter', () => {
    expect(exportUrl({ status: [] })).toBe(`/exports/cases.xlsx?filter=${encodeURIComponent('{}')}`)
  })
})


describe('filterTargets', () => {
  const targets = [
    { id: 'c', name: '枞溪县', level: 'COUNTY' },
    { id: 't1', name: '城关镇', level: 'TOWNSHIP' },
    { id: 't2', name: '柳河镇', level: 'TOWNSHIP' },
    { id: 't3', name: 'Riverside Subdistrict', level: 'TOWNSHIP' },
  ]
  it('keeps every target, in the server order, when nothing is typed', () => {
    expect(filterTargets(targets, '  ').map((t) => t.id)).toEqual(['c', 't1', 't2', 't3'])
  })
  it('matches part of the name, ignoring case and surrounding spaces', () => {
    expect(filterTargets(targets, ' 柳河 ').map((t) => t.id)).toEqual(['t2'])
    expect(filterTargets(targets, 'riverSIDE').map((t) => t.id)).toEqual(['t3'])
    expect(filterTargets(targets, '镇').map((t) => t.id)).toEqual(['t1', 't2'])
    expect(filterTargets(targets, '乡')).toEqual([])
  })
})

describe('review decision (复查 / 复核意见)', () => {
  const base = { ...emptyValues(), note: '经复查，意见如下', reviewedOutcome: 'EXPLAINED' as const }

  it('shows the outcome part only once a result is chosen: kept for 维持, chosen for 变更 and 撤销', () => {
    expect(reviewOutcomeField(null, 'EXPLAINED')).toBe('none')
    expect(reviewOutcomeField('UPHELD', 'EXPLAINED')).toBe('kept')
    expect(reviewOutcomeField('CHANGED', 'EXPLAINED')).toBe('choose')
    expect(reviewOutcomeField('REVOKED', 'EXPLAINED')).toBe('choose')
    // An answer recorded without an outcome has none to keep.
    expect(reviewOutcomeField('UPHELD', null)).toBe('choose')
  })

  it('requires the result, the opinion, and the new outcome only when changing or revoking', () => {
    expect(validateAction('review', { ...emptyValues() })).toEqual({
      note: 'validation.required',
      result: 'lifecycle.form.chooseResult',
    })
    expect(validateAction('review', { ...base, reviewResult: 'UPHELD' })).toEqual({})
    expect(validateAction('review', { ...base, reviewResult: 'CHANGED' })).toEqual({ outcome: 'lifecycle.form.chooseNewOutcome' })
    expect(validateAction('review', { ...base, reviewResult: 'REVOKED' })).toEqual({ outcome: 'lifecycle.form.chooseNewOutcome' })
    expect(validateAction('review', { ...base, reviewResult: 'REVOKED', outcome: 'SUPPORTED' })).toEqual({})
    expect(validateAction('review', { ...base, reviewResult: 'UPHELD', reviewedOutcome: null })).toEqual({
      outcome: 'lifecycle.form.chooseNewOutcome',
    })
  })

  it('sends 维持 without an outcome (the server keeps the one reviewed), 变更 / 撤销 with the new one', () => {
    // An outcome picked before switching to 维持 is not sent.
    const upheld = mutationFor('DECIDE_REVIEW', 'C1', { ...base, reviewResult: 'UPHELD', outcome: 'SUPPORTED' })
    expect(upheld).toEqual({
      name: 'decideReview',
      variables: { id: 'C1', result: 'UPHELD', opinion: '经复查，意见如下', outcome: null },
    })
    expect(mutationDocument(upheld.name, upheld.variables, 'id')).toBe(
      'mutation Lifecycle($id: ID!, $result: ReviewResult, $opinion: String!, $outcome: Outcome) { decideReview(id: $id, result: $result, opinion: $opinion, outcome: $outcome) { case { id } userErrors { field message code } } }',
    )
    expect(mutationFor('DECIDE_REVIEW', 'C1', { ...base, reviewResult: 'REVOKED', outcome: 'NOT_SUPPORTED' }).variables).toEqual({
      id: 'C1', result: 'REVOKED', opinion: '经复查，意见如下', outcome: 'NOT_SUPPORTED',
    })
  })

  it('names the result of a review and of a re-review, in every locale', () => {
    expect(reviewResultKey('REVIEW', 'UPHELD')).toBe('lifecycle.reviewResult.REVIEW.UPHELD')
    expect(reviewResultKey('REREVIEW', 'REVOKED')).toBe('lifecycle.reviewResult.REREVIEW.REVOKED')
    expect(reviewResultKey('DECIDE_REVIEW', 'CHANGED')).toBe('lifecycle.reviewResult.REVIEW.CHANGED')
    for (const locale of ['zh-CN', 'zh-TW', 'en']) {
      const catalogue = catalogues[`./locales/${locale}.json`] as { lifecycle: { reviewResult: Record<string, Record<string, string>> } }
      for (const round of ['REVIEW', 'REREVIEW']) {
        expect(Object.keys(catalogue.lifecycle.reviewResult[round]).sort()).toEqual([...REVIEW_RESULTS].sort())
      }
    }
    const zh = catalogues['./locales/zh-CN.json'] as { lifecycle: { reviewResult: Record<string, Record<string, string>> } }
    expect(zh.lifecycle.reviewResult.REVIEW).toEqual({ UPHELD: '维持原处理意见', CHANGED: '变更原处理意见', REVOKED: '撤销原处理意见' })
  })
})

describe('a 复查 / 复核 recorded for a body outside the county', () => {
  const outside = { ...emptyValues(), reviewOutside: true, reviewResult: 'UPHELD' as const, reviewedOutcome: 'EXPLAINED' as const, note: '经复核，维持。' }

  it('needs who decided and the scanned opinion', () => {
    expect(validateAction('review', outside)).toEqual({
      decidedBy: 'lifecycle.form.decidedByRequired',
      attachmentIds: 'lifecycle.form.scanRequired',
    })
    expect(validateAction('review', { ...outside, decidedBy: '青川市信访局', attachmentIds: ['QXR0YWNobWVudDox'] })).toEqual({})
    // A review inside the county asks for neither.
    expect(validateAction('review', { ...outside, reviewOutside: false })).toEqual({})
  })

  it('sends them with the decision, and only then', () => {
    const values = { ...outside, decidedBy: ' 青川市信访局 王某 ', attachmentIds: ['QXR0YWNobWVudDox'] }
    const { name, variables } = mutationFor('DECIDE_REREVIEW', 'Q2FzZTox', values)
    expect(name).toBe('decideReview')
    expect(variables).toMatchObject({ decidedBy: '青川市信访局 王某', attachmentIds: ['QXR0YWNobWVudDox'], outcome: null })
    expect(mutationDocument(name, variables, 'id')).toContain('$decidedBy: String, $attachmentIds: [ID!]')
    expect(mutationFor('DECIDE_REVIEW', 'Q2FzZTox', { ...values, reviewOutside: false }).variables).not.toHaveProperty('decidedBy')
  })
})

describe('不再受理', () => {
  it('is a button of its own sending declineAgain with the optional note', () => {
    expect(actionButtons(['DECLINE_AGAIN', 'ACCEPT']).map((b) => [b.action, b.form])).toEqual([
      ['ACCEPT', 'note'],
      ['DECLINE_AGAIN', 'note'],
    ])
    expect(mutationFor('DECLINE_AGAIN', 'Q2FzZTox', { ...emptyValues(), note: ' ' })).toEqual({
      name: 'declineAgain', variables: { id: 'Q2FzZTox', note: null },
    })
  })
})
