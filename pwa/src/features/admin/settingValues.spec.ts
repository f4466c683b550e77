import { describe, expect, it } from 'vitest'
import { cadenceLevels, describeValue, editorFor, isCadenceMap } from './settingValues'

const words: Record<string, string> = {
  'admin.choice.CALENDAR': '自然日',
  'admin.choice.true': '是',
  'admin.none': '未设置',
  'screening.cadence.WEEKLY': '每周',
  'screening.cadence.HALF_MONTHLY': '每半月',
  'screening.cadence.MONTHLY': '每月',
  'level.VILLAGE': '村（社区）',
  'level.TOWNSHIP': '乡镇（街道）',
  'level.COUNTY': '县（市、区）',
  'punct.colon': '：',
  'punct.sentenceSep': '，',
}
const t = (key: string) => words[key] ?? key
const te = (key: string) => key in words
const CADENCE = { COUNTY: 'MONTHLY', VILLAGE: 'WEEKLY', TOWNSHIP: 'HALF_MONTHLY' }

describe('tenant settings as people edit them', () => {
  it('gives the per-level cadence a picker per tier, not a JSON text box', () => {
    expect(editorFor({ key: 'screening_cadence', type: 'JSON', default: CADENCE })).toBe('cadence')
    expect(editorFor({ key: 'other', type: 'JSON', default: { a: [1] } })).toBe('json')
    expect(editorFor({ key: 'day_count', type: 'ENUM', default: 'CALENDAR' })).toBe('select')
    expect(editorFor({ key: 'screening_start', type: 'STRING', default: null })).toBe('date')
    expect(cadenceLevels(CADENCE)).toEqual(['VILLAGE', 'TOWNSHIP', 'COUNTY'])
    expect(isCadenceMap({ VILLAGE: 'SOMETIMES' })).toBe(false)
  })

  it('shows defaults in words, never as a code', () => {
    expect(describeValue('CALENDAR', t, te, 'zh-CN')).toBe('自然日')
    expect(describeValue(true, t, te, 'zh-CN')).toBe('是')
    expect(describeValue(null, t, te, 'zh-CN')).toBe('未设置')
    expect(describeValue(10000, t, te, 'en')).toBe('10,000')
    expect(describeValue(CADENCE, t, te, 'zh-CN')).toBe('村（社区）：每周，乡镇（街道）：每半月，县（市、区）：每月')
  })
})
