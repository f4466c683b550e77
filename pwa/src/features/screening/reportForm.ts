/**
 * The screening report as a form: its disputes with their photos, the mutation input built from
 * it, a server report turned back into a form, and how two versions of a draft differ (a version
 * conflict shows both). Pure functions, no I/O.
 */
import type { DisputeElementsFragment, DisputeStatus, ScreeningReportFieldsFragment } from '../../shared/api.generated'
import type { PendingPhoto, QueuedUpload } from '../../shared/outbox'

export { withUploads, type PendingPhoto, type QueuedUpload } from '../../shared/outbox'

/**
 * A photo or scan on the server: linked to the dispute, or uploaded and waiting to be linked.
 * `url` is where it opens (GET /attachments/{id}); empty for a file just uploaded from this form.
 */
export type PhotoRef = DisputeElementsFragment['attachments'][number]

/** A photo just uploaded (by the shared uploader or the outbox) as a stored one: it opens by its id. */
export function uploadedPhoto(id: string, name: string): PhotoRef {
  return { id, filename: name, contentType: /\.pdf$/i.test(name) ? 'application/pdf' : 'image/*', url: `/attachments/${id}` }
}

/** An upload in progress or finished through the shared uploader (shared/upload.ts UploadItem). */
export interface UploadState {
  key: string
  name: string
  status: 'uploading' | 'done' | 'failed'
  id?: string
  message?: string
}

export interface DisputeForm {
  /** the dispute's id on the server (a draft being edited); null for a new one */
  id: string | null
  title: string
  cause: string
  occurredOn: string
  place: string
  involvedUnit: string
  peopleInvolved: number
  development: string
  mediationSoFar: string
  /** handled disputes (mediated, turned into a case) can no longer be changed */
  status?: DisputeStatus
  attachments: PhotoRef[]
  uploads: UploadState[]
  pending: PendingPhoto[]
}

export interface ReportForm {
  zeroReport: boolean
  note: string
  disputes: DisputeForm[]
}

export function emptyDispute(): DisputeForm {
  return {
    id: null,
    title: '',
    cause: '',
    occurredOn: '',
    place: '',
    involvedUnit: '',
    peopleInvolved: 1,
    development: '',
    mediationSoFar: '',
    attachments: [],
    uploads: [],
    pending: [],
  }
}

/** A dispute form saved by an earlier version of the app (no photos, no id) made whole. */
export function normaliseDispute(d: Partial<DisputeForm>): DisputeForm {
  return {
    ...emptyDispute(),
    ...d,
    id: d.id ?? null,
    attachments: d.attachments ?? [],
    uploads: d.uploads ?? [],
    pending: d.pending ?? [],
  }
}

function orNull(value: string | null | undefined): string | null {
  const v = (value ?? '').trim()
  return v ? v : null
}

/** The ids to link now: those on the server already and those the uploader finished. */
export function attachmentIds(d: DisputeForm): string[] {
  const ids = [...d.attachments.map((a) => a.id), ...d.uploads.filter((u) => u.status === 'done' && u.id).map((u) => u.id!)]
  return [...new Set(ids)]
}

export function disputeInput(d: DisputeForm) {
  return {
    ...(d.id ? { id: d.id } : {}),
    title: d.title.trim(),
    cause: d.cause.trim(),
    occurredOn: d.occurredOn || null,
    place: orNull(d.place),
    involvedUnit: orNull(d.involvedUnit),
    peopleInvolved: d.peopleInvolved,
    development: orNull(d.development),
    mediationSoFar: orNull(d.mediationSoFar),
    attachmentIds: attachmentIds(d),
  }
}

/** A new report (created as a draft, or submitted at once). */
export function reportInput(unitId: string, form: ReportForm, clientMutationId: string, day: string, submit = true) {
  return {
    unitId,
    day,
    zeroReport: form.zeroReport,
    note: orNull(form.note),
    submit,
    clientMutationId,
    disputes: form.zeroReport ? [] : form.disputes.map(disputeInput),
  }
}

/** An edit of a draft: the whole list of disputes, based on the version it was made from. */
export function reportEditInput(
  reportId: string,
  expectedVersion: number,
  form: ReportForm,
  clientMutationId: string,
  submit: boolean,
) {
  return {
    id: reportId,
    expectedVersion,
    disputesComplete: true,
    zeroReport: form.zeroReport,
    note: orNull(form.note),
    submit,
    clientMutationId,
    disputes: form.zeroReport ? [] : form.disputes.map(disputeInput),
  }
}

export function pendingUploads(form: ReportForm): QueuedUpload[] {
  if (form.zeroReport) return []
  return form.disputes.flatMap((d, i) =>
    d.pending.map((p) => ({ fileKey: p.fileKey, name: p.name, path: ['input', 'disputes', i, 'attachmentIds'] })),
  )
}

