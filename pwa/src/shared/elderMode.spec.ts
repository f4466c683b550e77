// Elder mode (issue 14: "a switch (remembered per device …) to larger text (at least 18 px body),
// larger tap targets, higher contrast"), checked against the MIIT norm's figures
// (《移动互联网应用（APP）适老化通用设计规范》 1.1 "适老版界面…主要文字信息不小于18 dp/pt", 1.2 "行距至少为1.3倍",
// 1.3 "对比度至少为4.5:1", 2.1 "适老版界面中的主要组件可点击焦点区域尺寸不小于60 × 60dp/pt").
import { describe, expect, it } from 'vitest'
import {
  ELDER_CLASS,
  ELDER_KEY,
  ELDER_NORM,
  ELDER_THEME_VARS,
  TEXT_BOOST_PX,
  applyElderMode,
  saveElderMode,
  savedElderMode,
} from './elderMode'

const px = (name: string) => {
  const value = ELDER_THEME_VARS[name]
  expect(value, name).toMatch(/^\d+px$/)
  return Number.parseInt(value, 10)
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255)
    const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

describe('the elder switch is remembered per device', () => {
  it('is off on a device that never chose it', () => {
    expect(savedElderMode(localStorage)).toBe(false)
  })

  it('remembers on, and forgets when switched off', () => {
    saveElderMode(true, localStorage)
    expect(localStorage.getItem(ELDER_KEY)).toBe('1')
    expect(savedElderMode(localStorage)).toBe(true)
    saveElderMode(false, localStorage)
    expect(localStorage.getItem(ELDER_KEY)).toBeNull()
    expect(savedElderMode(localStorage)).toBe(false)
  })

  it('reads anything but the saved "1" as off, and survives blocked storage', () => {
    localStorage.setItem(ELDER_KEY, 'true')
    expect(savedElderMode(localStorage)).toBe(false)
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('SecurityError')
      },
      removeItem: () => {
        throw new Error('SecurityError')
      },
    } as unknown as Storage
    expect(savedElderMode(blocked)).toBe(false)
    expect(() => saveElderMode(true, blocked)).not.toThrow()
    expect(savedElderMode(null)).toBe(false)
  })
})

describe('switching applies a root class and the theme variables, and removes them', () => {
  it('sets and clears them on the root element', () => {
    const root = document.createElement('html')
    applyElderMode(true, root)
    expect(root.classList.contains(ELDER_CLASS)).toBe(true)
    expect(root.style.getPropertyValue('--van-font-size-md')).toBe('18px')
    expect(root.style.getPropertyValue('--lc-text-boost')).toBe(`${TEXT_BOOST_PX}px`)
    applyElderMode(false, root)
    expect(root.classList.contains(ELDER_CLASS)).toBe(false)
    expect(root.style.getPropertyValue('--van-font-size-md')).toBe('')
    expect(root.getAttribute('style') ?? '').toBe('')
  })
})

describe('the elder theme meets the norm', () => {
  it('body text is at least 18 px ("主要文字信息不小于18 dp/pt"), the app’s 14 px text included', () => {
    expect(ELDER_NORM.minBodyTextPx).toBe(18)
    for (const name of ['--van-font-size-md', '--van-cell-font-size', '--van-button-normal-font-size', '--van-tab-font-size']) {
      if (name in ELDER_THEME_VARS) expect(px(name), name).toBeGreaterThanOrEqual(18)
    }
    expect(px('--van-font-size-md')).toBe(18)
    // The app's own styles: `font-size: 14px` becomes calc(14px + boost).
    expect(14 + TEXT_BOOST_PX).toBeGreaterThanOrEqual(ELDER_NORM.minBodyTextPx)
    // Every step of Vant's scale grows.
    expect(px('--van-font-size-xs')).toBeGreaterThan(10)
    expect(px('--van-font-size-sm')).toBeGreaterThan(12)
    expect(px('--van-font-size-lg')).toBeGreaterThan(16)
  })

  it('line heights are at least 1.3 × the font size ("行距至少为1.3倍")', () => {
    const pairs: [string, string][] = [
      ['--van-line-height-xs', '--van-font-size-xs'],
      ['--van-line-height-sm', '--van-font-size-sm'],
      ['--van-line-height-md', '--van-font-size-md'],
      ['--van-line-height-lg', '--van-font-size-lg'],
      ['--van-cell-line-height', '--van-font-size-md'],
      ['--van-cell-label-line-height', '--van-cell-label-font-size'],
      ['--van-tab-line-height', '--van-tab-font-size'],
    ]
    for (const [line, font] of pairs) {
      expect(px(line) / px(font), `${line} / ${font}`).toBeGreaterThanOrEqual(ELDER_NORM.minLineHeightRatio)
    }
  })

  it('main components are at least 60 px tall ("可点击焦点区域尺寸不小于60 × 60dp/pt")', () => {
    const min = ELDER_NORM.minTapTargetPx
    expect(min).toBe(60)
    for (const name of ['--van-button-default-height', '--van-button-large-height', '--van-nav-bar-height', '--van-tabs-line-height', '--van-dialog-button-height', '--van-dropdown-menu-height']) {
      expect(px(name), name).toBeGreaterThanOrEqual(min)
    }
    // A cell is its line height plus its padding above and below.
    expect(px('--van-cell-line-height') + 2 * px('--van-cell-vertical-padding')).toBeGreaterThanOrEqual(min)
  })

  it('text and brand colours reach 7:1 on white and on the page background (the norm asks 4.5:1)', () => {
    expect(ELDER_NORM.minContrast).toBe(4.5)
    const backgrounds = ['#ffffff', '#f4f5f7']
    const colours = [
      '--van-text-color',
      '--van-text-color-2',
      '--van-text-color-3',
      '--van-field-placeholder-text-color',
      '--van-primary-color',
      '--van-danger-color',
      '--van-warning-color',
      '--van-success-color',
    ]
    for (const name of colours) {
      for (const background of backgrounds) {
        const ratio = contrast(ELDER_THEME_VARS[name], background)
        expect(ratio, `${name} on ${background}: ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(ELDER_NORM.targetContrast)
      }
    }
    // White text on the elder primary colour (primary buttons).
    expect(contrast('#ffffff', ELDER_THEME_VARS['--van-primary-color'])).toBeGreaterThanOrEqual(ELDER_NORM.targetContrast)
  })

  it('is stronger than normal mode: the elder text colours are darker than the normal ones', () => {
    // Normal mode's text colour (theme.css) is #1f2329; elder mode's is black.
    expect(contrast(ELDER_THEME_VARS['--van-text-color'], '#ffffff')).toBeGreaterThan(contrast('#1f2329', '#ffffff'))
    expect(contrast(ELDER_THEME_VARS['--van-text-color-2'], '#ffffff')).toBeGreaterThan(contrast('#5c5f66', '#ffffff'))
  })
})
