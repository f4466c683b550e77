import { formatPeriod } from './format'
import { chinaToday, reportInput, validateReport, emptyDispute } from './api'

describe('screening helpers', () => {
  it('formats periods', () => {
    expect(formatPeriod({ start: '2026-11-23', end: '2026-11-29' })).toBe('11/23–11/29')
    expect(formatPeriod({ start: '2026-12-28', end: '2027-01-03' })).toBe('2026/12/28–2027/01/03')
    expect(formatPeriod({ start: '2026-11-23', end: '2026-11-23' })).toBe('11/23')
  })

  it('takes the date in China time', () => {
    expect(chinaToday(new Date('2026-11-22T16:30:00Z'))).toBe('2026-11-23')
  })

  it('asks for a dispute or a zero report, and sends none with a zero report', () => {
    expect(validateReport({ zeroReport: false, note: '', disputes: [] })).toEqual({ disputes: 'screening.needDisputeOrZero' })
    expect(Object.keys(validateReport({ zeroReport: false, note: '', disputes: [emptyDispute()] }))).toEqual([
      'disputes.0.title',
      'disputes.0.cause',
    ])
    const input = reportInput('U1', { zeroReport: true, note: ' ', disputes: [emptyDispute()] }, 'k', '2026-11-23')
    expect(input).toMatchObject({ unitId: 'U1', zeroReport: true, note: null, disputes: [], clientMutationId: 'k', submit: true })
  })
})
