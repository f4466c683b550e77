/**
 * Pure helpers of the case lifecycle screens: which buttons the server's `availableActions` turn
 * into, the ledger export URL of a list filter, and the checks made on a file before upload.
 */
import type { CaseFilter } from '../../shared/api.generated'
import type { UserError } from '../../shared/graphql'
import type { MatterKind, ReviewResult } from '../../shared/matter'

export { MATTER_KINDS, REVIEW_RESULTS, reviewResultKey, type MatterKind, type ReviewResult } from '../../shared/matter'

export type CaseAction =
  | 'ACCEPT'
  | 'REJECT'
  | 'DECLINE_AGAIN'
  | 'FORWARD'
  | 'ASSIGN'
  | 'PROGRESS'
  | 'REQUEST_EXTENSION'
  | 'APPROVE_EXTENSION'
  | 'REFUSE_EXTENSION'
  | 'REPLY'
  | 'CLOSE'
  | 'REQUEST_REVIEW'
  | 'DECIDE_REVIEW'
  | 'REQUEST_REREVIEW'
  | 'DECIDE_REREVIEW'
  | 'RATE'
  | 'SUPERVISE'
  | 'REMIND'
  | 'FOLLOW_UP'

export type Outcome = 'SUPPORTED' | 'EXPLAINED' | 'NOT_SUPPORTED'
export const OUTCOMES: Outcome[] = ['SUPPORTED', 'EXPLAINED', 'NOT_SUPPORTED']

/** The form an action opens: which fields it asks for. */
export type ActionForm =
  | 'note' // optional note
  | 'requiredNote' // note required
  | 'reason' // reason required (reject)
  | 'forward' // unit + note
  | 'assign' // leader + handlers + plan
  | 'extension' // days (1..30) + reason
  | 'decideExtension' // note, approve/refuse fixed by the action
  | 'reply' // text + outcome
  | 'review' // result (维持 / 变更 / 撤销) + opinion, and the new outcome for 变更 / 撤销
  | 'supervise' // note + due date

export interface ActionButton {
  action: CaseAction
  /** i18n key of the label */
  label: string
  form: ActionForm
  /** Vant button type */
  type: 'primary' | 'danger' | 'warning' | 'default'
}

/** Display order and form of every action officials take in the PWA. */
const BUTTONS: Record<CaseAction, Omit<ActionButton, 'action' | 'label'> | null> = {
  ACCEPT: { form: 'note', type: 'primary' },
  ASSIGN: { form: 'assign', type: 'primary' },
  REPLY: { form: 'reply', type: 'primary' },
  DECIDE_REVIEW: { form: 'review', type: 'primary' },
  DECIDE_REREVIEW: { form: 'review', type: 'primary' },
  APPROVE_EXTENSION: { form: 'decideExtension', type: 'primary' },
  REFUSE_EXTENSION: { form: 'decideExtension', type: 'danger' },
  FOLLOW_UP: { form: 'requiredNote', type: 'warning' },
  PROGRESS: { form: 'requiredNote', type: 'default' },
  CLOSE: { form: 'note', type: 'default' },
  FORWARD: { form: 'forward', type: 'default' },
  REQUEST_EXTENSION: { form: 'extension', type: 'default' },
  SUPERVISE: { form: 'supervise', type: 'warning' },
  REMIND: { form: 'requiredNote', type: 'warning' },
  REJECT: { form: 'reason', type: 'danger' },
  // 不再受理 (Art. 36): the server writes the statute's wording; the note is added to it.
  DECLINE_AGAIN: { form: 'note', type: 'danger' },
  // Citizens' steps: taken in the public section, never by an official's button.
  REQUEST_REVIEW: null,
  REQUEST_REREVIEW: null,
  RATE: null,
}
const ORDER = Object.keys(BUTTONS) as CaseAction[]

/** The buttons for the actions the server allows now, in a stable order; unknown values are ignored. */
export function actionButtons(available: readonly string[]): ActionButton[] {
  const allowed = new Set(available)
  const out: ActionButton[] = []
  for (const action of ORDER) {
    const spec = BUTTONS[action]
    if (spec && allowed.has(action)) out.push({ action, label: `lifecycle.action.${action}`, ...spec })
  }
  return out
}

export interface ActionValues {
  note: string
  unitId: string | null
  leaderId: string | null
  handlerIds: string[]
  plan: string
  days: number
  outcome: Outcome | null
  reviewResult: ReviewResult | null
  /** The outcome of the answer under review (the case's), for the review form. */
  reviewedOutcome: Outcome | null
  dueAt: string // yyyy-mm-dd or ''
  /** A 复查 / 复核 by a body outside the county (the city): the county records its opinion. */
  reviewOutside: boolean
  /** Who decided and signed the outside body's opinion. */
  decidedBy: string
  /** The uploaded scans of that opinion (attachment ids). */
  attachmentIds: string[]
}

