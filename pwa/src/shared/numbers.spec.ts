import { beforeAll, describe, expect, it } from 'vitest'
import { formatNumber, formatPercent } from './format'
import { i18n, loadLocaleMessages } from './i18n'

describe('numbers as people read them', () => {
  it('rounds to the precision shown and groups digits per locale', () => {
    expect(formatNumber(68.10000000000001, 2, 'zh-CN')).toBe('68.1')
    expect(formatNumber(12345.678, 1, 'en')).toBe('12,345.7')
    expect(formatNumber(null)).toBe('–')
  })

  it('writes percentages in the locale’s way', () => {
    expect(formatPercent(68.10000000000001, 1, 'zh-CN')).toBe('68.1%')
    expect(formatPercent(50, 1, 'en')).toBe('50%')
    expect(formatPercent(undefined)).toBe('–')
  })
})

describe('English plurals', () => {
  const t = i18n.global.t
  beforeAll(() => loadLocaleMessages('en'))
  it('says “1 day left”, “1 person”, “2 days left”', () => {
    i18n.global.locale.value = 'en'
    expect(t('deadline.daysLeft', { n: 1 }, 1)).toBe('1 day left')
    expect(t('deadline.daysLeft', { n: 2 }, 2)).toBe('2 days left')
    expect(t('detail.headcountValue', { n: 1 }, 1)).toBe('1 person')
    expect(t('screening.headcount', { n: 6 }, 6)).toBe('6 people')
    expect(t('cases.total', { n: 1 }, 1)).toBe('1 case')
    i18n.global.locale.value = 'zh-CN'
    expect(t('deadline.daysLeft', { n: 1 }, 1)).toBe('剩 1 天')
  })

  it('gives every English message counting days, people, cases … a singular form', () => {
    const en = i18n.global.getLocaleMessage('en') as Record<string, unknown>
    const missing: string[] = []
    const walk = (node: unknown, path: string) => {
      if (typeof node === 'string') {
        if (/\{(n|count)\} (days|people|cases|periods|units|accounts|records|photos|disputes|changes|fields|hours)\b/.test(node) && !node.includes('|'))
          missing.push(path)
      } else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k)
    }
    walk(en, '')
    expect(missing).toEqual([])
  })
})
