/** Phone numbers as the office and the public type them. */
const MOBILE = /^1[3-9]\d{9}$/
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/

/** Spaces, brackets and a +86 prefix removed; null when it is neither a mobile nor a landline. */
export function normalisePhone(phone: string): string | null {
  let cleaned = (phone ?? '').replace(/[\s()]/g, '')
  if (cleaned.startsWith('+86')) cleaned = cleaned.slice(3)
  return MOBILE.test(cleaned) || LANDLINE.test(cleaned) ? cleaned : null
}
