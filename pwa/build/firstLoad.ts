/**
 * Build steps for a fast first screen (Lighthouse on /login and /public, a phone on slow 4G) and for
 * elder mode (shared/elderMode.ts).
 */
import type { Plugin } from 'vite'

/**
 * The app's own `font-size: Npx` declarations become `calc(Npx + var(--lc-text-boost, 0px))`, so
 * elder mode (which sets --lc-text-boost) enlarges every text of every screen, and normal mode is
 * unchanged. Vant's components are sized through their own CSS variables instead; node_modules is
 * left alone.
 */
export function textBoost() {
  return {
    postcssPlugin: 'lc-text-boost',
    Declaration(decl: { prop: string; value: string; source?: { input?: { file?: string } } }) {
      if (decl.prop !== 'font-size') return
      const file = decl.source?.input?.file ?? ''
      if (file.includes('node_modules')) return
      if (/^\d+(\.\d+)?px$/.test(decl.value.trim())) {
        decl.value = `calc(${decl.value.trim()} + var(--lc-text-boost, 0px))`
      }
    },
  }
}
textBoost.postcss = true

const VANT_ICON_CSS = /[\\/]vant[\\/]es[\\/]icon[\\/]index\.css$/
const INLINE_FONT = /url\(data:font\/woff2;[^)]*base64,([A-Za-z0-9+/=]+)\)\s*format\("woff2"\)(\s*,\s*url\([^)]*\)\s*format\("woff"\))?/

/**
 * Vant's icon stylesheet carries its font inline (34 KB of base64 in a 45 KB stylesheet, fetched
 * and parsed before a screen with any Vant component shows, although the sign-in screen shows no
 * icon) and a fallback on a third-party host that the CSP blocks anyway. In the build the font
 * becomes a file of its own (an emitted asset: Vite writes its hashed URL into the CSS) that the
 * browser fetches only when an icon is drawn, and the service worker precaches for offline use.
 */
export function vantIconFontFile(): Plugin {
  return {
    name: 'lc-vant-icon-font-file',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!VANT_ICON_CSS.test(id.split('?')[0])) return null
      const match = INLINE_FONT.exec(code)
      if (!match) {
        this.warn('Vant icon font not found inline: the icon stylesheet is left as it is')
        return null
      }
      const font = Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0))
      const ref = this.emitFile({ type: 'asset', name: 'vant-icon.woff2', source: font })
      return { code: code.replace(match[0], `url(__VITE_ASSET__${ref}__) format("woff2")`), map: null }
    },
  }
}

/**
 * The entry stylesheet (theme colours and page frame, ~2 KB) goes inline into index.html: no
 * render-blocking request before the first paint. The CSP allows inline styles.
 */
export function inlineEntryCss(): Plugin {
  return {
    name: 'lc-inline-entry-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle
        if (!bundle) return html
        return html.replace(/<link rel="stylesheet"(?: crossorigin)? href="\/([^"]+\.css)">/g, (tag, fileName: string) => {
          const asset = bundle[fileName]
          if (!asset || asset.type !== 'asset') return tag
          const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source)
          delete bundle[fileName]
          return `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>`
        })
      },
    },
  }
}
