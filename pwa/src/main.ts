import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import { i18n } from './shared/i18n'
import { setUnauthenticatedHandler } from './shared/graphql'
import { session, sessionExpired } from './shared/session'
import { startSyncSignals } from './shared/sync'
import './shared/theme.css'
import { installShell } from './shared/shell'
// The device's elder-mode choice (larger text and tap targets) before the first screen is drawn.
import './shared/elderMode'

setUnauthenticatedHandler(() => {
  sessionExpired()
  const current = router.currentRoute.value
  if (!current.meta.public) {
    router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})

// A screen's code that cannot be loaded (a newer version replaced it in the cache): load the app
// again, once a minute at most, rather than failing the step the user is taking.
window.addEventListener('vite:preloadError', (event) => {
  try {
    const last = Number(sessionStorage.getItem('lc.reloadedAt') ?? 0)
    if (Date.now() - last < 60_000) return
    sessionStorage.setItem('lc.reloadedAt', String(Date.now()))
  } catch {
    return
  }
  event.preventDefault()
  window.location.reload()
})

const app = createApp(App).use(i18n).use(router)
installShell(app)
app.mount('#app')
startSyncSignals()

/**
 * What the first screen does not need, once it is painted (the frame after the first route's
 * render, or a second at most where no frame comes, e.g. a hidden tab) and the page is idle.
 */
function afterFirstScreen(work: () => void): void {
  const idle = () =>
    typeof window.requestIdleCallback === 'function'
      ? window.requestIdleCallback(work, { timeout: 3000 })
      : window.setTimeout(work, 300)
  const afterPaint = () => {
    let done = false
    const next = () => {
      if (done) return
      done = true
      window.setTimeout(idle, 0)
    }
    window.requestAnimationFrame(next)
    window.setTimeout(next, 1000)
  }
  router.isReady().then(afterPaint, afterPaint)
}

// The service worker (vite.config.ts: injectRegister null) precaches the whole app for offline use:
// registered after the first screen, so its downloads do not compete with the first screen's.
afterFirstScreen(() => {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined)
})
// Records filled in offline (screening reports, cases) are sent when the connection returns. The
// outbox (IndexedDB) is not needed to draw the first screen (the screens that list or queue records
// load it themselves).
afterFirstScreen(() => {
  import('./shared/outbox').then(({ startOutbox }) => startOutbox(() => session.me?.id ?? null)).catch(() => undefined)
})
