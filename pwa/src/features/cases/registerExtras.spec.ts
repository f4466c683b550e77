import { emptyExtras, extrasInput, validateExtras } from './registerExtras'
import { filterFromQuery, filterKey } from './useCaseList'

describe('register extras', () => {
  it('sends the elements trimmed, empty ones as null, and only finished uploads', () => {
    const extras = {
      ...emptyExtras(),
      cause: ' 修路占地 ',
      place: '',
      occurredOn: '2026-11-01',
      uploads: [
        { key: 'a', name: 'a.jpg', status: 'done' as const, id: 'QXR0OjE=' },
        { key: 'b', name: 'b.jpg', status: 'done' as const, id: 'QXR0OjI=' },
      ],
    }
    expect(extrasInput(extras)).toEqual({
      kind: 'COMPLAINT',
      cause: '修路占地',
      place: null,
      occurredOn: '2026-11-01',
      development: null,
      mediation: null,
      accusedUnitId: null,
      attachmentIds: ['QXR0OjE=', 'QXR0OjI='],
    })
  })

  it('sends the accused unit only for an accusation', () => {
    expect(extrasInput({ ...emptyExtras(), accusedUnitId: 'U1' }).accusedUnitId).toBeNull()
    expect(extrasInput({ ...emptyExtras(), kind: 'ACCUSATION', accusedUnitId: 'U1' }).accusedUnitId).toBe('U1')
  })

  it('holds the form while a file is uploading or failed, and refuses a future date', () => {
    const uploading = { ...emptyExtras(), uploads: [{ key: 'a', name: 'a', status: 'uploading' as const }] }
    expect(validateExtras(uploading)).toEqual({ uploads: 'upload.wait' })
    const failed = { ...emptyExtras(), uploads: [{ key: 'a', name: 'a', status: 'failed' as const }] }
    expect(validateExtras(failed)).toEqual({ uploads: 'upload.removeFailed' })
    expect(validateExtras({ ...emptyExtras(), occurredOn: '2026-12-01' }, '2026-11-23')).toEqual({
      occurredOn: 'lifecycle.register.badDate',
    })
    expect(validateExtras({ ...emptyExtras(), occurredOn: '2026-11-23' }, '2026-11-23')).toEqual({})
  })
})

describe('list filters from the address', () => {
  it('reads due soon, flagged, first/repeat and kind', () => {
    expect(filterFromQuery({ dueSoon: '1', flagged: '1', repeat: '0', kind: 'ACCUSATION' })).toEqual({
      dueSoon: true,
      flagged: true,
      repeat: false,
      kind: 'ACCUSATION',
    })
    expect(filterFromQuery({ repeat: '1', kind: 'NONSENSE', flagged: '0' })).toEqual({ repeat: true })
    expect(filterKey(filterFromQuery({ flagged: '1' }))).not.toBe(filterKey(filterFromQuery({})))
  })
})
