/**
 * Tenant settings as people edit them (pure): a picker per kind of value instead of raw JSON, and
 * every value — defaults and history included — shown in words, never as an internal code.
 */
import type { SettingField } from './api'

/** Reporting cadences a level can have (the API's ScreeningCadence). */
export const CADENCES = ['DAILY', 'WEEKLY', 'HALF_MONTHLY', 'MONTHLY'] as const
/** Unit levels in the order a county reads them. */
export const LEVEL_ORDER = ['VILLAGE', 'TOWNSHIP', 'COUNTY', 'CITY', 'PROVINCE']

export type Editor = 'select' | 'bool' | 'number' | 'date' | 'text' | 'cadence' | 'json'

/** Which picker a setting gets. A per-level object of cadences gets one picker per level. */
export function editorFor(field: Pick<SettingField, 'key' | 'type' | 'default'>): Editor {
  if (field.type === 'ENUM') return 'select'
  if (field.type === 'BOOL') return 'bool'
  if (field.type === 'INT' || field.type === 'FLOAT') return 'number'
  if (field.type === 'JSON') return isCadenceMap(field.default) ? 'cadence' : 'json'
  if (/_(start|date|on)$/.test(field.key)) return 'date'
  return 'text'
}

export function isCadenceMap(value: unknown): value is Record<string, string> {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.entries(value).length > 0 &&
    Object.entries(value).every(([k, v]) => LEVEL_ORDER.includes(k) && (CADENCES as readonly string[]).includes(v as string))
  )
}

/** The levels of a cadence map, village first. */
export function cadenceLevels(value: Record<string, string>): string[] {
  return Object.keys(value).sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b))
}

type T = (key: string, named?: Record<string, unknown>) => string

/** A setting's value in words: choices and cadences by their labels, yes/no, numbers per locale. */
export function describeValue(value: unknown, t: T, te: (key: string) => boolean, locale: string): string {
  if (value === null || value === undefined || value === '') return t('admin.none')
  if (typeof value === 'boolean') return t(`admin.choice.${value}`)
  if (typeof value === 'number') return new Intl.NumberFormat(locale).format(value)
  if (typeof value === 'string') {
    if (te(`admin.choice.${value}`)) return t(`admin.choice.${value}`)
    if (te(`screening.cadence.${value}`)) return t(`screening.cadence.${value}`)
    return value
  }
  if (isCadenceMap(value)) {
    return cadenceLevels(value)
      .map((level) => `${t(`level.${level}`)}${t('punct.colon')}${t(`screening.cadence.${value[level]}`)}`)
      .join(t('punct.sentenceSep'))
  }
  return JSON.stringify(value)
}
