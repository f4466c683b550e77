/**
 * Saved data for offline use (localStorage). Entries are tied to the signed-in user's id so one
 * person's saved cases never show for another on a shared phone; logout clears them all.
 */
const PREFIX = 'lc.cache.'

export interface Saved<T> {
  savedAt: number
  data: T
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export function saveFor<T>(userId: string, key: string, data: T): void {
  const store = storage()
  if (!store) return
  const entry: Saved<T> = { savedAt: Date.now(), data }
  try {
    store.setItem(`${PREFIX}${userId}:${key}`, JSON.stringify(entry))
  } catch {
    // Quota exceeded: drop old entries of this user and try once more.
    clearSaved()
    try {
      store.setItem(`${PREFIX}${userId}:${key}`, JSON.stringify(entry))
    } catch {
      /* give up: offline copy is best effort */
    }
  }
}

export function loadFor<T>(userId: string, key: string): Saved<T> | null {
  const store = storage()
  if (!store) return null
  try {
    const raw = store.getItem(`${PREFIX}${userId}:${key}`)
    return raw ? (JSON.parse(raw) as Saved<T>) : null
  } catch {
    return null
  }
}

export function removeFor(userId: string, key: string): void {
  storage()?.removeItem(`${PREFIX}${userId}:${key}`)
}

/** Everything saved for offline use, for every user. */
export function clearSaved(): void {
  const store = storage()
  if (!store) return
  const keys: string[] = []
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i)
    if (key && key.startsWith(PREFIX)) keys.push(key)
  }
  keys.forEach((key) => store.removeItem(key))
}
