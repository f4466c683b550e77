/**
 * The last cases opened, kept for offline reading (at most MAX_SAVED_CASES per user). The saved
 * copy masks petitioners' names and phones: a phone left somewhere must not give them away.
 */
import { maskName, maskPhone } from '../../shared/format'
import { loadFor, removeFor, saveFor } from '../../shared/storage'
import type { CaseDetail } from '../../shared/types'

export const MAX_SAVED_CASES = 30

export function forStorage(item: CaseDetail): CaseDetail {
  return {
    ...item,
    petitioners: item.petitioners.map((p) => ({
      name: p.name.includes('*') ? p.name : maskName(p.name),
      phone: maskPhone(p.phone),
    })),
  }
}

export function rememberCase(userId: string, item: CaseDetail): void {
  saveFor(userId, `case:${item.id}`, forStorage(item))
  const index = loadFor<string[]>(userId, 'case-index')?.data ?? []
  const next = [item.id, ...index.filter((id) => id !== item.id)]
  for (const stale of next.slice(MAX_SAVED_CASES)) removeFor(userId, `case:${stale}`)
  saveFor(userId, 'case-index', next.slice(0, MAX_SAVED_CASES))
}
