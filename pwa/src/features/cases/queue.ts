/** A registered case goes through the outbox (shared/outbox.ts): typed without a connection, it is sent later. */
import { queueAndSend, type SendResult } from '../../shared/outbox'

export const REGISTER_CASE_MUTATION = /* GraphQL */ `mutation RegisterQueuedCase($input: RegisterCaseInput!) {
  registerCase(input: $input) { case { id title status } userErrors { field message code } }
}`

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
