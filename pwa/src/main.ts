import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import { i18n } from './shared/i18n'
import { setUnauthenticatedHandler } from './shared/graphql'
import { sessionExpired } from './shared/session'
import './shared/theme.css'

setUnauthenticatedHandler(() => {
  sessionExpired()
  const current = router.currentRoute.value
  if (!current.meta.public) {
    router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})

createApp(App).use(i18n).use(router).mount('#app')
