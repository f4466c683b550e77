/**
 * 建·创 submissions and evidence files: the pure part of the screens (what the checklist shows,
 * what a form may send, how the county's overview groups units, what a rate's inputs say).
 */
import type {
  ChecklistItem as GeneratedChecklistItem,
  FileFieldsFragment,
  StandardRatesQuery,
  SubmissionKind,
  SubmitWorkInput,
  WorkSubmissionFieldsFragment,
} from '../../shared/api.generated'
import { charCount } from '../../shared/format'
import { pendingProblem, uploadedIds, type UploadItem } from '../../shared/upload'

export type FileInfo = FileFieldsFragment
export type WorkKind = SubmissionKind
export type WorkSubmission = WorkSubmissionFieldsFragment
export type ChecklistItem = Pick<GeneratedChecklistItem, 'code' | 'label'>

export interface ChecklistRow {
  item: ChecklistItem
  submission: WorkSubmission | null
}

/** Every item of the 建 checklist in the campaign's order, with the unit's report of it if any. */
export function checklistRows(items: ChecklistItem[], submissions: WorkSubmission[]): ChecklistRow[] {
  const byCode = new Map<string, WorkSubmission>()
  for (const s of submissions) if (s.kind === 'CHECKLIST' && s.itemCode && !byCode.has(s.itemCode)) byCode.set(s.itemCode, s)
  return items.map((item) => ({ item, submission: byCode.get(item.code) ?? null }))
}

export function checklistDone(rows: ChecklistRow[]): number {
  return rows.filter((r) => r.submission !== null).length
}

/** What the form edits; `keptFiles` are the record's files still on it, `uploads` the new ones. */
export interface WorkDraft {
  id: string | null
  kind: WorkKind
  itemCode: string | null
  title: string
  description: string
  evidence: { name: string; note: string }[]
  keptFiles: FileInfo[]
  uploads: UploadItem[]
}

export const LIMITS = { title: 200, description: 5000, evidenceName: 200, evidenceNote: 500, evidence: 20, files: 20 }

export function newDraft(kind: WorkKind, item?: ChecklistItem): WorkDraft {
  return {
    id: null,
    kind,
    itemCode: item?.code ?? null,
    title: '',
    description: '',
    evidence: [],
    keptFiles: [],
    uploads: [],
  }
}

export function draftOf(s: WorkSubmission): WorkDraft {
  return {
    id: s.id,
    kind: s.kind,
    itemCode: s.itemCode,
    title: s.title,
    description: s.description ?? '',
    evidence: s.evidence.map((e) => ({ name: e.name, note: e.note ?? '' })),
    keptFiles: [...s.files],
    uploads: [],
  }
}

/** i18n keys of what keeps the draft from being sent, by field ('' when nothing). */
export function draftProblems(d: WorkDraft): Record<string, string> {
  const out: Record<string, string> = {}
  const title = d.title.trim()
  if (!title) out.title = 'work.problem.titleRequired'
  else if (charCount(title) > LIMITS.title) out.title = 'work.problem.tooLong'
  if (charCount(d.description.trim()) > LIMITS.description) out.description = 'work.problem.tooLong'
  if (d.kind === 'CHECKLIST' && !d.itemCode) out.itemCode = 'work.problem.itemRequired'
  if (d.evidence.length > LIMITS.evidence) out.evidence = 'work.problem.tooMany'
  d.evidence.forEach((e, n) => {
    if (!e.name.trim()) out[`evidence.${n}.name`] = 'work.problem.nameRequired'
    else if (charCount(e.name.trim()) > LIMITS.evidenceName) out[`evidence.${n}.name`] = 'work.problem.tooLong'
    if (charCount(e.note.trim()) > LIMITS.evidenceNote) out[`evidence.${n}.note`] = 'work.problem.tooLong'
  })
  const pending = pendingProblem(d.uploads)
  if (pending) out.files = pending
  else if (attachmentIds(d.keptFiles, d.uploads).length > LIMITS.files) out.files = 'work.problem.tooManyFiles'
  return out
}

