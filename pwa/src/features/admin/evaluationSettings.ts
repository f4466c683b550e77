/**
 * The evaluation settings editor's pure logic: the shapes of the "三无" rule template and the
 * scoring policy (as the server stores them), the list of changes against the version in force,
 * (settingsChanges.ts), the small edits that keep a draft well formed (a tier's backlog criterion, a target and its
 * wording, labels that quote a changed number) and the input to send. The checks are the server's
 * (server/evaluation/settings_rules.py): its preview answers them field by field as the draft is
 * edited. No I/O, no Vue: unit-tested in evaluationSettings.spec.ts.
 *
 * Field keys are the server's paths: `template.tiers.TOWNSHIP[1].headcount.value`,
 * `policy.weights.self_assessment` — a server userError's `field` is ["input", part, path].
 */

import { INCIDENT_KINDS } from '../../shared/types'

export const TIERS = ['COUNTY', 'TOWNSHIP', 'VILLAGE'] as const
export type Tier = (typeof TIERS)[number]
export const LEVELS = ['COUNTY', 'CITY', 'PROVINCE', 'BEIJING'] as const
export type Level = (typeof LEVELS)[number]
export { INCIDENT_KINDS }
export const WEIGHT_KEYS = ['self_assessment', 'public_evaluation', 'organisational_assessment'] as const
export const RATE_POINT_KEYS = [
  'timely_acceptance',
  'on_time_reply',
  'satisfaction',
  'participation',
  'repeat_petition_deduction',
] as const
export const COUNT_BY = ['PERSON_TIMES', 'INCIDENTS'] as const
export const BACKLOG_CODE = 'NO_PETITION_BACKLOG'

export type Num = string | number | null

export interface Headcount {
  op: '>=' | '>'
  value: number | string | null
}

export interface Criterion {
  code: string
  label_zh: string
  label_en: string
  kinds: string[]
  destination_at_or_above: string | null
  headcount: Headcount | null
  max_overdue_backlog: number | string | null
}

export interface Threshold {
  at_least: number | string | null
  level: string
}

export interface Accountability {
  label_zh: string
  label_en: string
  kinds: string[]
  count_by: string
  thresholds: Threshold[]
  /** Seed 003's 专项整治行动 period (MM-DD to MM-DD); null or absent: the whole year. */
  period?: { start: string; end: string } | null
}

export interface Target {
  tier: string
  scope: string
  min_percent: Num
  label_zh: string
  label_en: string
}

export interface Template {
  schema_version?: number
  code: string
  name_zh: string
  name_en: string
  source?: string
  tiers: Record<string, Criterion[]>
  accountability: Accountability | null
  deductions: { per_incident: Record<string, Num>; cap: Num } | null
  targets: Target[]
  /** Whose incidents deductions and accountability count; absent: ATTRIBUTED_UNIT. */
  consequences?: string
}

/** Whose incidents a unit's deductions and accountability count (the 三无 criteria always judge the subtree). */
export const CONSEQUENCES = ['ATTRIBUTED_UNIT', 'WHOLE_SUBTREE'] as const

export interface Grade {
  code: string
  label_zh: string
  label_en: string
  min_score: Num
}

export interface Policy {
  weights: Record<string, Num>
  citizen_share: Num
  grades: Grade[]
  rate_points: Record<string, Num>
}

export interface Settings {
  template: Template
  policy: Policy
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

// -------------------------------------------------------------------------------------------
// Numbers: decimals are kept as the text typed (the server stores "0.30"), compared by value.

export function blank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
}

