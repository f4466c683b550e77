import { createI18n } from 'vue-i18n'
import { Locale as VantLocale } from 'vant'
import vantZhCN from 'vant/es/locale/lang/zh-CN'
import vantZhTW from 'vant/es/locale/lang/zh-TW'
import vantEnUS from 'vant/es/locale/lang/en-US'
import zhCN from '../locales/zh-CN.json'
import zhTW from '../locales/zh-TW.json'
import en from '../locales/en.json'

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const
export type AppLocale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'
const STORAGE_KEY = 'lc.locale'

export type MessageSchema = typeof zhCN
export const messages: Record<AppLocale, MessageSchema> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en }

/** Feature catalogues (`features/<x>/locales/<locale>.json`) merged over the shared ones. */
export const featureCatalogues = import.meta.glob('../features/*/locales/*.json', { eager: true, import: 'default' }) as Record<
  string,
  Record<string, unknown>
>
type Tree = Record<string, unknown>
function mergeInto(target: Tree, source: Tree): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key]
    if (value && typeof value === 'object' && existing && typeof existing === 'object') mergeInto(existing as Tree, value as Tree)
    else target[key] = value
  }
}
for (const [path, catalogue] of Object.entries(featureCatalogues)) {
  const locale = path.split('/').pop()!.replace(/\.json$/, '')
  if (locale in messages) mergeInto(messages[locale as AppLocale] as unknown as Tree, catalogue)
}

const vantMessages = { 'zh-CN': vantZhCN, 'zh-TW': vantZhTW, en: vantEnUS }

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

export const i18n = createI18n({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

/** The active locale; also the `Accept-Language` the server gets. */
export function currentLocale(): AppLocale {
  const value = i18n.global.locale.value
  return isLocale(value) ? value : DEFAULT_LOCALE
}

export function applyLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  VantLocale.use(locale === 'en' ? 'en-US' : locale, vantMessages[locale])
  if (typeof document !== 'undefined') {
    document.documentElement.lang = locale
  }
}

export function setLocale(locale: AppLocale): void {
  applyLocale(locale)
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    /* not persisted */
  }
}

/** A translation for a dynamic key (event kinds, enum values), or the raw value when missing. */
export function translateOr(key: string, fallback: string): string {
  return i18n.global.te(key) ? i18n.global.t(key) : fallback
}

applyLocale(currentLocale())
