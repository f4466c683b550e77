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
 * What the first screen does not need: once it is painted (the browser's first contentful paint;
 * after 3 s at most, e.g. in a hidden tab or without paint timing) and the page is idle.
 */
function afterFirstScreen(work: () => void): void {
  let done = false
  const run = () => {
    if (done) return
    done = true
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(work, { timeout: 3000 })
    else window.setTimeout(work, 300)
  }
  try {
    const observer = new PerformanceObserver((list) => {
      if (!list.getEntriesByName('first-contentful-paint').length) return
      observer.disconnect()
      run()
    })
    observer.observe({ type: 'paint', buffered: true })
  } catch {
    /* no paint timing: the timeout below */
  }
  window.setTimeout(run, 3000)
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
