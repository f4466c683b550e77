/** What the outbox specs share: a fresh IndexedDB (fake) for each test, and a queued report's fields. */
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { resetOutboxConnection } from './outbox'

export const ITEM = {
  userId: 'u1',
  kind: 'report' as const,
  label: '东风村 2026-11-23',
  mutation: 'mutation X($input: In!) { save(input: $input) { report { id } userErrors { code message field } } }',
  field: 'save',
  objectField: 'report',
}

export function freshOutbox() {
  globalThis.indexedDB = new IDBFactory()
  resetOutboxConnection()
}
