/**
 * The outbox: records filled in without a connection wait on the device (IndexedDB) and are sent
 * when the connection returns. Each item carries its idempotency key (`clientMutationId`, also the
 * item's id), so a retry after a lost answer never creates a second record on the server; an item
 * leaves the outbox only once the server has answered with the record. A refusal by the server
 * (invalid input, a conflict with what the server has) keeps the item and shows it: nothing typed
 * is ever dropped silently.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import { reactive, watch } from 'vue'
import { gql, isNetworkError, type UserError } from '../../shared/graphql'

export type OutboxKind = 'case' | 'report'
/** waiting: not sent yet (or the last try got no answer); conflict: the server has something newer
 *  or another record for the same period; rejected: the server refused the input. */
export type OutboxState = 'waiting' | 'sending' | 'conflict' | 'rejected'

export interface OutboxItem {
  id: string // the clientMutationId
  userId: string
  kind: OutboxKind
  label: string
  mutation: string
  /** the payload's field name in the answer, e.g. registerCase */
  field: string
  /** the object field inside the payload, e.g. case */
  objectField: string
  variables: Record<string, unknown>
  state: OutboxState
  createdAt: number
  attempts: number
  lastError?: string
  userErrors?: UserError[]
}

interface OutboxDB extends DBSchema {
  items: { key: string; value: OutboxItem; indexes: { byUser: string } }
}

const DB_NAME = 'lianchuang-outbox'
let dbPromise: Promise<IDBPDatabase<OutboxDB>> | null = null

function db(): Promise<IDBPDatabase<OutboxDB>> {
  if (!dbPromise) {
    dbPromise = openDB<OutboxDB>(DB_NAME, 1, {
      upgrade(database) {
        const store = database.createObjectStore('items', { keyPath: 'id' })
        store.createIndex('byUser', 'userId')
      },
    })
  }
  return dbPromise
}

/** For tests: forget the open connection (a new fake IndexedDB each test). */
export function resetOutboxConnection(): void {
  dbPromise = null
}

/** What the screens show; refreshed after every change. */
export const outbox = reactive({ items: [] as OutboxItem[], userId: null as string | null, flushing: false })

export async function listItems(userId: string): Promise<OutboxItem[]> {
  const rows = await (await db()).getAllFromIndex('items', 'byUser', userId)
  return rows.sort((a, b) => a.createdAt - b.createdAt)
}

async function refresh(): Promise<void> {
  outbox.items = outbox.userId ? await listItems(outbox.userId) : []
}

export async function useOutboxFor(userId: string | null): Promise<void> {
  outbox.userId = userId
  await refresh()
}

export async function enqueue(
  item: Omit<OutboxItem, 'state' | 'createdAt' | 'attempts'> & { createdAt?: number },
): Promise<OutboxItem> {
  const database = await db()
  const existing = await database.get('items', item.id)
  if (existing) return existing // the same key twice is the same record
  const row: OutboxItem = { ...item, state: 'waiting', createdAt: item.createdAt ?? Date.now(), attempts: 0 }
  await database.put('items', row)
  await refresh()
  return row
}

export async function discard(id: string): Promise<void> {
  await (await db()).delete('items', id)
  await refresh()
}

/** Put a conflicting or refused item back in the queue (after the user changed or accepted it). */
export async function retry(id: string, variables?: Record<string, unknown>): Promise<void> {
  const database = await db()
  const item = await database.get('items', id)
  if (!item) return
  await database.put('items', { ...item, variables: variables ?? item.variables, state: 'waiting', userErrors: [] })
  await refresh()
}

export type SendResult = { ok: true; object: unknown } | { ok: false; item: OutboxItem }

type Sender = (mutation: string, variables: Record<string, unknown>) => Promise<Record<string, unknown>>
const defaultSender: Sender = (mutation, variables) => gql<Record<string, unknown>>(mutation, variables)

/** Send one item now. Resolves with the server's object, or the item as it stays in the outbox. */
export async function sendItem(id: string, send: Sender = defaultSender): Promise<SendResult> {
  const database = await db()
  const item = await database.get('items', id)
  if (!item) return { ok: false, item: { id } as OutboxItem }
  item.attempts += 1
  let next: OutboxItem
  try {
    const data = await send(item.mutation, item.variables)
    const payload = data[item.field] as { userErrors: UserError[] } & Record<string, unknown>
    const object = payload[item.objectField]
    if (object) {
      await database.delete('items', id)
      await refresh()
      return { ok: true, object }
    }
    const conflict = payload.userErrors.some((e) => e.code === 'CONFLICT')
    next = { ...item, state: conflict ? 'conflict' : 'rejected', userErrors: payload.userErrors, lastError: undefined }
  } catch (error) {
    // No answer, a server fault or an expired session: keep it waiting and try again later.
    next = {
      ...item,
      state: 'waiting',
      lastError: isNetworkError(error) ? 'NETWORK' : error instanceof Error ? error.message : String(error),
    }
  }
  await database.put('items', next)
  await refresh()
  return { ok: false, item: next }
}

/** Send every waiting item of the user, oldest first. */
export async function flush(userId: string | null = outbox.userId, send: Sender = defaultSender): Promise<number> {
  if (!userId || outbox.flushing) return 0
  outbox.flushing = true
  let sent = 0
  try {
    for (const item of await listItems(userId)) {
      if (item.state !== 'waiting') continue
      const result = await sendItem(item.id, send)
      if (result.ok) sent += 1
      else if (result.item.state === 'waiting' && result.item.lastError === 'NETWORK') break // still offline
    }
  } finally {
    outbox.flushing = false
  }
  return sent
}

let started = false

/** Send when the connection returns, when the app opens, and every half minute while waiting. */
export function startOutbox(currentUser: () => string | null): void {
  if (started || typeof window === 'undefined') return
  started = true
  const run = async () => {
    const userId = currentUser()
    if (outbox.userId !== userId) await useOutboxFor(userId)
    if (userId && outbox.items.some((i) => i.state === 'waiting')) await flush(userId)
  }
  window.addEventListener('online', () => void run())
  setInterval(() => void run(), 30_000)
  watch(currentUser, () => void run(), { immediate: true })
}

/** Whether the browser says there is no connection (then don't even try). */
export function offlineNow(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false
}
