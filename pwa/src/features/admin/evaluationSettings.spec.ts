import { describe, expect, it } from 'vitest'
import {
  clone,
  exactSum,
  followAccountabilityLabels,
  followLabels,
  normalised,
  relabel,
  serverFieldKey,
  setBacklog,
  setTarget,
  type Policy,
  type Settings,
  type Template,
} from './evaluationSettings'
import { diffSettings } from './settingsChanges'

// The built-in seed 004 template and the default policy, as the server sends them.
const SEED_004: Template = {
  schema_version: 1,
  code: 'SEED_004',
  name_zh: '信访工作“三无”县、乡镇、村（居）创建标准（联建联创联评）',
  name_en: '三无 county, township and village standards',
  source: 'seed 004',
  tiers: {
    COUNTY: [
      { code: 'NO_BEIJING_PETITION', label_zh: '无进京越级上访', label_en: 'No escalated petition to Beijing', kinds: ['BEIJING_ESCALATED', 'BEIJING_NON_RECEPTION'], destination_at_or_above: null, headcount: null, max_overdue_backlog: null },
      { code: 'NO_LARGE_COLLECTIVE_ABOVE_COUNTY', label_zh: '没有发生到县以上（不含县）超过50人的集体上访', label_en: 'none of more than 50 people above the county', kinds: [], destination_at_or_above: 'CITY', headcount: { op: '>', value: 50 }, max_overdue_backlog: null },
    ],
    TOWNSHIP: [
      { code: 'NO_BEIJING_PROVINCE_PETITION', label_zh: '无进京赴省越级上访', label_en: 'No escalated petition to Beijing or the province', kinds: ['BEIJING_ESCALATED', 'BEIJING_NON_RECEPTION', 'PROVINCE_ESCALATED'], destination_at_or_above: null, headcount: null, max_overdue_backlog: null },
      { code: 'NO_COLLECTIVE_TO_CITY', label_zh: '无到市5人（包含5人）以上集体上访', label_en: 'No collective petition of 5 or more people (5 included) to the city', kinds: [], destination_at_or_above: 'CITY', headcount: { op: '>=', value: 5 }, max_overdue_backlog: null },
    ],
    VILLAGE: [
      { code: 'NO_COLLECTIVE_TO_COUNTY', label_zh: '无到县5人（包含5人）以上集体上访', label_en: 'No collective petition of 5 or more people (5 included) to the county', kinds: [], destination_at_or_above: 'COUNTY', headcount: { op: '>=', value: 5 }, max_overdue_backlog: null },
    ],
  },
  accountability: {
    label_zh: '发生进京到非接待场所上访1人次的，诫勉谈话；2人次（含）以上的，予以“一票否决”',
    label_en: 'One person-time: admonition talk; two or more: one-vote veto',
    kinds: ['BEIJING_NON_RECEPTION'],
    count_by: 'PERSON_TIMES',
    thresholds: [
      { at_least: 1, level: 'ADMONITION' },
      { at_least: 2, level: 'VETO' },
    ],
  },
  deductions: { per_incident: { BEIJING_ESCALATED: '3.00', CITY_ESCALATED: '1.00' }, cap: '30.00' },
  targets: [
    { tier: 'TOWNSHIP', scope: 'COUNTY', min_percent: '40', label_zh: '“三无”乡镇达到40%', label_en: '40 % of townships 三无' },
    { tier: 'VILLAGE', scope: 'COUNTY', min_percent: '50', label_zh: '“三无”村（居）达到50%', label_en: '50 % of villages 三无' },
  ],
}

const POLICY: Policy = {
  weights: { self_assessment: '0.30', public_evaluation: '0.30', organisational_assessment: '0.40' },
  citizen_share: '0.50',
  grades: [
    { code: 'EXCELLENT', label_zh: '优秀', label_en: 'Excellent', min_score: '90' },
    { code: 'GOOD', label_zh: '良好', label_en: 'Good', min_score: '80' },
    { code: 'PASS', label_zh: '合格', label_en: 'Pass', min_score: '60' },
    { code: 'FAIL', label_zh: '不合格', label_en: 'Fail', min_score: '0' },
  ],
  rate_points: { timely_acceptance: '5', on_time_reply: '10', satisfaction: '10', participation: '5', repeat_petition_deduction: '0.5' },
}

function settings(): Settings {
  return { template: clone(SEED_004), policy: clone(POLICY) }
}

