/** The register form's lifecycle fields: kind, the seed-002 elements, the accused unit, attachments. */
import { pendingProblem, uploadedIds, type UploadItem } from '../../shared/upload'
import type { MatterKind } from './lifecycle'

export type { UploadItem } from '../../shared/upload'

export interface RegisterExtras {
  kind: MatterKind
  cause: string
  place: string
  occurredOn: string // yyyy-mm-dd or ''
  development: string
  mediation: string
  accusedUnitId: string | null
  uploads: UploadItem[]
}

export function emptyExtras(): RegisterExtras {
  return {
    kind: 'COMPLAINT',
    cause: '',
    place: '',
    occurredOn: '',
    development: '',
    mediation: '',
    accusedUnitId: null,
    uploads: [],
  }
}

export const EXTRA_LIMITS = { cause: 2000, place: 200, development: 5000, mediation: 5000 }

/** field → i18n key; `uploads` while a file is still being sent or has failed. */
export function validateExtras(extras: RegisterExtras, today: string = new Date().toISOString().slice(0, 10)): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const field of ['cause', 'place', 'development', 'mediation'] as const) {
    if ([...extras[field].trim()].length > EXTRA_LIMITS[field]) errors[field] = 'lifecycle.register.tooLong'
  }
  if (extras.occurredOn && (!/^\d{4}-\d{2}-\d{2}$/.test(extras.occurredOn) || extras.occurredOn > today))
    errors.occurredOn = 'lifecycle.register.badDate'
  const pending = pendingProblem(extras.uploads)
  if (pending) errors.uploads = pending
  return errors
}

/** The members added to `RegisterCaseInput` (empty text as null; the accused unit only for 检举控告). */
export function extrasInput(extras: RegisterExtras) {
  const text = (value: string) => value.trim() || null
  const attachmentIds = uploadedIds(extras.uploads)
  return {
    kind: extras.kind,
    cause: text(extras.cause),
    place: text(extras.place),
    occurredOn: extras.occurredOn || null,
    development: text(extras.development),
    mediation: text(extras.mediation),
    accusedUnitId: extras.kind === 'ACCUSATION' ? extras.accusedUnitId : null,
    attachmentIds: attachmentIds.length ? attachmentIds : null,
  }
}