/** A finite number from a number or numeric text; null otherwise. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value !== 'string' || !/^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value)) return null
  return Number(value)
}

/** Sum of decimals with at most two places, exactly (in hundredths), as text: "1", "0.95". */
export function exactSum(values: unknown[]): string {
  const cents = values.reduce<number>((sum, v) => sum + Math.round((toNumber(v) ?? 0) * 100), 0)
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const whole = Math.floor(abs / 100)
  const rest = abs % 100
  return rest === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`
}

export function sameNumber(a: unknown, b: unknown): boolean {
  const x = toNumber(a)
  const y = toNumber(b)
  return x !== null && y !== null ? x === y : a === b
}

// -------------------------------------------------------------------------------------------
// The server's answers (evaluationSettingsPreview and saveEvaluationSettings check the draft)

/** The field key of a server userError (`["input", "template", "tiers.TOWNSHIP[1].headcount.value"]`). */
export function serverFieldKey(field: string[] | null): string {
  if (!field || field.length === 0) return ''
  const parts = field[0] === 'input' ? field.slice(1) : field
  return parts.join('.')
}

// -------------------------------------------------------------------------------------------
// Edits that keep a draft well formed

/**
 * The wording with the numbers it quotes replaced (whole numbers only, all at once): a label
 * "无到市5人（包含5人）以上集体上访" becomes "无到市6人（包含6人）以上集体上访" for [["5", "6"]]; "50"
 * is not touched by a change of "5"; [["1","2"],["2","3"]] turns "1人次…2人次" into "2人次…3人次".
 */
export function relabel(label: string, pairs: [unknown, unknown][]): string {
  const map = new Map<string, string>()
  for (const [from, to] of pairs) {
    const a = toNumber(from)
    const b = toNumber(to)
    if (a === null || b === null || !Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0) continue
    if (a !== b) map.set(String(a), String(b))
  }
  if (map.size === 0) return label
  return label.replace(/\d+(?:\.\d+)?/g, (token) => map.get(token) ?? token)
}

/** A kind ticked or unticked in a list of incident kinds (in place). */
export function toggleKind(list: string[], kind: string, on: boolean): void {
  const at = list.indexOf(kind)
  if (on && at < 0) list.push(kind)
  if (!on && at >= 0) list.splice(at, 1)
}

export const BACKLOG_CRITERION: Criterion = {
  code: BACKLOG_CODE,
  label_zh: '无信访积案',
  label_en: 'No overdue backlog petition case',
  kinds: [],
  destination_at_or_above: null,
  headcount: null,
  max_overdue_backlog: 0,
}

export function backlogIndex(template: Template, tier: string): number {
  return (template.tiers[tier] ?? []).findIndex((c) => c.max_overdue_backlog !== null && c.max_overdue_backlog !== undefined)
}

/** Whether a tier's units fail when they have overdue backlog cases (seed 002: 无信访积案). */
export function setBacklog(template: Template, tier: string, on: boolean): void {
  const criteria = template.tiers[tier] ?? (template.tiers[tier] = [])
  const at = backlogIndex(template, tier)
  if (on && at < 0) {
    let code = BACKLOG_CODE
    for (let n = 2; criteria.some((c) => c.code === code); n++) code = `${BACKLOG_CODE}_${n}`
    criteria.push({ ...clone(BACKLOG_CRITERION), code })
  } else if (!on && at >= 0) {
    criteria.splice(at, 1)
  }
}

/** The seeds' wording of a target ("“三无”乡镇达到40%"; seed 002: "“三无”村达到90%"). */
export function targetLabels(tier: string, scope: string, percent: Num): { label_zh: string; label_en: string } {
  const p = String(percent ?? '').trim()
  if (tier === 'TOWNSHIP') return { label_zh: `“三无”乡镇达到${p}%`, label_en: `${p} % of townships 三无` }
  if (scope === 'TOWNSHIP') return { label_zh: `“三无”村达到${p}%`, label_en: `${p} % of the township's villages 三无` }
  return { label_zh: `“三无”村（居）达到${p}%`, label_en: `${p} % of villages 三无` }
}

export function targetIndex(template: Template, tier: string): number {
  return (template.targets ?? []).findIndex((t) => t.tier === tier)
}

/** Set, change or remove the target of a tier; its wording follows the figures. */
export function setTarget(template: Template, tier: string, target: { scope: string; min_percent: Num } | null): void {
  const targets = template.targets ?? (template.targets = [])
  const at = targetIndex(template, tier)
  if (target === null) {
    if (at >= 0) targets.splice(at, 1)
    return
  }
  const next: Target = { tier, scope: target.scope, min_percent: target.min_percent, ...targetLabels(tier, target.scope, target.min_percent) }
  if (at >= 0) targets.splice(at, 1, next)
  else {
    targets.push(next)
    targets.sort((a, b) => TIERS.indexOf(a.tier as Tier) - TIERS.indexOf(b.tier as Tier))
  }
}

/**
 * A criterion's wording after its numbers changed, from the wording it started with: unchanged
 * when the user wrote their own.
 */
export function followLabels(criterion: Criterion, origin: Criterion | undefined, touched: boolean): void {
  if (!origin || touched) return
  const pairs: [unknown, unknown][] = []
  if (origin.headcount && criterion.headcount) pairs.push([origin.headcount.value, criterion.headcount.value])
  if (!blank(origin.max_overdue_backlog) && !blank(criterion.max_overdue_backlog)) {
    pairs.push([origin.max_overdue_backlog, criterion.max_overdue_backlog])
  }
  criterion.label_zh = relabel(origin.label_zh, pairs)
  criterion.label_en = relabel(origin.label_en, pairs)
}

export function followAccountabilityLabels(acc: Accountability, origin: Accountability | null, touched: boolean): void {
  if (!origin || touched) return
  const pairs: [unknown, unknown][] = origin.thresholds.map((t) => [t.at_least, acc.thresholds.find((x) => x.level === t.level)?.at_least])
  acc.label_zh = relabel(origin.label_zh, pairs)
  acc.label_en = relabel(origin.label_en, pairs)
}

/** What to send: integer fields as numbers (the inputs may hold text). */
export function normalised(settings: Settings): Settings {
  const s = clone(settings)
  const int = (v: unknown) => {
    const n = toNumber(v)
    return n !== null && Number.isInteger(n) && !blank(v) ? n : v
  }
  for (const tier of Object.keys(s.template.tiers ?? {})) {
    for (const c of s.template.tiers[tier]) {
      if (c.headcount) c.headcount.value = int(c.headcount.value) as number
      if (!blank(c.max_overdue_backlog)) c.max_overdue_backlog = int(c.max_overdue_backlog) as number
    }
  }
  for (const t of s.template.accountability?.thresholds ?? []) t.at_least = int(t.at_least) as number
  // An empty deduction box means "no deduction for this kind", not a missing number.
  if (s.template.deductions) {
    const per = s.template.deductions.per_incident ?? {}
    for (const kind of Object.keys(per)) if (blank(per[kind])) delete per[kind]
    if (blank(s.template.deductions.cap)) s.template.deductions.cap = null
  }
  return s
}
