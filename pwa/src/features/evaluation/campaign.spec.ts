import { indicatorInput, stageProblems, SUGGESTED_INDICATORS, tableProblems, tableTotals, type IndicatorRow } from './campaign'

const row = (over: Partial<IndicatorRow>): IndicatorRow => ({ code: 'A', name: '平台', part: 'BUILD', tier: null, maxPoints: 10, ...over })

describe('the indicator table', () => {
  it('adds up each tier: lines for both count twice, a tier line once', () => {
    expect(tableTotals([row({ maxPoints: 40 }), row({ code: 'B', tier: 'TOWNSHIP', maxPoints: 12.5 }), row({ code: 'C', tier: 'VILLAGE', maxPoints: 5 })])).toEqual({
      TOWNSHIP: 52.5,
      VILLAGE: 45,
    })
  })

  it('suggests a table of 100 points for a township and 90 for a village', () => {
    expect(tableTotals(SUGGESTED_INDICATORS)).toEqual({ TOWNSHIP: 100, VILLAGE: 90 })
    expect(tableProblems(SUGGESTED_INDICATORS)).toEqual({})
  })

  it('names missing, duplicate and out-of-range fields by row', () => {
    expect(
      tableProblems([row({}), row({ name: ' ' }), row({ code: '', maxPoints: 0 }), row({ code: 'D', maxPoints: 1000.5 })]),
    ).toEqual({
      'indicators.1.code': 'campaign.problem.duplicate',
      'indicators.1.name': 'campaign.problem.required',
      'indicators.2.code': 'campaign.problem.required',
      'indicators.2.maxPoints': 'campaign.problem.points',
      'indicators.3.maxPoints': 'campaign.problem.points',
    })
  })

  it('sends trimmed codes and names with numeric points', () => {
    expect(indicatorInput([row({ code: ' B1 ', name: ' 例会 ', maxPoints: '15' as unknown as number, tier: 'TOWNSHIP' })])).toEqual([
      { code: 'B1', name: '例会', part: 'BUILD', tier: 'TOWNSHIP', maxPoints: 15 },
    ])
  })
})

describe('stage dates', () => {
  const stage = (code: string, startsOn: string, endsOn: string) => ({ code, name: code, startsOn, endsOn })

  it('accepts the seed 004 calendar', () => {
    expect(
      stageProblems([stage('M', '2026-04-20', '2026-04-30'), stage('A', '2026-05-01', '2026-11-30'), stage('D', '2026-12-01', '2026-12-31')], 2026),
    ).toEqual({})
  })

  it('refuses a stage outside the year, ending before it starts, or overlapping the one before', () => {
    expect(
      stageProblems([stage('M', '2026-04-20', '2026-05-10'), stage('A', '2026-05-01', '2026-11-30'), stage('D', '2026-12-01', '2027-01-05')], 2026),
    ).toEqual({ 'stages.1.startsOn': 'campaign.problem.order', 'stages.2.endsOn': 'campaign.problem.dates' })
    expect(stageProblems([stage('M', '2026-04-30', '2026-04-20')], 2026)).toEqual({ 'stages.0.endsOn': 'campaign.problem.dates' })
  })
})