export function emptyValues(): ActionValues {
  return {
    note: '', unitId: null, leaderId: null, handlerIds: [], plan: '', days: 15, outcome: null, reviewResult: null,
    reviewedOutcome: null, dueAt: '', reviewOutside: false, decidedBy: '', attachmentIds: [],
  }
}

/**
 * The outcome part of a review decision, following the chosen result: nothing before a result is
 * chosen; for 维持 the outcome of the answer reviewed, kept as it is (shown, not chosen); for 变更
 * and 撤销 a choice of the new outcome (any of them: a change of remedy or reasons may keep the
 * category). An old answer recorded without an outcome has none to keep: the reviewer chooses it.
 * The server applies the same rule.
 */
export function reviewOutcomeField(result: ReviewResult | null, reviewed: Outcome | null): 'none' | 'kept' | 'choose' {
  if (!result) return 'none'
  return result === 'UPHELD' && reviewed ? 'kept' : 'choose'
}

export const MAX_EXTENSION_DAYS = 30

/** Client checks of an action form: field → i18n key. */
export function validateAction(form: ActionForm, v: ActionValues): Record<string, string> {
  const errors: Record<string, string> = {}
  const note = v.note.trim()
  if (['requiredNote', 'reason', 'reply', 'review', 'extension'].includes(form) && !note) errors.note = 'validation.required'
  if (form === 'forward' && !v.unitId) errors.unitId = 'validation.required'
  if (form === 'assign' && !v.leaderId) errors.leaderId = 'validation.required'
  if (form === 'extension' && (!Number.isInteger(v.days) || v.days < 1 || v.days > MAX_EXTENSION_DAYS))
    errors.days = 'lifecycle.form.daysRange'
  if (form === 'reply' && !v.outcome) errors.outcome = 'validation.required'
  if (form === 'review') {
    if (!v.reviewResult) errors.result = 'lifecycle.form.chooseResult'
    else if (reviewOutcomeField(v.reviewResult, v.reviewedOutcome) === 'choose' && !v.outcome)
      errors.outcome = 'lifecycle.form.chooseNewOutcome'
    if (v.reviewOutside && !v.decidedBy.trim()) errors.decidedBy = 'lifecycle.form.decidedByRequired'
    if (v.reviewOutside && !v.attachmentIds.length) errors.attachmentIds = 'lifecycle.form.scanRequired'
  }
  return errors
}

/** The GraphQL mutation (name + variables) an action sends. */
export function mutationFor(action: CaseAction, id: string, v: ActionValues): { name: string; variables: Record<string, unknown> } {
  const note = v.note.trim()
  const optional = note || null
  switch (action) {
    case 'ACCEPT':
      return { name: 'acceptCase', variables: { id, note: optional } }
    case 'REJECT':
      return { name: 'rejectCase', variables: { id, reason: note } }
    case 'DECLINE_AGAIN':
      return { name: 'declineAgain', variables: { id, note: optional } }
    case 'FORWARD':
      return { name: 'forwardCase', variables: { id, unitId: v.unitId, note: optional } }
    case 'ASSIGN':
      return {
        name: 'assignCase',
        variables: { id, leaderId: v.leaderId, handlerIds: v.handlerIds, plan: v.plan.trim() || null },
      }
    case 'PROGRESS':
      return { name: 'addCaseNote', variables: { id, note } }
    case 'REQUEST_EXTENSION':
      return { name: 'requestExtension', variables: { id, days: v.days, reason: note } }
    case 'APPROVE_EXTENSION':
      return { name: 'decideExtension', variables: { id, approve: true, note: optional } }
    case 'REFUSE_EXTENSION':
      return { name: 'decideExtension', variables: { id, approve: false, note: optional } }
    case 'REPLY':
      return { name: 'replyCase', variables: { id, reply: note, outcome: v.outcome } }
    case 'CLOSE':
      return { name: 'closeCase', variables: { id, note: optional } }
    case 'DECIDE_REVIEW':
    case 'DECIDE_REREVIEW':
      // 维持 sends no outcome: the server keeps the one reviewed.
      return {
        name: 'decideReview',
        variables: {
          id,
          result: v.reviewResult,
          opinion: note,
          outcome: reviewOutcomeField(v.reviewResult, v.reviewedOutcome) === 'kept' ? null : v.outcome,
          // Recorded for a body outside the county: who decided, and the scanned opinion.
          ...(v.reviewOutside ? { decidedBy: v.decidedBy.trim(), attachmentIds: v.attachmentIds } : {}),
        },
      }
    case 'SUPERVISE':
      return {
        name: 'superviseCase',
        variables: { id, note: optional, dueAt: v.dueAt ? `${v.dueAt}T17:00:00+08:00` : null },
      }
    case 'REMIND':
      return { name: 'remindCase', variables: { id, note } }
    case 'FOLLOW_UP':
      return { name: 'followUpCase', variables: { id, note } }
    default:
      throw new Error(`no mutation for ${action}`)
  }
}

