/**
 * Elder mode (长辈版, 适老化): one switch per device, remembered in localStorage, for larger text,
 * larger tap targets and higher contrast on every screen.
 *
 * The numbers are those of the MIIT norms of April 2021 (工信部《移动互联网应用（APP）适老化通用设计规范》,
 * with 《互联网网站适老化通用设计规范》 for web pages):
 * - 1.1 字型大小: "适老版界面及单独的适老版APP中的主要文字信息不小于18 dp/pt" → body text 18 px;
 * - 1.2 行间距: "段落内文字的行距至少为1.3倍" → line heights ≥ 1.3 × the font size;
 * - 1.3 对比度: "文本/文本图像呈现方式、图标等元素间的对比度至少为4.5:1" → elder colours go further,
 *   to 7:1 (WCAG AAA) on the page and card backgrounds;
 * - 2.1 组件焦点大小: "适老版界面中的主要组件可点击焦点区域尺寸不小于60 × 60dp/pt" → buttons, cells,
 *   the navigation bar and tabs 60 px high (a CSS px is the phone's dp/pt);
 * - 引导机制: "内嵌适老版界面的移动应用首页需具备显著入口 … 且在'设置'中提供'长辈版'入口" → the switch is
 *   on the citizens' home page, the sign-in screen and the signed-in home screen's settings.
 *
 * It is applied as a class on <html> (`lc-elder`, for layout rules in theme.css) and as Vant theme
 * CSS variables on <html>'s style, as Vant's ConfigProvider does with `theme-vars-scope="global"`
 * (without loading that component on the first screen). The app's own `font-size: Npx` rules grow
 * by `--lc-text-boost` (vite.config.ts rewrites them to `calc(Npx + var(--lc-text-boost, 0px))`).
 */
import { ref } from 'vue'

export const ELDER_KEY = 'lc.elder'
export const ELDER_CLASS = 'lc-elder'

/** The norm's figures, in CSS px; the tests check the theme against them. */
export const ELDER_NORM = {
  minBodyTextPx: 18,
  minLineHeightRatio: 1.3,
  minTapTargetPx: 60,
  minContrast: 4.5,
  /** What elder mode aims at (WCAG AAA), above the norm's 4.5:1. */
  targetContrast: 7,
} as const

/** Added to every `font-size` in px of the app's own styles (14 px body text becomes 18 px). */
export const TEXT_BOOST_PX = 4

/** Vant theme variables (and the app's own) in elder mode. */
export const ELDER_THEME_VARS: Readonly<Record<string, string>> = {
  '--lc-text-boost': `${TEXT_BOOST_PX}px`,
  // Text: 14 → 18 px body, every size one step up; line heights ≥ 1.3 × font size.
  '--van-font-size-xs': '14px',
  '--van-font-size-sm': '16px',
  '--van-font-size-md': '18px',
  '--van-font-size-lg': '20px',
  '--van-line-height-xs': '20px',
  '--van-line-height-sm': '22px',
  '--van-line-height-md': '26px',
  '--van-line-height-lg': '28px',
  '--van-cell-line-height': '26px',
  '--van-cell-label-font-size': '16px',
  '--van-cell-label-line-height': '22px',
  '--van-field-error-message-font-size': '16px',
  '--van-field-label-width': '5.5em',
  '--van-dropdown-menu-title-font-size': '18px',
  '--van-tag-font-size': '16px',
  '--van-tag-line-height': '22px',
  '--van-step-horizontal-title-font-size': '16px',
  '--van-grid-item-text-font-size': '16px',
  // Tap targets: 60 px for the main components (17 + 26 + 17 = a 60 px cell).
  '--van-cell-vertical-padding': '17px',
  '--van-cell-icon-size': '22px',
  '--van-button-default-height': '60px',
  '--van-button-large-height': '60px',
  '--van-button-normal-font-size': '18px',
  '--van-button-default-font-size': '20px',
  '--van-button-small-height': '44px',
  '--van-button-small-font-size': '16px',
  '--van-button-small-padding': '0 12px',
  '--van-nav-bar-height': '60px',
  '--van-nav-bar-arrow-size': '22px',
  '--van-nav-bar-title-font-size': '20px',
  '--van-tabs-line-height': '60px',
  '--van-tab-font-size': '18px',
  '--van-tab-line-height': '26px',
  '--van-dropdown-menu-height': '60px',
  '--van-search-input-height': '48px',
  '--van-checkbox-size': '26px',
  '--van-radio-size': '26px',
  '--van-switch-size': '34px',
  '--van-switch-background': '#8a8d93',
  '--van-stepper-input-width': '56px',
  '--van-stepper-input-height': '44px',
  '--van-stepper-input-font-size': '18px',
  '--van-field-icon-size': '22px',
  '--van-field-clear-icon-size': '22px',
  '--van-dialog-button-height': '60px',
  '--van-dialog-message-font-size': '18px',
  '--van-dialog-message-line-height': '26px',
  '--van-action-sheet-item-line-height': '28px',
  '--van-picker-option-font-size': '20px',
  '--van-picker-action-font-size': '18px',
  '--van-picker-toolbar-height': '60px',
  '--van-notice-bar-line-height': '26px',
  '--van-toast-font-size': '18px',
  // Contrast: near-black text, darker secondary text and brand colours (≥ 7:1 on white and on the
  // page background #f4f5f7), visible borders.
  '--van-text-color': '#000000',
  '--van-text-color-2': '#303133',
  '--van-text-color-3': '#3c3f45',
  '--van-gray-6': '#303133',
  '--van-gray-7': '#303133',
  '--van-field-placeholder-text-color': '#4a4d52',
  '--van-primary-color': '#0d3f8f',
  '--van-blue': '#0d3f8f',
  '--van-danger-color': '#a00000',
  '--van-warning-color': '#7a3000',
  '--van-orange': '#7a3000',
  '--van-success-color': '#0f5a1f',
  '--van-border-color': '#8a8d93',
  '--van-notice-bar-text-color': '#5a2600',
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

/** The device's saved choice (off when nothing is saved or storage is blocked). */
export function savedElderMode(store: Storage | null = storage()): boolean {
  try {
    return store?.getItem(ELDER_KEY) === '1'
  } catch {
    return false
  }
}

/** Remembers the choice on this device; off removes the entry. */
export function saveElderMode(on: boolean, store: Storage | null = storage()): void {
  try {
    if (on) store?.setItem(ELDER_KEY, '1')
    else store?.removeItem(ELDER_KEY)
  } catch {
    /* not persisted: the switch still applies until the page is closed */
  }
}

/** Sets or removes the class and the theme variables on `root` (<html>). */
export function applyElderMode(on: boolean, root: HTMLElement | undefined = globalThis.document?.documentElement): void {
  if (!root) return
  root.classList.toggle(ELDER_CLASS, on)
  for (const [name, value] of Object.entries(ELDER_THEME_VARS)) {
    if (on) root.style.setProperty(name, value)
    else root.style.removeProperty(name)
  }
}

/** The current state, for the switch. */
export const elderMode = ref(savedElderMode())

export function setElderMode(on: boolean): void {
  elderMode.value = on
  saveElderMode(on)
  applyElderMode(on)
}

applyElderMode(elderMode.value)
