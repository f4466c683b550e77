import { newRow, placeErrors, rowsOf, toInput } from './calendar'

describe('holiday calendar rows', () => {
  it('sends the dated rows, trimmed, with the version being corrected', () => {
    const rows = [newRow('HOLIDAY', '2027-01-01', ' 测试假日 '), newRow('HOLIDAY'), newRow('WORKDAY', '2027-01-09')]
    expect(toInput(2027, ' 测试通知 ', rows, 0)).toEqual({
      year: 2027,
      source: '测试通知',
      expectedVersion: 0,
      days: [
        { date: '2027-01-01', kind: 'HOLIDAY', name: '测试假日' },
        { date: '2027-01-09', kind: 'WORKDAY', name: '' },
      ],
    })
  })

  it('puts each refusal on the row it is about (empty rows are not counted)', () => {
    const rows = [newRow('HOLIDAY', '2027-01-01'), newRow('HOLIDAY'), newRow('WORKDAY', '2027-01-06')]
    const placed = placeErrors(
      [
        { field: ['input', 'days', '1', 'date'], message: '调休上班日应为周六或周日', code: 'INVALID' },
        { field: ['input', 'source'], message: '请填写依据的国务院办公厅通知（标题或文号）', code: 'REQUIRED' },
        { field: null, message: '无权操作', code: 'FORBIDDEN' },
      ],
      rows,
    )
    expect(placed).toEqual({
      [`row-${rows[2].key}`]: '调休上班日应为周六或周日',
      source: '请填写依据的国务院办公厅通知（标题或文号）',
      '': '无权操作',
    })
  })

  it('reopens an entered year as rows', () => {
    const rows = rowsOf({ year: 2027, source: 's', version: 2, enteredAt: '', days: [{ date: '2027-01-09', kind: 'WORKDAY', name: '调休' }] })
    expect(rows.map((r) => [r.date, r.kind, r.name])).toEqual([['2027-01-09', 'WORKDAY', '调休']])
  })
})
