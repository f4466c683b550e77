import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import { i18n } from './shared/i18n'
import { setUnauthenticatedHandler } from './shared/graphql'
import { session, sessionExpired } from './shared/session'
import { startOutbox } from './features/screening/outbox'
import './shared/theme.css'

setUnauthenticatedHandler(() => {
  sessionExpired()
  const current = router.currentRoute.value
  if (!current.meta.public) {
    router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})

createApp(App).use(i18n).use(router).mount('#app')
// Records filled in offline (screening reports, cases) are sent when the connection returns.
startOutbox(() => session.me?.id ?? null)
