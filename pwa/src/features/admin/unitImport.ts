/** Unit import options (pure): what the sheet means, where it applies, and the typed confirmation. */

/** MERGE adds and updates and retires nothing; REPLACE is the full list of the county or a township. */
export type ImportMode = 'MERGE' | 'REPLACE'

export interface ImportOptions {
  mode: ImportMode
  /** REPLACE: the unit id of the county or of one township whose full list the sheet is. */
  scope?: string | null
  /** The number of retirements the administrator typed back. */
  confirm?: number | null
}

/** The extra query string of POST /admin/import/units for these options ('' for the default). */
export function importQuery(options: ImportOptions): string {
  if (options.mode !== 'REPLACE') return ''
  let query = '&mode=REPLACE'
  if (options.scope) query += `&scope=${encodeURIComponent(options.scope)}`
  if (options.confirm != null) query += `&confirm=${options.confirm}`
  return query
}

/** The typed text confirms `count` retirements: the same whole number, digits only (full-width too). */
export function confirmsRetirements(typed: string, count: number): boolean {
  const digits = typed.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  return count > 0 && /^\d+$/.test(digits) && Number(digits) === count
}

export const CHANGE_KINDS = ['RETIRE', 'ADD', 'RENAME', 'RESTORE', 'MOVE'] as const
