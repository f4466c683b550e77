/**
 * Uploading files to the server: photos from the camera, scanned PDFs and (as evaluation
 * evidence) Word and Excel documents. The server sniffs the type from the bytes and answers the
 * id to pass to the mutation that saves the record; these checks only spare a useless upload.
 */
import { currentLocale } from './i18n'

/** `photos`: images and PDF (cases, disputes). `evidence`: also .docx and .xlsx. */
export type UploadPurpose = 'photos' | 'evidence'

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

const PHOTO_TYPES = /^(image\/(jpeg|png|webp)|application\/pdf)$/
const DOCUMENT_TYPES =
  /^application\/vnd\.openxmlformats-officedocument\.(wordprocessingml\.document|spreadsheetml\.sheet)$/
const BY_NAME = { photos: /\.(pdf|jpe?g|png|webp)$/i, evidence: /\.(pdf|jpe?g|png|webp|docx|xlsx)$/i }

/** What the file chooser offers for each purpose. */
export const ACCEPT: Record<UploadPurpose, string> = {
  photos: 'image/*,application/pdf',
  evidence: 'image/*,application/pdf,.docx,.xlsx',
}

/** One file of an upload list, as a form keeps it until it is saved. */
export interface UploadItem {
  key: string
  name: string
  status: 'uploading' | 'done' | 'failed'
  /** The server's id once uploaded (or a signed token for a citizen's upload). */
  id?: string
  message?: string
}

export interface Uploaded {
  id: string
  filename: string
  contentType: string
  size: number
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
  }
}

/** An i18n key naming what is wrong with the file, or null when it may be sent. */
export function uploadProblem(
  file: { type: string; size: number; name?: string },
  purpose: UploadPurpose = 'photos',
): string | null {
  const type = (file.type || '').toLowerCase()
  const typeOk = PHOTO_TYPES.test(type) || (purpose === 'evidence' && DOCUMENT_TYPES.test(type))
  // Some phones give scans and documents no type at all: judge those by their name.
  const nameOk = !type && BY_NAME[purpose].test(file.name ?? '')
  if (!typeOk && !nameOk) return purpose === 'evidence' ? 'upload.badTypeEvidence' : 'upload.badType'
  if (file.size > MAX_UPLOAD_BYTES) return 'upload.tooBig'
  if (file.size === 0) return 'upload.empty'
  return null
}

/** The ids of the files that finished uploading, in the order they were chosen. */
export function uploadedIds(items: UploadItem[]): string[] {
  return items.filter((u) => u.status === 'done' && u.id).map((u) => u.id as string)
}

/** i18n key of the problem that keeps a form from being saved yet, or null. */
export function pendingProblem(items: UploadItem[]): string | null {
  if (items.some((u) => u.status === 'uploading')) return 'upload.wait'
  if (items.some((u) => u.status === 'failed')) return 'upload.removeFailed'
  return null
}

/**
 * POST one file (multipart field `file`). `endpoint` defaults to the officials' `/attachments`
 * (session cookie); citizens' uploads use their own endpoint, which answers a token as `id`.
 */
export async function uploadFile(
  file: File,
  options: { purpose?: UploadPurpose; endpoint?: string } = {},
): Promise<Uploaded> {
  const body = new FormData()
  body.append('file', file, file.name)
  let url = options.endpoint ?? '/attachments'
  if (options.purpose === 'evidence') url += (url.includes('?') ? '&' : '?') + 'purpose=evidence'
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'X-Requested-With': 'lianchuang', 'Accept-Language': currentLocale() },
      credentials: 'same-origin',
    })
  } catch {
    throw new UploadError('', 'NETWORK')
  }
  let json: { id?: string; errors?: { code: string; message: string }[] } & Partial<Uploaded>
  try {
    json = await response.json()
  } catch {
    throw new UploadError(`HTTP ${response.status}`, 'INTERNAL')
  }
  if (!response.ok || !json.id) {
    const first = json.errors?.[0]
    throw new UploadError(first?.message ?? `HTTP ${response.status}`, first?.code ?? 'INTERNAL')
  }
  return json as Uploaded
}
