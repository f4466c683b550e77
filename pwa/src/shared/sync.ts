/**
 * "What is on screen may be stale": bumped when the connection returns and when records waiting on
 * the phone reached the server. Pages that show server data reload on it (`onDataChanged`), so a
 * page never goes on saying "offline" or offering to file what was just delivered.
 */
import { getCurrentScope, onScopeDispose, reactive, watch } from 'vue'

export const sync = reactive({ tick: 0 })

/** Something changed on the server (records delivered) or may have (the connection returned). */
export function dataChanged(): void {
  sync.tick += 1
}

/** Run `reload` whenever data may have changed, for as long as the calling component lives. */
export function onDataChanged(reload: () => unknown): void {
  const stop = watch(
    () => sync.tick,
    () => void reload(),
  )
  if (getCurrentScope()) onScopeDispose(stop)
}

let started = false

/** The connection returning makes every visible page fetch again. */
export function startSyncSignals(): void {
  if (started || typeof window === 'undefined') return
  started = true
  window.addEventListener('online', dataChanged)
}
