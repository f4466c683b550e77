/**
 * The changes of a draft against the version in force, field by field, for the review step and
 * the save's note. Numbers compare by value ("0.3" is "0.30"); a label that only follows a
 * changed number it quotes is no change of its own.
 */
import {
  INCIDENT_KINDS,
  RATE_POINT_KEYS,
  TIERS,
  WEIGHT_KEYS,
  blank,
  relabel,
  sameNumber,
  type Accountability,
  type Headcount,
  type Policy,
  type Settings,
  type Template,
} from './evaluationSettings'

export type ChangeSection =
  | 'template'
  | 'criteria'
  | 'accountability'
  | 'deductions'
  | 'targets'
  | 'weights'
  | 'citizenShare'
  | 'grades'
  | 'ratePoints'

export type ChangeField =
  | 'code'
  | 'added'
  | 'removed'
  | 'label_zh'
  | 'label_en'
  | 'kinds'
  | 'destination'
  | 'headcount'
  | 'backlog'
  | 'count_by'
  | 'threshold'
  | 'points'
  | 'cap'
  | 'min_percent'
  | 'scope'
  | 'value'
  | 'period'
  | 'consequences'

export type ChangeValue = string | number | boolean | string[] | Headcount | null

export interface Change {
  section: ChangeSection
  field: ChangeField
  path: string
  tier?: string
  /** criterion code, incident kind, weight or rate key, grade code, threshold level */
  subject?: string
  /** the criterion's or grade's wording, for showing which one */
  subjectLabel?: { zh: string; en: string }
  before: ChangeValue
  after: ChangeValue
}

function sameKinds(a: string[] | undefined, b: string[] | undefined): boolean {
  const x = [...(a ?? [])].sort()
  const y = [...(b ?? [])].sort()
  return x.length === y.length && x.every((k, n) => k === y[n])
}

function sameHeadcount(a: Headcount | null, b: Headcount | null): boolean {
  if (!a || !b) return !a && !b
  return a.op === b.op && sameNumber(a.value, b.value)
}

function nullableNumber(value: unknown): boolean {
  return blank(value)
}

function diffCriteria(before: Template, after: Template, out: Change[]) {
  for (const tier of TIERS) {
    const old = before.tiers?.[tier] ?? []
    const now = after.tiers?.[tier] ?? []
    now.forEach((c, n) => {
      const path = `template.tiers.${tier}[${n}]`
      const label = { zh: c.label_zh, en: c.label_en }
      const base = { section: 'criteria' as const, tier, subject: c.code, subjectLabel: label }
      const o = old.find((x) => x.code === c.code)
      if (!o) {
        out.push({ ...base, field: 'added', path, before: null, after: c.label_zh })
        return
      }
      const oldLabel = { zh: o.label_zh, en: o.label_en }
      if (!sameKinds(o.kinds, c.kinds)) out.push({ ...base, field: 'kinds', path: `${path}.kinds`, before: [...o.kinds], after: [...c.kinds] })
      if ((o.destination_at_or_above ?? null) !== (c.destination_at_or_above ?? null)) {
        out.push({ ...base, field: 'destination', path: `${path}.destination_at_or_above`, before: o.destination_at_or_above ?? null, after: c.destination_at_or_above ?? null })
      }
      if (!sameHeadcount(o.headcount, c.headcount)) {
        out.push({ ...base, field: 'headcount', path: `${path}.headcount.value`, before: o.headcount ? { ...o.headcount } : null, after: c.headcount ? { ...c.headcount } : null })
      }
      const ob = o.max_overdue_backlog
      const cb = c.max_overdue_backlog
      if (nullableNumber(ob) !== nullableNumber(cb) || (!nullableNumber(ob) && !sameNumber(ob, cb))) {
        out.push({ ...base, field: 'backlog', path: `${path}.max_overdue_backlog`, before: blank(ob) ? null : (ob as number), after: blank(cb) ? null : (cb as number) })
      }
      // Wording that only follows its changed numbers ("5人" → "6人") is part of that change.
      const pairs: [unknown, unknown][] = []
      if (o.headcount && c.headcount) pairs.push([o.headcount.value, c.headcount.value])
      if (!blank(ob) && !blank(cb)) pairs.push([ob, cb])
      for (const f of ['label_zh', 'label_en'] as const) {
        if (o[f] !== c[f] && c[f] !== relabel(o[f], pairs)) {
          out.push({ ...base, subjectLabel: oldLabel, field: f, path: `${path}.${f}`, before: o[f], after: c[f] })
        }
      }
    })
    old.forEach((o) => {
      if (!now.some((c) => c.code === o.code)) {
        out.push({ section: 'criteria', tier, subject: o.code, subjectLabel: { zh: o.label_zh, en: o.label_en }, field: 'removed', path: `template.tiers.${tier}`, before: o.label_zh, after: null })
      }
    })
  }
}

