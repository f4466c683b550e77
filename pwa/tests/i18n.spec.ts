import zhCN from '../src/locales/zh-CN.json'
import zhTW from '../src/locales/zh-TW.json'
import en from '../src/locales/en.json'
import { CASE_STATUSES, CHANNELS } from '../src/shared/types'
import { i18n, setLocale, currentLocale, loadLocaleMessages } from '../src/shared/i18n'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out[path] = value
    else Object.assign(out, flatten(value, path))
  }
  return out
}

const catalogues = { 'zh-CN': flatten(zhCN), 'zh-TW': flatten(zhTW), en: flatten(en) }

/** The named placeholders a message uses (each once: English plural forms repeat them). */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()
}

describe('i18n catalogues', () => {
  const reference = Object.keys(catalogues['zh-CN']).sort()

  it.each(['zh-TW', 'en'] as const)('%s has exactly the keys of zh-CN', (locale) => {
    expect(Object.keys(catalogues[locale]).sort()).toEqual(reference)
  })

  it.each(['zh-TW', 'en'] as const)('%s uses the same placeholders as zh-CN', (locale) => {
    for (const key of reference) {
      expect([key, placeholders(catalogues[locale][key])]).toEqual([key, placeholders(catalogues['zh-CN'][key])])
    }
  })

  it('translates every enum value the API sends', () => {
    for (const messages of Object.values(catalogues)) {
      for (const s of CASE_STATUSES) expect(messages[`status.${s}`]).toBeTruthy()
      for (const c of CHANNELS) expect(messages[`channel.${c}`]).toBeTruthy()
      for (const l of ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE']) expect(messages[`level.${l}`]).toBeTruthy()
      for (const d of ['NONE', 'ON_TIME', 'DUE_SOON', 'OVERDUE']) expect(messages[`deadline.${d}`]).toBeTruthy()
    }
  })

  it('has a key for every literal key used in the source', () => {
    // The messages the app uses: the shared catalogue with every feature's (shared/messages/).
    const merged = flatten(i18n.global.getLocaleMessage('zh-CN') as Tree)
    const sources = import.meta.glob(['../src/**/*.vue', '../src/**/*.ts', '!../src/**/*.spec.ts'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }) as Record<string, string>
    expect(Object.keys(sources).length).toBeGreaterThan(15)
    const used = new Set<string>()
    for (const text of Object.values(sources)) {
      for (const m of text.matchAll(/\$?\bt\(\s*'([a-zA-Z]+\.[a-zA-Z0-9_.]+)'/g)) used.add(m[1])
    }
    expect(used.size).toBeGreaterThan(40)
    const missing = [...used].filter((key) => !(key in merged))
    expect(missing).toEqual([])
  })

  it('switches locale, persists it and sets the document language', async () => {
    await setLocale('en')
    expect(currentLocale()).toBe('en')
    expect(localStorage.getItem('lc.locale')).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    expect(i18n.global.t('auth.submit')).toBe('Sign in')
    await setLocale('zh-TW')
    expect(i18n.global.t('auth.submit')).toBe('登入')
    expect(document.documentElement.lang).toBe('zh-TW')
  })

  it('loads a language other than the default one only when it is chosen, with the features’ messages', async () => {
    const switching = setLocale('en')
    // Chosen at once (the server hears it), shown once its messages are there.
    expect(currentLocale()).toBe('en')
    await switching
    expect(i18n.global.t('auth.submit')).toBe('Sign in')
    expect(i18n.global.te('citizen.title', 'en')).toBe(true)
    await loadLocaleMessages('zh-TW')
    expect(i18n.global.te('citizen.title', 'zh-TW')).toBe(true)
  })

  it('keeps the last choice when two are made before the first one’s messages arrive', async () => {
    const first = setLocale('zh-TW')
    const second = setLocale('zh-CN')
    await Promise.all([first, second])
    expect(currentLocale()).toBe('zh-CN')
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(localStorage.getItem('lc.locale')).toBe('zh-CN')
  })
})
