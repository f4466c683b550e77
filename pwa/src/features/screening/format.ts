import type { Period } from './api'

/** `2026-11-23`–`2026-11-29` → `11/23–11/29` (the year only when the period crosses one). */
export function formatPeriod(period: Period): string {
  const [sy, sm, sd] = period.start.split('-')
  const [ey, em, ed] = period.end.split('-')
  if (period.start === period.end) return `${sm}/${sd}`
  if (sy !== ey) return `${sy}/${sm}/${sd}–${ey}/${em}/${ed}`
  return `${sm}/${sd}–${em}/${ed}`
}
