/**
 * The outbox: records filled in without a connection wait on the device (IndexedDB) and are sent
 * when the connection returns. Each item carries its idempotency key (`clientMutationId`, also the
 * item's id), so a retry after a lost answer never creates a second record on the server; an item
 * leaves the outbox only once the server has answered with the record. A refusal by the server
 * (invalid input, a conflict with what the server has) keeps the item and shows it: nothing typed
 * is ever dropped silently.
 *
 * Photos chosen with no connection wait beside the item (the `files` store, their bytes as an
 * ArrayBuffer, which every browser keeps in IndexedDB) and are uploaded before the record is sent;
 * each upload's id is written into the item as soon as it is known, so a retry never uploads a
 * file twice, and the record links exactly the ids it carries.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import { reactive, watch } from 'vue'
import { gql, isNetworkError, type UserError } from './graphql'
import { i18n } from './i18n'
import { dataChanged } from './sync'
import { UploadError, uploadFile } from './upload'

export type OutboxKind = 'case' | 'report' | 'report-edit'
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
  /** files kept on the phone, uploaded before the record is sent */
  uploads?: QueuedUpload[]
  /** the form as it was filled in, to show it again after a conflict or a refusal */
  form?: unknown
  /** an edit: the record it changes (a report's id) */
  recordId?: string
}

/** A file chosen with no connection: its bytes wait on the phone (IndexedDB) under `fileKey`. */
export interface PendingPhoto {
  fileKey: string
  name: string
  type: string
  size: number
}

/** Files kept on the phone, each with the place in the input its id goes once uploaded. */
export interface QueuedUpload {
  fileKey: string
  name: string
  path: (string | number)[]
  /** the server's id once uploaded (a retry does not upload it again) */
  id?: string
}

/** The variables with the uploaded ids put in their places (a copy; the original is unchanged). */
export function withUploads(variables: Record<string, unknown>, uploads: QueuedUpload[]): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(variables)) as Record<string, unknown>
  for (const upload of uploads) {
    if (!upload.id) throw new Error(`not uploaded yet: ${upload.fileKey}`)
    let target: Record<string | number, unknown> = copy
    const path = upload.path
    for (const step of path.slice(0, -1)) {
      const next = target[step]
      if (next === null || typeof next !== 'object') throw new Error(`no ${path.join('.')} in the variables`)
      target = next as Record<string | number, unknown>
    }
    const last = path[path.length - 1]
    const list = Array.isArray(target[last]) ? (target[last] as unknown[]) : []
    if (!list.includes(upload.id)) list.push(upload.id)
    target[last] = list
  }
  return copy
}

/** A file kept on the phone until it can be uploaded. */
export interface StoredFile {
  key: string
  userId: string
  name: string
  type: string
  data: ArrayBuffer
  createdAt: number
}

interface OutboxDB extends DBSchema {
  items: { key: string; value: OutboxItem; indexes: { byUser: string } }
  files: { key: string; value: StoredFile; indexes: { byUser: string } }
}

const DB_NAME = 'lianchuang-outbox'
let dbPromise: Promise<IDBPDatabase<OutboxDB>> | null = null

function db(): Promise<IDBPDatabase<OutboxDB>> {
  if (!dbPromise) {
    dbPromise = openDB<OutboxDB>(DB_NAME, 2, {
      upgrade(database, oldVersion) {
        if (oldVersion < 1) {
          const store = database.createObjectStore('items', { keyPath: 'id' })
          store.createIndex('byUser', 'userId')
        }
        if (oldVersion < 2) {
          const files = database.createObjectStore('files', { keyPath: 'key' })
          files.createIndex('byUser', 'userId')
        }
      },
    })
  }
  return dbPromise
}

