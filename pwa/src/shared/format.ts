import { currentLocale } from './i18n'

/** Dates are shown in the county's time (the product serves mainland China), whatever the device says. */
export const TIME_ZONE = 'Asia/Shanghai'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      timeZone: TIME_ZONE,
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    })
    formatters.set(key, f)
  }
  return f
}

/** `2024-05-01T08:30:00+08:00` → `2024/05/01 08:30` (in the locale's order); '' for nothing. */
export function formatDateTime(value: string | null | undefined, locale: string = currentLocale()): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return formatter(locale, true).format(date)
}

export function formatDate(value: string | null | undefined, locale: string = currentLocale()): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return formatter(locale, false).format(date)
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Whole days from `now` to `due`: positive = days left (rounded up), 0 = due within the day,
 * negative = days overdue (rounded up as well: one hour late counts as one day).
 */
export function daysUntil(due: string | Date, now: Date = new Date()): number {
  const diff = new Date(due).getTime() - now.getTime()
  if (diff >= 0) return Math.floor(diff / DAY_MS)
  return -Math.ceil(-diff / DAY_MS)
}

/** Number of user-perceived characters, as the server counts them (code points). */
export function charCount(text: string): number {
  return [...text].length
}

const MOBILE = /^1[3-9]\d{9}$/

/** 张三 → 张** (as the server masks it). */
export function maskName(name: string): string {
  return name ? `${[...name][0]}**` : ''
}

/** 13812341234 → 138****1234; a landline keeps its last four digits. Already-masked values stay. */
export function maskPhone(phone: string): string {
  if (phone.includes('*')) return phone
  const digits = phone.replace(/-/g, '')
  if (MOBILE.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(-4)}`
  return digits.length > 4 ? `****${digits.slice(-4)}` : '****'
}

const numberFormats = new Map<string, Intl.NumberFormat>()

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let f = numberFormats.get(key)
  if (!f) {
    f = new Intl.NumberFormat(locale, options)
    numberFormats.set(key, f)
  }
  return f
}

/**
 * A number as people read it in the locale, to at most `digits` decimals (68.10000000000001 →
 * 68.1); '–' for nothing.
 */
export function formatNumber(value: number | null | undefined, digits = 2, locale: string = currentLocale()): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–'
  return numberFormat(locale, { maximumFractionDigits: digits }).format(value)
}

/** A percentage given as 0–100 (87.5 → 87.5%, in the locale's way); '–' for nothing. */
export function formatPercent(value: number | null | undefined, digits = 1, locale: string = currentLocale()): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–'
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(value / 100)
}
