/** Records that go through the outbox: screening reports and (from the register form) cases. */
import { enqueue, offlineNow, sendItem, type OutboxItem, type SendResult } from './outbox'
import { SAVE_REPORT_MUTATION } from './api'

export const REGISTER_CASE_MUTATION = `mutation RegisterCase($input: RegisterCaseInput!) {
  registerCase(input: $input) { case { id title status } userErrors { field message code } }
}`

/** Queue an item and try to send it at once (unless the browser knows it is offline). */
export async function queueAndSend(item: Omit<OutboxItem, 'state' | 'createdAt' | 'attempts'>): Promise<SendResult> {
  const row = await enqueue(item)
  if (offlineNow()) return { ok: false, item: row }
  return sendItem(row.id)
}

export function queueCase(
  userId: string,
  input: { clientMutationId: string; title: string },
): Promise<SendResult> {
  return queueAndSend({
    id: input.clientMutationId,
    userId,
    kind: 'case',
    label: input.title,
    mutation: REGISTER_CASE_MUTATION,
    field: 'registerCase',
    objectField: 'case',
    variables: { input },
  })
}

export function queueReport(
  userId: string,
  label: string,
  input: { clientMutationId: string },
): Promise<SendResult> {
  return queueAndSend({
    id: input.clientMutationId,
    userId,
    kind: 'report',
    label,
    mutation: SAVE_REPORT_MUTATION,
    field: 'saveScreeningReport',
    objectField: 'report',
    variables: { input },
  })
}
