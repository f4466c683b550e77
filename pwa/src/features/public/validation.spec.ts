import { normaliseCode, toPetitionInput, validatePetition, validateTrack, type PetitionForm } from './validation'

const filled: PetitionForm = {
  unitId: 'VW5pdDoz',
  kind: 'COMPLAINT',
  category: '',
  title: '路灯不亮',
  content: '村口路灯坏了三个月',
  place: '',
  name: '王五',
  phone: '138 0013 8000',
  accused: 'UNSURE',
  accusedUnitId: null,
}

describe('petition form', () => {
  it('accepts a complete form and sends it trimmed with a normalised phone', () => {
    expect(validatePetition(filled)).toEqual({})
    expect(toPetitionInput(filled)).toEqual({
      unitId: 'VW5pdDoz',
      kind: 'COMPLAINT',
      category: null,
      title: '路灯不亮',
      content: '村口路灯坏了三个月',
      place: null,
      name: '王五',
      phone: '13800138000',
    })
  })

  it('names every missing or wrong field', () => {
    const empty: PetitionForm = {
      unitId: null, kind: null, category: '', title: ' ', content: '', place: '', name: '', phone: '123', accused: 'UNSURE', accusedUnitId: null,
    }
    expect(validatePetition(empty)).toEqual({
      unitId: 'validation.required',
      kind: 'validation.required',
      title: 'validation.required',
      content: 'validation.required',
      name: 'validation.required',
      phone: 'validation.phone',
    })
    expect(validatePetition({ ...filled, title: '长'.repeat(201) })).toEqual({ title: 'citizen.tooLong' })
  })
})

describe('检举控告 on the petition form (信访工作条例 第三十条: not passed to the accused)', () => {
  const accusation: PetitionForm = { ...filled, kind: 'ACCUSATION' }

  it('"not sure" sends no accused unit: the server takes the unit chosen above', () => {
    expect(validatePetition(accusation)).toEqual({})
    expect(toPetitionInput(accusation)).not.toHaveProperty('accusedUnitId')
  })

  it('a unit the citizen picked goes with the accusation', () => {
    const picked: PetitionForm = { ...accusation, accused: 'UNIT', accusedUnitId: 'VW5pdDo5' }
    expect(validatePetition(picked)).toEqual({})
    expect(toPetitionInput(picked)).toMatchObject({ kind: 'ACCUSATION', unitId: 'VW5pdDoz', accusedUnitId: 'VW5pdDo5' })
  })

  it('asks for the unit when the citizen said they would pick one', () => {
    expect(validatePetition({ ...accusation, accused: 'UNIT', accusedUnitId: null })).toEqual({ accusedUnitId: 'validation.required' })
  })

  it('never sends an accused unit with another kind (the server refuses it), even one picked before switching', () => {
    for (const kind of ['COMPLAINT', 'SUGGESTION'] as const) {
      const switched: PetitionForm = { ...filled, kind, accused: 'UNIT', accusedUnitId: 'VW5pdDo5' }
      expect(validatePetition(switched)).toEqual({})
      expect(toPetitionInput(switched)).not.toHaveProperty('accusedUnitId')
    }
    expect(validatePetition({ ...filled, accused: 'UNIT', accusedUnitId: null })).toEqual({})
  })
})

describe('tracking form', () => {
  it('needs a code and exactly four digits', () => {
    expect(validateTrack('', '12')).toEqual({ code: 'validation.required', last4: 'citizen.last4Invalid' })
    expect(validateTrack('abcd efgh', '1234')).toEqual({})
    expect(validateTrack('ABCD', '12a4')).toEqual({ last4: 'citizen.last4Invalid' })
  })
  it('reads codes typed in groups and lower case', () => {
    expect(normaliseCode(' ab12-cd34 ef56 ')).toBe('AB12CD34EF56')
  })
})
