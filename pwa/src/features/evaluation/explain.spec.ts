import { describe, expect, it } from 'vitest'
import type { ReviewRow } from './api'
import { failedCriteria } from './explain'

function row(inputs: ReviewRow['inputs']): ReviewRow {
  return {
    unit: { id: 'U', name: '城关镇', level: 'TOWNSHIP', parent: null }, score: 80, rank: 1, grade: 'GOOD', gradeLabel: '良好',
    sanwu: false, vetoed: false, failedRules: [], population: 'TOWNSHIP', populationSize: 2, incomplete: false, missingParts: [],
    breakdown: { parts: [], subtotal: '0', total: '0', formula: '', deductions: { total: '0', items: [] }, veto_reasons: [] },
    inputs,
  }
}

describe('the 三无 explanation of a review row', () => {
  it('lists each failed criterion with its incidents and the unit each is attributed to', () => {
    const explained = failedCriteria(row({
      sanwu: { criteria: [
        { code: 'NO_BEIJING_PROVINCE_PETITION', label_zh: '无进京赴省越级上访', label_en: 'No Beijing', passed: false, incident_ids: ['7'] },
        { code: 'NO_COLLECTIVE_TO_CITY', label_zh: '无到市', label_en: 'No city', passed: true, incident_ids: [] },
      ] },
      incidents: [{ id: 7, kind: 'BEIJING_ESCALATED', occurred_on: '2026-05-01', headcount: 1,
        units: [{ unit_id: 4, unit_name: '东村', headcount: 1 }], own: false, counts_for_consequences: false }],
    }), false)
    expect(explained).toEqual([{ code: 'NO_BEIJING_PROVINCE_PETITION', label: '无进京赴省越级上访', incidents: [
      { id: '7', kind: 'BEIJING_ESCALATED', date: '2026-05-01', headcount: 1, units: [{ name: '东村', headcount: 1 }], own: false },
    ] }])
  })

  it('reads a run stored before the roll-up: its incidents were the unit\'s own', () => {
    const explained = failedCriteria(row({
      sanwu: { criteria: [{ code: 'X', label_zh: '无', label_en: 'No', passed: false, incident_ids: ['3'] }] },
      incidents: [{ id: 3, kind: 'CITY_ESCALATED', occurred_on: '2026-02-01', headcount: 2 }],
    }), true)
    expect(explained[0].label).toBe('No')
    expect(explained[0].incidents[0]).toMatchObject({ units: [{ name: '城关镇', headcount: 2 }], own: true })
  })
})