const ARG_TYPES: Record<string, string> = {
  id: 'ID!',
  note: 'String',
  reason: 'String!',
  unitId: 'ID!',
  leaderId: 'ID!',
  handlerIds: '[ID!]',
  plan: 'String',
  days: 'Int!',
  approve: 'Boolean!',
  reply: 'String!',
  outcome: 'Outcome',
  result: 'ReviewResult',
  opinion: 'String!',
  dueAt: 'DateTime',
  decidedBy: 'String',
  attachmentIds: '[ID!]',
}
/** Mutations whose note is required (so typed String!). */
const REQUIRED_NOTE = new Set(['addCaseNote', 'remindCase', 'followUpCase'])

/** The document of a lifecycle mutation, selecting `fields` of the case and the userErrors. */
export function mutationDocument(name: string, variables: Record<string, unknown>, fields: string): string {
  const keys = Object.keys(variables)
  const decl = keys
    .map((k) => {
      let type = ARG_TYPES[k]
      if (k === 'note' && REQUIRED_NOTE.has(name)) type = 'String!'
      return `$${k}: ${type}`
    })
    .join(', ')
  const args = keys.map((k) => `${k}: $${k}`).join(', ')
  return `mutation Lifecycle(${decl}) { ${name}(${args}) { case { ${fields} } userErrors { field message code } } }`
}

/** userErrors keyed by their last field segment (`note`, `unitId` …); unplaced ones under ''. */
export function errorsByField(errors: UserError[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of errors) {
    const key = e.field && e.field.length ? e.field[e.field.length - 1] : ''
    const mapped = key === 'reason' || key === 'reply' || key === 'opinion' ? 'note' : key
    if (!(mapped in out)) out[mapped] = e.message
  }
  return out
}

/** The list's filter, as the export takes it (the same CaseFilter the list query sends). */
export type ListFilter = CaseFilter

/** `/exports/cases.xlsx?filter=<JSON of the same CaseFilter>`, without empty members. */
export function exportUrl(filter: ListFilter): string {
  const clean: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value) && value.length === 0) continue
    clean[key] = value
  }
  return `/exports/cases.xlsx?filter=${encodeURIComponent(JSON.stringify(clean))}`
}

export function isImage(contentType: string): boolean {
  return contentType.toLowerCase().startsWith('image/')
}

const RATING_NOTE = /^(SATISFIED|BASICALLY_SATISFIED|DISSATISFIED)(?::\s*([\s\S]*))?$/

/**
 * A timeline note as people read it. A rating's line carries its level as `satisfaction` and the
 * petitioner's comment as `note`: it shows as the level's words (`satisfaction.LEVEL`) and the
 * comment. A copy saved before the server answered `satisfaction` may hold `LEVEL: comment` in
 * the note: read the same way. Other notes as they are.
 */
export function eventNote(
  event: { kind: string; note?: string | null; satisfaction?: string | null },
  t: (key: string) => string,
): string {
  const note = event.note ?? ''
  if (event.kind !== 'RATED') return note
  let level = event.satisfaction ?? null
  let comment = note
  const match = level ? null : RATING_NOTE.exec(note)
  if (match) {
    level = match[1]
    comment = match[2] ?? ''
  }
  if (!level) return comment
  const words = t(`satisfaction.${level}`)
  return comment ? `${words}${t('punct.colon')}${comment}` : words
}

/** The i18n key of a timeline event's label: the server's `CaseEvent.kind` as it is. */
export function eventLabelKey(kind: string): string {
  return `lifecycle.event.${kind}`
}


/** Forward targets whose name contains the search text (all of them when it is empty). */
export function filterTargets<T extends { name: string }>(targets: readonly T[], search: string): T[] {
  const term = search.trim().toLowerCase()
  return term ? targets.filter((t) => t.name.toLowerCase().includes(term)) : [...targets]
}
