/**
 * The holiday calendar screen's pure parts: the rows of a year being entered, the input the
 * server takes, and the server's refusals placed on their rows.
 */
import type { HolidayCalendarQuery, HolidayYearFieldsFragment } from '../../shared/api.generated'
import type { UserError } from '../../shared/graphql'

export type DayKind = 'HOLIDAY' | 'WORKDAY'
export const DAY_KINDS: DayKind[] = ['HOLIDAY', 'WORKDAY']

export interface DayRow {
  key: number
  date: string // yyyy-mm-dd or ''
  kind: DayKind
  name: string
}

export type EnteredYear = HolidayYearFieldsFragment
export type HolidayCalendar = HolidayCalendarQuery['holidayCalendar']

let counter = 0
export function newRow(kind: DayKind = 'HOLIDAY', date = '', name = ''): DayRow {
  counter += 1
  return { key: counter, date, kind, name }
}

/** The rows of an entered year, to correct it. */
export function rowsOf(year: EnteredYear): DayRow[] {
  return year.days.map((d) => newRow(d.kind, d.date, d.name))
}

/** The mutation's input: rows without a date are left out (an empty row added by mistake). */
export function toInput(year: number, source: string, rows: readonly DayRow[], expectedVersion: number) {
  return {
    year,
    source: source.trim(),
    expectedVersion,
    days: rows.filter((r) => r.date).map((r) => ({ date: r.date, kind: r.kind, name: r.name.trim() })),
  }
}

/**
 * Refusals by place: `year`, `source`, `days` (the list as a whole), or the row's key for
 * `["input","days",i,…]` — `i` counts the rows sent, so empty rows are skipped as in `toInput`.
 */
export function placeErrors(errors: readonly UserError[], rows: readonly DayRow[]): Record<string, string> {
  const sent = rows.filter((r) => r.date)
  const out: Record<string, string> = {}
  for (const e of errors) {
    const path = e.field ?? []
    let key = ''
    if (path[1] === 'days' && path.length > 2) key = `row-${sent[Number(path[2])]?.key ?? ''}`
    else if (path.length > 1) key = path[1]
    if (!(key in out)) out[key] = e.message
  }
  return out
}
