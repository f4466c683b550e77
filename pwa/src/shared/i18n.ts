import { createI18n } from 'vue-i18n'
import { Locale as VantLocale } from 'vant'
import zhCN from './messages/zh-CN'
import type { MessageTree } from './messages/catalogue'

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const
export type AppLocale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'
const STORAGE_KEY = 'lc.locale'

type Catalogue = typeof zhCN

/**
 * The default language is part of the first load; the others are fetched when chosen or saved on
 * the device (vue-i18n's lazy loading: `setLocaleMessage`), one chunk each (shared/messages/).
 */
const loaders: Record<Exclude<AppLocale, typeof DEFAULT_LOCALE>, () => Promise<{ default: Catalogue }>> = {
  'zh-TW': () => import('./messages/zh-TW'),
  en: () => import('./messages/en'),
}
const loaded = new Map<AppLocale, Catalogue>([[DEFAULT_LOCALE, zhCN]])
const loading = new Map<AppLocale, Promise<Catalogue>>()

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export function savedLocale(): AppLocale {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    if (isLocale(value)) return value
  } catch {
    /* storage blocked: use the default */
  }
  return DEFAULT_LOCALE
}

const initialMessages: Record<string, MessageTree> = { [DEFAULT_LOCALE]: zhCN.messages }

export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: initialMessages,
  missingWarn: false,
  fallbackWarn: false,
})

/** Fetches a language's messages once (the default one is already there). */
export function loadLocaleMessages(locale: AppLocale): Promise<void> {
  if (loaded.has(locale)) return Promise.resolve()
  let pending = loading.get(locale)
  if (!pending) {
    pending = loaders[locale as keyof typeof loaders]().then((module) => {
      loaded.set(locale, module.default)
      i18n.global.setLocaleMessage(locale, module.default.messages)
      return module.default
    })
    pending.catch(() => loading.delete(locale))
    loading.set(locale, pending)
  }
  return pending.then(() => undefined)
}

/** The language chosen on this device, shown as soon as its messages are loaded. */
let chosen: AppLocale = savedLocale()

/** The chosen locale; also the `Accept-Language` the server gets and the numbers' format. */
export function currentLocale(): AppLocale {
  return chosen
}

/** Switches to a language whose messages are loaded (the default one always is). */
export function applyLocale(locale: AppLocale): void {
  const catalogue = loaded.get(locale)
  if (!catalogue) throw new Error(`the ${locale} messages are not loaded`)
  chosen = locale
  i18n.global.locale.value = locale
  VantLocale.use(locale === 'en' ? 'en-US' : locale, catalogue.vant)
  if (typeof document !== 'undefined') {
    document.documentElement.lang = locale
  }
}

/**
 * The user's choice: remembered at once, shown once its messages are there (no screen half in the
 * old language). If they cannot be fetched (offline before they were cached), the language stays.
 */
export async function setLocale(locale: AppLocale): Promise<void> {
  chosen = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    /* not persisted */
  }
  await loadLocaleMessages(locale)
  // Another choice made meanwhile wins.
  if (chosen === locale) applyLocale(locale)
}

/** A translation for a dynamic key (event kinds, enum values), or the raw value when missing. */
export function translateOr(key: string, fallback: string): string {
  return i18n.global.te(key) ? i18n.global.t(key) : fallback
}

/**
 * The device's saved language, for the first screen: the router waits for it before the first
 * navigation (router.ts), so the first screen is drawn in it. Never rejects (the default language
 * stays when the messages cannot be fetched).
 */
export const localeReady: Promise<void> = (() => {
  const saved = chosen
  applyLocale(DEFAULT_LOCALE)
  if (saved === DEFAULT_LOCALE) return Promise.resolve()
  chosen = saved
  return loadLocaleMessages(saved).then(
    () => {
      if (chosen === saved) applyLocale(saved)
    },
    () => {
      if (chosen === saved) applyLocale(DEFAULT_LOCALE)
    },
  )
})()
