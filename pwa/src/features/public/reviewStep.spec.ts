import { nextReviewStep } from './reviewStep'

describe('nextReviewStep', () => {
  it('is 复查 after the reply and 复核 after the 复查 opinion', () => {
    expect(nextReviewStep([{ kind: 'ACCEPTANCE' }, { kind: 'REPLY' }])).toBe('REVIEW')
    expect(nextReviewStep([{ kind: 'REPLY' }, { kind: 'REVIEW' }])).toBe('REREVIEW')
  })
})
