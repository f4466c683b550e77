/** Screening reports (new ones and edits of drafts) go through the outbox. */
import { queueAndSend, type QueuedUpload, type SendResult } from '../../shared/outbox'
import { EDIT_REPORT_MUTATION, SAVE_REPORT_MUTATION } from './api'

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