/**
 * After a refused send, the files the outbox did upload are on the server: the form keeps them as
 * stored files (by id), no longer as files to upload, so the next send links them and uploads
 * nothing twice. Changes `form` in place.
 */
export function absorbUploaded(form: ReportForm, uploads: QueuedUpload[]): void {
  form.disputes.forEach((d, i) => {
    const done = uploads.filter((u) => u.id && u.path[2] === i && d.pending.some((p) => p.fileKey === u.fileKey))
    if (!done.length) return
    d.pending = d.pending.filter((p) => !done.some((u) => u.fileKey === p.fileKey))
    d.attachments.push(...done.map((u) => uploadedPhoto(u.id!, u.name)))
  })
}

/** Client-side checks, keyed like the server's field paths (`disputes.0.title`). */
export function validateReport(form: ReportForm, submit = true): Record<string, string> {
  const errors: Record<string, string> = {}
  if (submit && !form.zeroReport && form.disputes.length === 0) errors.disputes = 'screening.needDisputeOrZero'
  if (!form.zeroReport) {
    form.disputes.forEach((d, i) => {
      if (!d.title.trim()) errors[`disputes.${i}.title`] = 'validation.required'
      if (!d.cause.trim()) errors[`disputes.${i}.cause`] = 'validation.required'
      if (!(d.peopleInvolved >= 1)) errors[`disputes.${i}.peopleInvolved`] = 'validation.required'
      if (d.uploads.some((u) => u.status === 'uploading')) errors[`disputes.${i}.attachmentIds`] = 'upload.wait'
      else if (d.uploads.some((u) => u.status === 'failed')) errors[`disputes.${i}.attachmentIds`] = 'upload.removeFailed'
    })
  }
  return errors
}

export type { DisputeStatus }

/** A dispute as the server gives it: its elements, its state and its photos (DISPUTE_ELEMENTS in api.ts). */
export type ServerDispute = DisputeElementsFragment

/** A report as the server gives it (the fields the edit screen asks for). */
export type ServerReport = ScreeningReportFieldsFragment

export function formFromReport(report: ServerReport): ReportForm {
  return {
    zeroReport: report.zeroReport,
    note: report.note ?? '',
    disputes: report.disputes.map((d) => ({
      id: d.id,
      title: d.title,
      cause: d.cause,
      occurredOn: d.occurredOn ?? '',
      place: d.place ?? '',
      involvedUnit: d.involvedUnit ?? '',
      peopleInvolved: d.peopleInvolved,
      development: d.development ?? '',
      mediationSoFar: d.mediationSoFar ?? '',
      status: d.status,
      attachments: d.attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, url: a.url })),
      uploads: [],
      pending: [],
    })),
  }
}

/** A dispute's elements, as the comparison of two versions shows them. */
export const ELEMENTS = ['title', 'cause', 'occurredOn', 'place', 'involvedUnit', 'peopleInvolved', 'development', 'mediationSoFar'] as const
export type Element = (typeof ELEMENTS)[number]

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
  return norm(a) === norm(b)
}

export function photoCount(d: DisputeForm): number {
  return attachmentIds(d).length + d.pending.length
}

/**
 * Where two versions of a report differ, as keys the comparison view marks: `zeroReport`,
 * `note`, `disputes.<i>.<element>` and `disputes.<i>.photos` for a dispute found in both (matched
 * by id), `disputes.<i>` for one only in that version. Indices are those of the version given first.
 */
export function reportDifferences(mine: ReportForm, theirs: ReportForm): Set<string> {
  const out = new Set<string>()
  if (mine.zeroReport !== theirs.zeroReport) out.add('zeroReport')
  if (!same(mine.note, theirs.note)) out.add('note')
  const byId = new Map(theirs.disputes.filter((d) => d.id).map((d) => [d.id, d]))
  mine.disputes.forEach((d, i) => {
    const other = d.id ? byId.get(d.id) : undefined
    if (!other) {
      out.add(`disputes.${i}`)
      return
    }
    for (const name of ELEMENTS) if (!same(d[name], other[name])) out.add(`disputes.${i}.${name}`)
    const photos = (x: DisputeForm) => [...attachmentIds(x)].sort().join(',') + `+${x.pending.length}`
    if (photos(d) !== photos(other)) out.add(`disputes.${i}.photos`)
  })
  return out
}

/**
 * Keep my version on top of the server's newer one: my disputes whose id the server no longer has
 * (someone removed them meanwhile) come back as new ones, so nothing I typed is lost; a photo the
 * server no longer links stays as a file to link again only if it is still mine to link.
 */
export function rebase(mine: ReportForm, theirs: ReportForm): ReportForm {
  const ids = new Set(theirs.disputes.map((d) => d.id).filter(Boolean))
  return {
    ...mine,
    disputes: mine.disputes.map((d) => (d.id && !ids.has(d.id) ? { ...d, id: null, status: undefined } : d)),
  }
}
