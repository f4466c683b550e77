/** The county's campaign settings: indicator table and stage dates (pure checks and sums). */
import type { IndicatorInput } from '../../shared/api.generated'
import { charCount } from '../../shared/format'

export type Part = 'BUILD' | 'CREATE' | 'EVALUATE' | 'LINK'
export type Tier = 'TOWNSHIP' | 'VILLAGE' | null
export const PARTS: Part[] = ['BUILD', 'CREATE', 'EVALUATE', 'LINK']
export const TIERS: Tier[] = [null, 'TOWNSHIP', 'VILLAGE']

export interface IndicatorRow {
  code: string
  name: string
  part: Part
  tier: Tier
  maxPoints: number
}

export interface StageRow {
  code: string
  name: string
  startsOn: string
  endsOn: string
}

/** A table after seed 004's 建·创·评·联 for a county starting from nothing (100 points a tier). */
export const SUGGESTED_INDICATORS: IndicatorRow[] = [
  { code: 'B1', name: '综治中心站硬件、人员、经费落实，一站式接待', part: 'BUILD', tier: null, maxPoints: 15 },
  { code: 'B2', name: '排查调处例会按期召开（乡镇每半月、村每周）', part: 'BUILD', tier: null, maxPoints: 15 },
  { code: 'B3', name: '初信初访首接责任制、代理信访制度建立运行', part: 'BUILD', tier: null, maxPoints: 10 },
  { code: 'C1', name: '学习“枫桥经验”，形成可复制推广的工作经验或品牌', part: 'CREATE', tier: null, maxPoints: 10 },
  { code: 'E1', name: '信访事项及时受理、按期办结', part: 'EVALUATE', tier: null, maxPoints: 20 },
  { code: 'E2', name: '群众满意度评价与回访', part: 'EVALUATE', tier: null, maxPoints: 10 },
  { code: 'L1', name: '信访信息系统联通，上下联动、定期报告', part: 'LINK', tier: null, maxPoints: 10 },
  { code: 'L2', name: '人民调解、行政调解、司法调解联合化解', part: 'LINK', tier: 'TOWNSHIP', maxPoints: 10 },
]

/** The points a township's and a village's sheet add up to. */
export function tableTotals(rows: IndicatorRow[]): { TOWNSHIP: number; VILLAGE: number } {
  const sum = (tier: 'TOWNSHIP' | 'VILLAGE') =>
    Math.round(rows.filter((r) => r.tier === null || r.tier === tier).reduce((a, r) => a + (Number(r.maxPoints) || 0), 0) * 100) / 100
  return { TOWNSHIP: sum('TOWNSHIP'), VILLAGE: sum('VILLAGE') }
}

/** i18n keys of the table's problems, keyed `indicators.<n>.<field>` like the server's fields. */
export function tableProblems(rows: IndicatorRow[]): Record<string, string> {
  const out: Record<string, string> = {}
  const seen = new Set<string>()
  rows.forEach((r, n) => {
    const code = r.code.trim()
    if (!code) out[`indicators.${n}.code`] = 'campaign.problem.required'
    else if (charCount(code) > 32) out[`indicators.${n}.code`] = 'campaign.problem.tooLong'
    else if (seen.has(code)) out[`indicators.${n}.code`] = 'campaign.problem.duplicate'
    seen.add(code)
    if (!r.name.trim()) out[`indicators.${n}.name`] = 'campaign.problem.required'
    else if (charCount(r.name.trim()) > 200) out[`indicators.${n}.name`] = 'campaign.problem.tooLong'
    const points = Number(r.maxPoints)
    if (!(points > 0 && points <= 1000)) out[`indicators.${n}.maxPoints`] = 'campaign.problem.points'
  })
  return out
}

/** i18n keys of the stages' problems: each within the year, starting after the one before ends. */
export function stageProblems(stages: StageRow[], year: number): Record<string, string> {
  const out: Record<string, string> = {}
  let previousEnd = ''
  stages.forEach((s, n) => {
    const inYear = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d.startsWith(`${year}-`)
    if (!inYear(s.startsOn) || !inYear(s.endsOn) || s.startsOn > s.endsOn) out[`stages.${n}.endsOn`] = 'campaign.problem.dates'
    else if (previousEnd && s.startsOn <= previousEnd) out[`stages.${n}.startsOn`] = 'campaign.problem.order'
    previousEnd = s.endsOn
  })
  return out
}

export function indicatorInput(rows: IndicatorRow[]): IndicatorInput[] {
  return rows.map((r) => ({ code: r.code.trim(), name: r.name.trim(), part: r.part, tier: r.tier, maxPoints: Number(r.maxPoints) }))
}