// The checks themselves are the server's (server/evaluation/settings_rules.py, tested in
// tests/unit/test_evaluation_settings_rules.py); the page shows its answers under the same keys.
describe('the server’s answers and the figures shown', () => {
  it('maps a server userError field onto the key of its input', () => {
    expect(serverFieldKey(['input', 'template', 'tiers.TOWNSHIP[1].headcount.value'])).toBe('template.tiers.TOWNSHIP[1].headcount.value')
    expect(serverFieldKey(['input', 'policy', 'weights'])).toBe('policy.weights')
    expect(serverFieldKey(['input', 'note'])).toBe('note')
    expect(serverFieldKey(null)).toBe('')
  })

  it('sums the weights exactly, without floating-point drift', () => {
    expect(exactSum(['0.1', '0.2', '0.7'])).toBe('1')
    expect(exactSum(['0.30', '0.25', '0.40'])).toBe('0.95')
    expect(exactSum(['0.20', '0.40', '0.40'])).toBe('1')
  })
})

describe('changes against the version in force', () => {
  it('is empty for the same settings, whatever the spelling of a number', () => {
    const s = settings()
    s.policy.weights.self_assessment = '0.3'
    s.template.targets[0].min_percent = 40
    expect(diffSettings(settings(), s)).toEqual([])
  })

  it('names the township headcount threshold and a weight that changed', () => {
    const s = settings()
    s.template.tiers.TOWNSHIP[1].headcount!.value = 6
    followLabels(s.template.tiers.TOWNSHIP[1], SEED_004.tiers.TOWNSHIP[1], false) // wording follows: no change of its own
    s.policy.weights.self_assessment = '0.20'
    s.policy.weights.public_evaluation = '0.40'
    const changes = diffSettings(settings(), s)
    expect(changes).toEqual([
      {
        section: 'criteria',
        tier: 'TOWNSHIP',
        subject: 'NO_COLLECTIVE_TO_CITY',
        subjectLabel: { zh: '无到市6人（包含6人）以上集体上访', en: 'No collective petition of 6 or more people (6 included) to the city' },
        field: 'headcount',
        path: 'template.tiers.TOWNSHIP[1].headcount.value',
        before: { op: '>=', value: 5 },
        after: { op: '>=', value: 6 },
      },
      { section: 'weights', field: 'value', subject: 'self_assessment', path: 'policy.weights.self_assessment', before: '0.30', after: '0.20' },
      { section: 'weights', field: 'value', subject: 'public_evaluation', path: 'policy.weights.public_evaluation', before: '0.30', after: '0.40' },
    ])
  })

  it('counts wording the user rewrote as a change of its own', () => {
    const s = settings()
    s.template.tiers.VILLAGE[0].label_zh = '无到县集体上访（5人及以上）'
    const changes = diffSettings(settings(), s)
    expect(changes.map((c) => [c.field, c.before, c.after])).toEqual([
      ['label_zh', '无到县5人（包含5人）以上集体上访', '无到县集体上访（5人及以上）'],
    ])
  })

  it('lists criteria added and removed by code, a new base template, targets and accountability', () => {
    const s = settings()
    s.template.code = 'SEED_002'
    setBacklog(s.template, 'VILLAGE', true)
    s.template.tiers.COUNTY.splice(1, 1)
    setTarget(s.template, 'VILLAGE', { scope: 'TOWNSHIP', min_percent: '90' })
    setTarget(s.template, 'TOWNSHIP', null)
    s.template.accountability!.count_by = 'INCIDENTS'
    s.template.deductions!.per_incident.MEDIA_HYPE = '5'
    const changes = diffSettings(settings(), s).map((c) => [c.section, c.tier ?? c.subject ?? '', c.field, c.before, c.after])
    expect(changes).toEqual([
      ['template', '', 'code', 'SEED_004', 'SEED_002'],
      ['criteria', 'COUNTY', 'removed', '没有发生到县以上（不含县）超过50人的集体上访', null],
      ['criteria', 'VILLAGE', 'added', null, '无信访积案'],
      ['accountability', '', 'count_by', 'PERSON_TIMES', 'INCIDENTS'],
      ['deductions', 'MEDIA_HYPE', 'points', null, '5'],
      ['targets', 'TOWNSHIP', 'removed', '40', null],
      ['targets', 'VILLAGE', 'scope', 'COUNTY', 'TOWNSHIP'],
      ['targets', 'VILLAGE', 'min_percent', '50', '90'],
    ])
  })
})

