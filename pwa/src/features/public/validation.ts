/** Client checks of the citizen forms (the server checks again and has the last word). */
import { normalisePhone } from '../../shared/phone'

export interface PetitionForm {
  unitId: string | null
  kind: 'SUGGESTION' | 'ACCUSATION' | 'COMPLAINT' | null
  category: string
  title: string
  content: string
  place: string
  name: string
  phone: string
  /** 检举控告: whom it concerns — "not sure" (the unit chosen above) or a unit the citizen picks. */
  accused: AccusedChoice
  accusedUnitId: string | null
}

export type AccusedChoice = 'UNSURE' | 'UNIT'

export const PETITION_LIMITS = { title: 200, content: 10_000, category: 64, place: 200, name: 50 }

/** field → i18n key */
export function validatePetition(form: PetitionForm): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!form.unitId) errors.unitId = 'validation.required'
  if (!form.kind) errors.kind = 'validation.required'
  for (const field of ['title', 'content', 'name'] as const) {
    const value = form[field].trim()
    if (!value) errors[field] = 'validation.required'
    else if ([...value].length > PETITION_LIMITS[field]) errors[field] = 'citizen.tooLong'
  }
  if ([...form.category.trim()].length > PETITION_LIMITS.category) errors.category = 'citizen.tooLong'
  if ([...form.place.trim()].length > PETITION_LIMITS.place) errors.place = 'citizen.tooLong'
  if (form.kind === 'ACCUSATION' && form.accused === 'UNIT' && !form.accusedUnitId) errors.accusedUnitId = 'validation.required'
  if (!form.phone.trim()) errors.phone = 'validation.required'
  else if (normalisePhone(form.phone) === null) errors.phone = 'validation.phone'
  return errors
}

/**
 * The mutation's input. `accusedUnitId` goes only with an accusation whose unit the citizen picked:
 * "not sure" leaves it out (the server then takes the unit chosen above), and the server refuses
 * it on any other kind.
 */
export function toPetitionInput(form: PetitionForm) {
  const accused = form.kind === 'ACCUSATION' && form.accused === 'UNIT' && form.accusedUnitId ? { accusedUnitId: form.accusedUnitId } : {}
  return {
    unitId: form.unitId as string,
    kind: form.kind as NonNullable<PetitionForm['kind']>,
    category: form.category.trim() || null,
    title: form.title.trim(),
    content: form.content.trim(),
    place: form.place.trim() || null,
    name: form.name.trim(),
    phone: normalisePhone(form.phone) ?? form.phone.trim(),
    ...accused,
  }
}

/** Query codes are shown grouped; typed with spaces or dashes, in any case. */
export function normaliseCode(code: string): string {
  return (code ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '')
}

/** field → i18n key for the tracking form. */
export function validateTrack(code: string, last4: string): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!normaliseCode(code)) errors.code = 'validation.required'
  if (!/^\d{4}$/.test((last4 ?? '').trim())) errors.last4 = 'citizen.last4Invalid'
  return errors
}