function newFileKey(): string {
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`
  return `file-${random}`
}

/** The bytes of a file (FileReader where Blob.arrayBuffer is missing, as in older WebViews). */
export function bytesOf(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer()
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as ArrayBuffer)
    reader.onerror = () => reject(reader.error)
    reader.readAsArrayBuffer(blob)
  })
}

/** Keep a chosen file on the phone (no connection to upload it now). */
export async function keepFile(userId: string, file: Blob & { name?: string }): Promise<PendingPhoto> {
  const row: StoredFile = {
    key: newFileKey(),
    userId,
    name: file.name || 'photo',
    type: file.type || 'application/octet-stream',
    data: await bytesOf(file),
    createdAt: Date.now(),
  }
  await (await db()).put('files', row)
  return { fileKey: row.key, name: row.name, type: row.type, size: row.data.byteLength }
}

/** A kept file as a File again (to upload it, or to show it), or null when it is gone. */
export async function loadFile(key: string): Promise<File | null> {
  const row = await (await db()).get('files', key)
  if (!row) return null
  return new File([row.data], row.name, { type: row.type })
}

export async function dropFiles(keys: string[]): Promise<void> {
  if (!keys.length) return
  const tx = (await db()).transaction('files', 'readwrite')
  await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done])
}

/** Keys of every kept file of the user (to clear files no form or item refers to any more). */
export async function fileKeys(userId: string): Promise<string[]> {
  return (await db()).getAllKeysFromIndex('files', 'byUser', userId)
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

/** Remove an item; its kept files go too unless `keepFiles` (the form holds them again). */
export async function discard(id: string, { keepFiles = false } = {}): Promise<void> {
  const database = await db()
  const item = await database.get('items', id)
  await database.delete('items', id)
  if (item?.uploads?.length && !keepFiles) await dropFiles(item.uploads.map((u) => u.fileKey))
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
export type Uploader = (file: File) => Promise<{ id: string }>
const defaultUploader: Uploader = (file) => uploadFile(file, { purpose: 'photos' })

/** Upload answers that say "try again later" rather than "this file will never do". */
const RETRY_LATER = ['NETWORK', 'INTERNAL', 'UNAUTHENTICATED', 'RATE_LIMITED']

function fieldPath(path: (string | number)[]): string[] {
  return path.map(String)
}

/**
 * Upload the item's kept files that have no id yet, writing each id into the stored item at once.
 * Resolves with the item as it is then, or with the item to keep (waiting or refused).
 */
async function uploadKept(item: OutboxItem, upload: Uploader): Promise<{ ready: boolean; item: OutboxItem }> {
  const database = await db()
  const uploads = (item.uploads ?? []).map((u) => ({ ...u }))
  for (const u of uploads) {
    if (u.id) continue
    const file = await loadFile(u.fileKey)
    if (!file) {
      const message = i18n.global.t('screening.photoLost', { name: u.name })
      return { ready: false, item: { ...item, uploads, state: 'rejected', userErrors: [{ field: fieldPath(u.path), message, code: 'NOT_FOUND' }] } }
    }
    try {
      u.id = (await upload(file)).id
    } catch (error) {
      if (error instanceof UploadError && !RETRY_LATER.includes(error.code)) {
        const message = `${u.name}: ${error.message || i18n.global.t('upload.failed')}`
        return { ready: false, item: { ...item, uploads, state: 'rejected', userErrors: [{ field: fieldPath(u.path), message, code: error.code }] } }
      }
      return { ready: false, item: { ...item, uploads, state: 'waiting', lastError: 'NETWORK' } }
    }
    item = { ...item, uploads }
    await database.put('items', item) // a retry starts from here: this file is not uploaded again
  }
  return { ready: true, item: { ...item, uploads } }
}

/** Send one item now. Resolves with the server's object, or the item as it stays in the outbox. */
export async function sendItem(id: string, send: Sender = defaultSender, upload: Uploader = defaultUploader): Promise<SendResult> {
  const database = await db()
  let item = await database.get('items', id)
  if (!item) return { ok: false, item: { id } as OutboxItem }
  item.attempts += 1
  let next: OutboxItem
  try {
    if (item.uploads?.some((u) => !u.id)) {
      const uploaded = await uploadKept(item, upload)
      if (!uploaded.ready) {
        await database.put('items', uploaded.item)
        await refresh()
        return { ok: false, item: uploaded.item }
      }
      item = uploaded.item
    }
    const variables = item.uploads?.length ? withUploads(item.variables, item.uploads) : item.variables
    const data = await send(item.mutation, variables)
    const payload = data[item.field] as { userErrors: UserError[] } & Record<string, unknown>
    const object = payload[item.objectField]
    if (object) {
      await database.delete('items', id)
      if (item.uploads?.length) await dropFiles(item.uploads.map((u) => u.fileKey))
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
export async function flush(
  userId: string | null = outbox.userId,
  send: Sender = defaultSender,
  upload: Uploader = defaultUploader,
): Promise<number> {
  if (!userId || outbox.flushing) return 0
  outbox.flushing = true
  let sent = 0
  try {
    for (const item of await listItems(userId)) {
      if (item.state !== 'waiting') continue
      const result = await sendItem(item.id, send, upload)
      if (result.ok) sent += 1
      else if (result.item.state === 'waiting' && result.item.lastError === 'NETWORK') break // still offline
    }
  } finally {
    outbox.flushing = false
  }
  if (sent > 0) dataChanged() // pages showing what was waiting fetch the server's state again
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

/** Queue an item and try to send it at once (unless the browser knows it is offline). */
export async function queueAndSend(item: Omit<OutboxItem, 'state' | 'createdAt' | 'attempts'>): Promise<SendResult> {
  const row = await enqueue(item)
  if (offlineNow()) return { ok: false, item: row }
  return sendItem(row.id)
}
