import { validateRegisterForm, toInput, isCollective, type RegisterForm } from '../src/features/cases/validation'
import { normalisePhone } from '../src/shared/phone'
import { newClientMutationId } from '../src/shared/clientMutationId'

function validForm(): RegisterForm {
  return {
    unitId: 'VW5pdDox',
    channel: 'VISIT',
    title: '村道积水',
    content: '雨后村道积水严重，影响出行。',
    category: '',
    headcount: 1,
    petitioners: [{ name: '张三', phone: '13812341234' }],
  }
}

describe('register form validation', () => {
  it('accepts a complete form', () => {
    expect(validateRegisterForm(validForm())).toEqual({})
  })

  it('rejects an empty or blank title', () => {
    expect(validateRegisterForm({ ...validForm(), title: '' }).title).toEqual({ key: 'validation.required' })
    expect(validateRegisterForm({ ...validForm(), title: '   ' }).title).toEqual({ key: 'validation.required' })
  })

  it('rejects a title over 200 characters, counted as the server counts them', () => {
    expect(validateRegisterForm({ ...validForm(), title: '水'.repeat(200) }).title).toBeUndefined()
    expect(validateRegisterForm({ ...validForm(), title: '水'.repeat(201) }).title).toEqual({
      key: 'validation.tooLong',
      params: { max: 200 },
    })
    // 200 emoji are 400 UTF-16 units but 200 characters.
    expect(validateRegisterForm({ ...validForm(), title: '😀'.repeat(200) }).title).toBeUndefined()
  })

  it('requires content, unit and channel; category is optional but bounded', () => {
    const errors = validateRegisterForm({ ...validForm(), content: '', unitId: null, channel: null })
    expect(Object.keys(errors).sort()).toEqual(['channel', 'content', 'unitId'])
    expect(validateRegisterForm({ ...validForm(), content: 'x'.repeat(10_001) }).content?.key).toBe('validation.tooLong')
    expect(validateRegisterForm({ ...validForm(), category: 'x'.repeat(65) }).category?.key).toBe('validation.tooLong')
  })

  it('rejects a bad phone and says which petitioner', () => {
    const form = validForm()
    form.petitioners.push({ name: '李四', phone: '12345' })
    const errors = validateRegisterForm(form)
    expect(errors['petitioners.1.phone']).toEqual({ key: 'validation.phone' })
    expect(errors['petitioners.0.phone']).toBeUndefined()
  })

  it('requires name and phone of every petitioner and at least one petitioner', () => {
    const errors = validateRegisterForm({ ...validForm(), petitioners: [{ name: '', phone: '' }] })
    expect(errors['petitioners.0.name']).toEqual({ key: 'validation.required' })
    expect(errors['petitioners.0.phone']).toEqual({ key: 'validation.required' })
    expect(validateRegisterForm({ ...validForm(), petitioners: [] }).petitioners).toEqual({ key: 'validation.petitioners' })
  })

  it('requires a headcount of at least one', () => {
    expect(validateRegisterForm({ ...validForm(), headcount: 0 }).headcount?.key).toBe('validation.headcount')
    expect(validateRegisterForm({ ...validForm(), headcount: 1.5 }).headcount?.key).toBe('validation.headcount')
    expect(validateRegisterForm({ ...validForm(), headcount: 5 }).headcount).toBeUndefined()
  })

  it('marks five or more people as a collective petition', () => {
    expect(isCollective(4)).toBe(false)
    expect(isCollective(5)).toBe(true)
  })
})

describe('phone numbers', () => {
  it.each([
    ['13812341234', '13812341234'],
    ['138 1234 1234', '13812341234'],
    ['+8613812341234', '13812341234'],
    ['0571-88881234', '0571-88881234'],
    ['057188881234', '057188881234'],
    ['010-12345678-123', '010-12345678-123'],
  ])('accepts %s', (input, normalised) => {
    expect(normalisePhone(input)).toBe(normalised)
  })

  it.each(['', '12345', '12812341234', '1381234123', '138123412345', 'abc', '571-88881234', '0571--88881234'])(
    'rejects %s',
    (input) => {
      expect(normalisePhone(input)).toBeNull()
    },
  )
})

describe('mutation input', () => {
  it('trims, normalises phones, sends an empty category as null and keeps the key', () => {
    const input = toInput(
      { ...validForm(), title: ' 标题 ', petitioners: [{ name: ' 张三 ', phone: '138 1234 1234' }] },
      'key-1',
    )
    expect(input).toMatchObject({
      title: '标题',
      category: null,
      petitioners: [{ name: '张三', phone: '13812341234' }],
      clientMutationId: 'key-1',
    })
  })

  it('makes a different idempotency key for every form fill', () => {
    const a = newClientMutationId()
    const b = newClientMutationId()
    expect(a).toMatch(/^[0-9a-f-]{36}$/)
    expect(a).not.toBe(b)
  })
})
