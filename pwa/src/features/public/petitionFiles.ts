/**
 * A citizen's photos and scans on the online petition form, and the draft that keeps the typed
 * petition through a failed upload, a refused submission or the phone's camera reloading the page.
 */
import type { UserError } from '../../shared/graphql'
import { uploadedIds, type UploadItem } from '../../shared/upload'
import type { PublicUnit } from '../../shared/units'
import type { PetitionForm } from './validation'

/** The server's default `public_uploads_per_petition`; it refuses more with its own message. */
export const PETITION_MAX_FILES = 6

/** Where the files go: the citizens' endpoint, for the county of the chosen unit (none before). */
export function petitionUploadEndpoint(unitId: string | null): string | null {
  return unitId ? `/public/attachments?unitId=${encodeURIComponent(unitId)}` : null
}

/** The signed tokens of the finished uploads, in the order the files were chosen. */
export function attachmentTokens(items: UploadItem[]): string[] {
  return uploadedIds(items)
}

/**
 * The files the server refused on submission (`attachmentTokens.<n>`: expired, already sent,
 * not verifiable) marked failed with its message, so the citizen removes and uploads them again;
 * everything typed stays as it is.
 */
export function markRefusedFiles(items: UploadItem[], errors: UserError[]): UploadItem[] {
  const sent = items.filter((u) => u.status === 'done' && u.id)
  const refused = new Map<string, string>()
  for (const error of errors) {
    const field = error.field ?? []
    const at = field.indexOf('attachmentTokens')
    const index = at >= 0 && field.length > at + 1 ? Number(field[at + 1]) : NaN
    const item = Number.isInteger(index) ? sent[index] : undefined
    if (item && !refused.has(item.key)) refused.set(item.key, error.message)
  }
  if (!refused.size) return items
  return items.map((u) => (refused.has(u.key) ? { ...u, status: 'failed' as const, id: undefined, message: refused.get(u.key) } : u))
}

// --- the draft --------------------------------------------------------------------------------

/** Kept in this tab only (sessionStorage): gone when the tab closes, removed once submitted. */
const DRAFT_KEY = 'lc.petitionDraft'

export interface PetitionDraft {
  form: PetitionForm
  unit: PublicUnit | null
  /** 检举控告: the unit picked as the one it concerns (absent: "not sure"). */
  accusedUnit?: PublicUnit | null
}

function storage(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}

function isEmpty(form: PetitionForm): boolean {
  return !form.unitId && !form.kind && ['category', 'title', 'content', 'place', 'name', 'phone'].every((k) => !String(form[k as keyof PetitionForm] ?? '').trim())
}

export function saveDraft(draft: PetitionDraft): void {
  const store = storage()
  if (!store) return
  try {
    if (isEmpty(draft.form)) store.removeItem(DRAFT_KEY)
    else store.setItem(DRAFT_KEY, JSON.stringify(draft))
  } catch {
    /* storage full or blocked: the form itself still holds everything */
  }
}

export function loadDraft(): PetitionDraft | null {
  const store = storage()
  try {
    const raw = store?.getItem(DRAFT_KEY)
    if (!raw) return null
    const draft = JSON.parse(raw) as Partial<PetitionDraft>
    if (!draft || typeof draft.form !== 'object' || draft.form === null) return null
    const text = (value: unknown) => (typeof value === 'string' ? value : '')
    const f = draft.form as Partial<PetitionForm>
    const kinds = ['SUGGESTION', 'ACCUSATION', 'COMPLAINT']
    const asUnit = (u: unknown): PublicUnit | null => {
      const v = u as Partial<PublicUnit> | null | undefined
      return v && typeof v.id === 'string' && typeof v.name === 'string' ? (v as PublicUnit) : null
    }
    const unit = asUnit(draft.unit)
    const accusedUnit = asUnit(draft.accusedUnit)
    return {
      form: {
        unitId: unit ? unit.id : null,
        kind: kinds.includes(f.kind as string) ? (f.kind as PetitionForm['kind']) : null,
        category: text(f.category),
        title: text(f.title),
        content: text(f.content),
        place: text(f.place),
        name: text(f.name),
        phone: text(f.phone),
        accused: f.accused === 'UNIT' ? 'UNIT' : 'UNSURE',
        accusedUnitId: accusedUnit ? accusedUnit.id : null,
      },
      unit,
      accusedUnit,
    }
  } catch {
    return null
  }
}

export function clearDraft(): void {
  try {
    storage()?.removeItem(DRAFT_KEY)
  } catch {
    /* nothing kept */
  }
}