describe('edits that keep a draft well formed', () => {
  it('replaces the whole numbers a label quotes, all at once', () => {
    expect(relabel('无到市5人（包含5人）以上集体上访', [[5, 6]])).toBe('无到市6人（包含6人）以上集体上访')
    expect(relabel('超过50人的集体上访，5人以上', [[5, 8]])).toBe('超过50人的集体上访，8人以上')
    expect(relabel('1人次的，诫勉谈话；2人次（含）以上', [[1, 2], [2, 3]])).toBe('2人次的，诫勉谈话；3人次（含）以上')
    expect(relabel('5 人', [[5, '']])).toBe('5 人')
  })

  it('lets a label follow its number from the original wording until the user writes their own', () => {
    const s = settings()
    const criterion = s.template.tiers.TOWNSHIP[1]
    criterion.headcount!.value = 10
    followLabels(criterion, SEED_004.tiers.TOWNSHIP[1], false)
    expect(criterion.label_zh).toBe('无到市10人（包含10人）以上集体上访')
    expect(criterion.label_en).toBe('No collective petition of 10 or more people (10 included) to the city')
    criterion.label_zh = '我们自己的表述'
    criterion.headcount!.value = 12
    followLabels(criterion, SEED_004.tiers.TOWNSHIP[1], true)
    expect(criterion.label_zh).toBe('我们自己的表述')

    const acc = s.template.accountability!
    acc.thresholds[0].at_least = 2
    acc.thresholds[1].at_least = 3
    followAccountabilityLabels(acc, SEED_004.accountability, false)
    expect(acc.label_zh).toBe('发生进京到非接待场所上访2人次的，诫勉谈话；3人次（含）以上的，予以“一票否决”')
  })

  it('adds and removes a tier’s backlog criterion (seed 002: 无信访积案)', () => {
    const t = clone(SEED_004)
    setBacklog(t, 'VILLAGE', true)
    setBacklog(t, 'VILLAGE', true)
    expect(t.tiers.VILLAGE.map((c) => c.code)).toEqual(['NO_COLLECTIVE_TO_COUNTY', 'NO_PETITION_BACKLOG'])
    expect(t.tiers.VILLAGE[1]).toMatchObject({ kinds: [], destination_at_or_above: null, headcount: null, max_overdue_backlog: 0 })
    setBacklog(t, 'VILLAGE', false)
    expect(t.tiers.VILLAGE.map((c) => c.code)).toEqual(['NO_COLLECTIVE_TO_COUNTY'])
  })

  it('writes a target in the seeds’ own words and keeps targets in tier order', () => {
    const t = clone(SEED_004)
    t.targets = []
    setTarget(t, 'VILLAGE', { scope: 'TOWNSHIP', min_percent: '90' })
    setTarget(t, 'TOWNSHIP', { scope: 'COUNTY', min_percent: '40' })
    expect(t.targets).toEqual([
      SEED_004.targets[0],
      { tier: 'VILLAGE', scope: 'TOWNSHIP', min_percent: '90', label_zh: '“三无”村达到90%', label_en: "90 % of the township's villages 三无" },
    ])
  })

  it('sends whole numbers as numbers and drops empty deductions', () => {
    const s = settings()
    s.template.tiers.TOWNSHIP[1].headcount!.value = '7'
    s.template.deductions!.per_incident.CITY_ESCALATED = ''
    s.template.deductions!.cap = ' '
    const out = normalised(s)
    expect(out.template.tiers.TOWNSHIP[1].headcount!.value).toBe(7)
    expect(out.template.deductions).toEqual({ per_incident: { BEIJING_ESCALATED: '3.00' }, cap: null })
    expect(s.template.deductions!.per_incident.CITY_ESCALATED).toBe('')
  })
})

describe('seed 003 period and whose consequences', () => {
  it('lists a changed period and a changed consequences setting among the changes', () => {
    const before = settings()
    const after = clone(before)
    after.template.accountability!.period = { start: '04-01', end: '10-01' }
    after.template.consequences = 'WHOLE_SUBTREE'
    const changes = diffSettings(before, after)
    expect(changes.find((c) => c.field === 'period')).toMatchObject({ before: null, after: '04-01 – 10-01' })
    expect(changes.find((c) => c.field === 'consequences')).toMatchObject({ before: 'ATTRIBUTED_UNIT', after: 'WHOLE_SUBTREE' })
  })
})
