/**
 * Client-side checks of the register form. They mirror the server's (server/case/service.py and
 * rules.py), so most mistakes are caught before sending; the server still has the last word.
 */
import { charCount } from '../../shared/format'
import type { Channel } from '../../shared/types'

export const LIMITS = {
  title: 200,
  content: 10_000,
  category: 64,
  name: 50,
  headcountMin: 1,
  headcountMax: 100_000,
  petitionersMax: 50,
  collective: 5,
}

const MOBILE = /^1[3-9]\d{9}$/
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/

/** Spaces, brackets and a +86 prefix removed; null when it is neither a mobile nor a landline. */
export function normalisePhone(phone: string): string | null {
  let cleaned = (phone ?? '').replace(/[\s()]/g, '')
  if (cleaned.startsWith('+86')) cleaned = cleaned.slice(3)
  return MOBILE.test(cleaned) || LANDLINE.test(cleaned) ? cleaned : null
}

export interface PetitionerForm {
  name: string
  phone: string
}

export interface RegisterForm {
  unitId: string | null
  channel: Channel | null
  title: string
  content: string
  category: string
  headcount: number
  petitioners: PetitionerForm[]
}

/** An i18n key with its parameters. */
export interface FieldError {
  key: string
  params?: Record<string, number>
}

export type FormErrors = Record<string, FieldError>

function text(errors: FormErrors, field: string, value: string, max: number, required = true): void {
  const cleaned = (value ?? '').trim()
  if (!cleaned) {
    if (required) errors[field] = { key: 'validation.required' }
    return
  }
  if (charCount(cleaned) > max) errors[field] = { key: 'validation.tooLong', params: { max } }
}

/** Errors keyed like the server's field paths without `input` (`petitioners.0.phone`). */
export function validateRegisterForm(form: RegisterForm): FormErrors {
  const errors: FormErrors = {}
  if (!form.unitId) errors.unitId = { key: 'validation.required' }
  if (!form.channel) errors.channel = { key: 'validation.required' }
  text(errors, 'title', form.title, LIMITS.title)
  text(errors, 'content', form.content, LIMITS.content)
  text(errors, 'category', form.category, LIMITS.category, false)
  const headcount = Number(form.headcount)
  if (!Number.isInteger(headcount) || headcount < LIMITS.headcountMin || headcount > LIMITS.headcountMax) {
    errors.headcount = { key: 'validation.headcount', params: { min: LIMITS.headcountMin, max: LIMITS.headcountMax } }
  }
  if (form.petitioners.length === 0) {
    errors.petitioners = { key: 'validation.petitioners' }
  } else if (form.petitioners.length > LIMITS.petitionersMax) {
    errors.petitioners = { key: 'validation.tooMany', params: { max: LIMITS.petitionersMax } }
  }
  form.petitioners.forEach((person, index) => {
    text(errors, `petitioners.${index}.name`, person.name, LIMITS.name)
    if (!(person.phone ?? '').trim()) errors[`petitioners.${index}.phone`] = { key: 'validation.required' }
    else if (normalisePhone(person.phone) === null) errors[`petitioners.${index}.phone`] = { key: 'validation.phone' }
  })
  return errors
}

export function isCollective(headcount: number): boolean {
  return headcount >= LIMITS.collective
}

/** The mutation input for a valid form (trimmed; empty category sent as null). */
export function toInput(form: RegisterForm, clientMutationId: string) {
  return {
    unitId: form.unitId as string,
    channel: form.channel as Channel,
    title: form.title.trim(),
    content: form.content.trim(),
    category: form.category.trim() || null,
    headcount: Number(form.headcount),
    petitioners: form.petitioners.map((p) => ({ name: p.name.trim(), phone: normalisePhone(p.phone) ?? p.phone.trim() })),
    clientMutationId,
  }
}

/** A fresh idempotency key for one fill of the form. */
export function newClientMutationId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  // crypto.randomUUID needs a secure context; plain-HTTP intranet deployments still get a random key.
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