function diffAccountability(before: Template, after: Template, out: Change[]) {
  const scope = (x: Template) => x.consequences ?? 'ATTRIBUTED_UNIT'
  if (scope(before) !== scope(after)) {
    out.push({ section: 'accountability', field: 'consequences', path: 'template.consequences', before: scope(before), after: scope(after) })
  }
  const o = before.accountability
  const c = after.accountability
  const path = 'template.accountability'
  if (!o || !c) {
    if (o || c) out.push({ section: 'accountability', field: c ? 'added' : 'removed', path, before: o?.label_zh ?? null, after: c?.label_zh ?? null })
    return
  }
  if (o.count_by !== c.count_by) out.push({ section: 'accountability', field: 'count_by', path: `${path}.count_by`, before: o.count_by, after: c.count_by })
  const period = (a: Accountability) => (a.period ? `${a.period.start} – ${a.period.end}` : null)
  if (period(o) !== period(c)) out.push({ section: 'accountability', field: 'period', path: `${path}.period`, before: period(o), after: period(c) })
  if (!sameKinds(o.kinds, c.kinds)) out.push({ section: 'accountability', field: 'kinds', path: `${path}.kinds`, before: [...o.kinds], after: [...c.kinds] })
  const levels = new Set([...o.thresholds.map((t) => t.level), ...c.thresholds.map((t) => t.level)])
  for (const level of ['ADMONITION', 'VETO'].filter((l) => levels.has(l))) {
    const a = o.thresholds.find((t) => t.level === level)
    const b = c.thresholds.find((t) => t.level === level)
    const n = c.thresholds.findIndex((t) => t.level === level)
    if (!sameNumber(a?.at_least ?? null, b?.at_least ?? null)) {
      out.push({ section: 'accountability', field: 'threshold', subject: level, path: `${path}.thresholds[${Math.max(n, 0)}].at_least`, before: (a?.at_least as number) ?? null, after: (b?.at_least as number) ?? null })
    }
  }
  const pairs: [unknown, unknown][] = o.thresholds.map((t) => [t.at_least, c.thresholds.find((x) => x.level === t.level)?.at_least])
  for (const f of ['label_zh', 'label_en'] as const) {
    if (o[f] !== c[f] && c[f] !== relabel(o[f], pairs)) {
      out.push({ section: 'accountability', field: f, path: `${path}.${f}`, before: o[f], after: c[f] })
    }
  }
}

function diffDeductions(before: Template, after: Template, out: Change[]) {
  const o = before.deductions?.per_incident ?? {}
  const c = after.deductions?.per_incident ?? {}
  for (const kind of INCIDENT_KINDS) {
    const a = o[kind] ?? null
    const b = c[kind] ?? null
    if (blank(a) && blank(b)) continue
    if (blank(a) !== blank(b) || !sameNumber(a, b)) {
      out.push({ section: 'deductions', field: 'points', subject: kind, path: `template.deductions.per_incident.${kind}`, before: blank(a) ? null : String(a), after: blank(b) ? null : String(b) })
    }
  }
  const a = before.deductions?.cap ?? null
  const b = after.deductions?.cap ?? null
  if (blank(a) !== blank(b) || (!blank(a) && !sameNumber(a, b))) {
    out.push({ section: 'deductions', field: 'cap', path: 'template.deductions.cap', before: blank(a) ? null : String(a), after: blank(b) ? null : String(b) })
  }
}

function diffTargets(before: Template, after: Template, out: Change[]) {
  for (const tier of TIERS) {
    const o = (before.targets ?? []).find((t) => t.tier === tier)
    const n = (after.targets ?? []).findIndex((t) => t.tier === tier)
    const c = n >= 0 ? after.targets[n] : undefined
    const path = n >= 0 ? `template.targets[${n}]` : 'template.targets'
    if (!o && !c) continue
    if (!o || !c) {
      out.push({ section: 'targets', tier, field: c ? 'added' : 'removed', path, before: o ? `${o.min_percent}` : null, after: c ? `${c.min_percent}` : null })
      continue
    }
    if (o.scope !== c.scope) out.push({ section: 'targets', tier, field: 'scope', path: `${path}.scope`, before: o.scope, after: c.scope })
    if (!sameNumber(o.min_percent, c.min_percent)) {
      out.push({ section: 'targets', tier, field: 'min_percent', path: `${path}.min_percent`, before: String(o.min_percent), after: String(c.min_percent ?? '') })
    }
  }
}

function diffPolicy(before: Policy, after: Policy, out: Change[]) {
  for (const key of WEIGHT_KEYS) {
    const a = before.weights?.[key]
    const b = after.weights?.[key]
    if (!sameNumber(a, b)) out.push({ section: 'weights', field: 'value', subject: key, path: `policy.weights.${key}`, before: String(a ?? ''), after: String(b ?? '') })
  }
  if (!sameNumber(before.citizen_share, after.citizen_share)) {
    out.push({ section: 'citizenShare', field: 'value', path: 'policy.citizen_share', before: String(before.citizen_share ?? ''), after: String(after.citizen_share ?? '') })
  }
  after.grades.forEach((g, n) => {
    const o = before.grades.find((x) => x.code === g.code)
    if (!o) {
      out.push({ section: 'grades', field: 'added', subject: g.code, subjectLabel: { zh: g.label_zh, en: g.label_en }, path: `policy.grades[${n}]`, before: null, after: String(g.min_score) })
    } else if (!sameNumber(o.min_score, g.min_score)) {
      out.push({ section: 'grades', field: 'value', subject: g.code, subjectLabel: { zh: g.label_zh, en: g.label_en }, path: `policy.grades[${n}].min_score`, before: String(o.min_score), after: String(g.min_score ?? '') })
    }
  })
  for (const key of RATE_POINT_KEYS) {
    const a = before.rate_points?.[key]
    const b = after.rate_points?.[key]
    if (!sameNumber(a, b)) out.push({ section: 'ratePoints', field: 'value', subject: key, path: `policy.rate_points.${key}`, before: String(a ?? ''), after: String(b ?? '') })
  }
}

/** Every difference between two settings, in the order of the form. */
export function diffSettings(before: Settings, after: Settings): Change[] {
  const out: Change[] = []
  if (before.template.code !== after.template.code) {
    out.push({ section: 'template', field: 'code', path: 'template.code', before: before.template.code, after: after.template.code })
  }
  diffCriteria(before.template, after.template, out)
  diffAccountability(before.template, after.template, out)
  diffDeductions(before.template, after.template, out)
  diffTargets(before.template, after.template, out)
  diffPolicy(before.policy, after.policy, out)
  return out
}

