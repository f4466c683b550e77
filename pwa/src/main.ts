import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import { i18n } from './shared/i18n'
import { setUnauthenticatedHandler } from './shared/graphql'
import { session, sessionExpired } from './shared/session'
import { startOutbox } from './shared/outbox'
import { startSyncSignals } from './shared/sync'
import './shared/theme.css'
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

createApp(App).use(i18n).use(router).mount('#app')
// Records filled in offline (screening reports, cases) are sent when the connection returns.
startSyncSignals()
startOutbox(() => session.me?.id ?? null)
