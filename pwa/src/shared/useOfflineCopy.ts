/**
 * A page's data fetched fresh and kept for offline use under `key`, per signed-in user (the
 * pattern of the home page, a case's page and the screening pages). Without a connection the copy
 * kept last time shows, with `offline` and when it was saved (for OfflineNotice); any other
 * failure becomes a translated `error` and leaves the data on screen as it was. The page fetches
 * again by itself when the connection returns or the outbox delivered records (shared/sync).
 */
import { ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { errorMessageKey, isNetworkError } from './graphql'
import { session } from './session'
import { loadFor, saveFor } from './storage'
import { onDataChanged } from './sync'
import type { User } from './types'

export function useOfflineCopy<T>(key: string, fetch: (me: User) => Promise<T>) {
  const { t } = useI18n()
  const data = ref(null) as Ref<T | null>
  const offline = ref(false)
  const savedAt = ref<number | null>(null)
  const error = ref('')

  async function load() {
    const me = session.me
    if (!me) return
    error.value = ''
    try {
      data.value = await fetch(me)
      offline.value = false
      saveFor(me.id, key, data.value)
    } catch (e) {
      if (isNetworkError(e)) {
        offline.value = true
        const saved = loadFor<T>(me.id, key)
        data.value = saved?.data ?? null
        savedAt.value = saved?.savedAt ?? null
      } else {
        error.value = t(errorMessageKey(e))
      }
    }
  }

  // Back online, or records from the outbox delivered: show the server's data again.
  onDataChanged(load)

  return { data, offline, savedAt, error, load }
}