/** The files a record keeps after saving: those not removed, then the new uploads, each once. */
export function attachmentIds(kept: FileInfo[], uploads: UploadItem[]): string[] {
  return [...new Set([...kept.map((f) => f.id), ...uploadedIds(uploads)])]
}

/** The `SubmitWorkInput` of a draft. */
export function workInput(d: WorkDraft, unitId: string, year: number): SubmitWorkInput {
  return {
    ...(d.id ? { id: d.id } : {}),
    unitId,
    year,
    kind: d.kind,
    itemCode: d.kind === 'CHECKLIST' ? d.itemCode : null,
    title: d.title.trim(),
    description: d.description.trim() || null,
    evidence: d.evidence.map((e) => ({ name: e.name.trim(), note: e.note.trim() || null })),
    attachmentIds: attachmentIds(d.keptFiles, d.uploads),
  }
}

/** The server's field path (`input.evidence.0.name`) as the draft's problem key. */
export function draftField(field: string[] | null): string {
  return (field ?? []).filter((p) => p !== 'input').join('.') || 'form'
}

export interface UnitWork {
  unit: { id: string; name: string; level: string }
  checklist: WorkSubmission[]
  goodPractice: WorkSubmission[]
  files: number
}

/** The county's overview: one entry per unit that submitted anything, in the server's (unit path) order. */
export function byUnit(submissions: WorkSubmission[]): UnitWork[] {
  const out = new Map<string, UnitWork>()
  for (const s of submissions) {
    let entry = out.get(s.unit.id)
    if (!entry) {
      entry = { unit: s.unit, checklist: [], goodPractice: [], files: 0 }
      out.set(s.unit.id, entry)
    }
    ;(s.kind === 'CHECKLIST' ? entry.checklist : entry.goodPractice).push(s)
    entry.files += s.files.length
  }
  return [...out.values()]
}

/** 1536 → "1.5 KB" (files are at most 10 MB). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function isImage(contentType: string): boolean {
  return contentType.startsWith('image/')
}

// ---------------------------------------------------------------------------------------------
// Standard rates

/** A standard rate, its `inputs` (a JSON scalar) read as RateInputs. */
export type StandardRate = Omit<StandardRatesQuery['standardRates']['rates'][number], 'inputs'> & { inputs: RateInputs | null }

/** One 复查/复核 decision in a rate's `inputs` (JSON). */
export interface ReviewDecision {
  case_id: string | null
  round: 'REVIEW' | 'REREVIEW'
  decided_at: string
  upheld: boolean
}

/** What REVIEW_UPHELD's `inputs` (JSON) counts: per round, and each decision. */
export interface RateInputs {
  review?: { decided: number; upheld: number }
  rereview?: { decided: number; upheld: number }
  decisions?: ReviewDecision[]
}

/** How a rate reads in a list: its percentage, "not measured" when nothing fell due, or unavailable. */
export function rateValue(r: StandardRate): { key: string; percent?: string } {
  if (!r.available) return { key: 'rates.unavailable' }
  if (r.percent === null) return { key: 'rates.nothing' }
  return { key: 'rates.percent', percent: r.percent.toFixed(2) }
}

/** The 复查 / 复核 split of 复查复核维持率, for the rate's detail (empty for other rates). */
export function reviewRounds(r: StandardRate): { round: 'REVIEW' | 'REREVIEW'; decided: number; upheld: number }[] {
  if (r.code !== 'REVIEW_UPHELD' || !r.inputs) return []
  const rounds: ('REVIEW' | 'REREVIEW')[] = ['REVIEW', 'REREVIEW']
  return rounds.map((round) => {
    const v = r.inputs?.[round === 'REVIEW' ? 'review' : 'rereview'] ?? { decided: 0, upheld: 0 }
    return { round, decided: v.decided, upheld: v.upheld }
  })
}

/** `YYYY-MM-DD` of a day in the county's calendar (Asia/Shanghai). */
export function chinaDate(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}
