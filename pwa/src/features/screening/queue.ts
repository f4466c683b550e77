/** Records that go through the outbox: screening reports (new ones and edits of drafts) and (from the
 * register form) cases. */
import { enqueue, offlineNow, sendItem, type OutboxItem, type SendResult } from './outbox'
import { EDIT_REPORT_MUTATION, SAVE_REPORT_MUTATION } from './api'
import type { QueuedUpload } from './reportForm'

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
  extra: { uploads?: QueuedUpload[]; form?: unknown } = {},
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
    ...extra,
  })
}

/** An edit of a draft report, based on the version it was made from (a newer one is a conflict). */
export function queueReportEdit(
  userId: string,
  label: string,
  input: { id: string; clientMutationId: string },
  extra: { uploads?: QueuedUpload[]; form?: unknown } = {},
): Promise<SendResult> {
  return queueAndSend({
    id: input.clientMutationId,
    userId,
    kind: 'report-edit',
    label,
    mutation: EDIT_REPORT_MUTATION,
    field: 'saveScreeningReport',
    objectField: 'report',
    variables: { input },
    recordId: input.id,
    ...extra,
  })
}
