import { describe, expect, it } from 'vitest'
import { pendingProblem, uploadedIds, uploadProblem, type UploadItem } from './upload'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

describe('uploadProblem', () => {
  it('accepts photos and PDFs up to 10 MB', () => {
    expect(uploadProblem({ type: 'image/jpeg', size: 1000 })).toBeNull()
    expect(uploadProblem({ type: 'application/pdf', size: 10 * 1024 * 1024 })).toBeNull()
    expect(uploadProblem({ type: '', size: 10, name: 'scan.PDF' })).toBeNull()
  })
  it('refuses other types, larger files and empty ones', () => {
    expect(uploadProblem({ type: 'application/zip', size: 10 })).toBe('upload.badType')
    expect(uploadProblem({ type: 'image/svg+xml', size: 10 })).toBe('upload.badType')
    expect(uploadProblem({ type: DOCX, size: 10 })).toBe('upload.badType')
    expect(uploadProblem({ type: 'image/png', size: 10 * 1024 * 1024 + 1 })).toBe('upload.tooBig')
    expect(uploadProblem({ type: 'image/png', size: 0 })).toBe('upload.empty')
  })
  it('takes Word and Excel files only as evidence', () => {
    expect(uploadProblem({ type: DOCX, size: 10 }, 'evidence')).toBeNull()
    expect(uploadProblem({ type: '', size: 10, name: '台账.xlsx' }, 'evidence')).toBeNull()
    expect(uploadProblem({ type: '', size: 10, name: '台账.xlsx' })).toBe('upload.badType')
    expect(uploadProblem({ type: 'text/html', size: 10 }, 'evidence')).toBe('upload.badTypeEvidence')
  })
})

describe('a list of uploads', () => {
  const item = (key: string, status: UploadItem['status'], id?: string): UploadItem => ({ key, name: key, status, id })
  it('gives the ids of finished files in order', () => {
    expect(uploadedIds([item('a', 'done', 'A'), item('b', 'failed'), item('c', 'done', 'C')])).toEqual(['A', 'C'])
  })
  it('holds the form while a file is sending or has failed', () => {
    expect(pendingProblem([item('a', 'done', 'A')])).toBeNull()
    expect(pendingProblem([item('a', 'done', 'A'), item('b', 'uploading')])).toBe('upload.wait')
    expect(pendingProblem([item('b', 'failed')])).toBe('upload.removeFailed')
  })
})
