/**
 * Client-side checks of the register form. They mirror the server's (server/case/service.py and
 * rules.py), so most mistakes are caught before sending; the server still has the last word.
 */
import { charCount } from '../../shared/format'
import { normalisePhone } from '../../shared/phone'
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
