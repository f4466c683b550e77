// The accused-unit picker never offers the county itself: an accusation against the county's own
// officials would go one level above it (the city), outside this system, and the server refuses it
// (ACCUSED_COUNTY, tests/api/test_public_accused_county.py). The county is only a way down to its
// townships and villages; "not sure" stays a choice of the form itself.
import { flushPromises, mount } from '@vue/test-utils'
import UnitPicker from '../../shared/UnitPicker.vue'

const county = { id: 'c1', name: '枞溪县', level: 'COUNTY' }
const township = { id: 't1', name: '城关镇', level: 'TOWNSHIP' }
const village = { id: 'v1', name: '新华村', level: 'VILLAGE' }

const fetch = async (parentId: string | null) => (parentId === null ? [county] : parentId === 'c1' ? [township] : [village])

async function open(countiesSelectable: boolean | undefined) {
  const wrapper = mount(UnitPicker, {
    props: {
      modelValue: null,
      fetch,
      label: '被检举控告的单位',
      topLabel: '县（市、区）',
      testid: 'p',
      ...(countiesSelectable === undefined ? {} : { countiesSelectable }),
    },
    attachTo: document.body,
  })
  await wrapper.get('[data-testid="p"]').trigger('click')
  await flushPromises()
  return wrapper
}

const q = (selector: string) => Array.from(document.body.querySelectorAll<HTMLElement>(selector))

afterEach(() => {
  document.body.innerHTML = ''
})

describe('the accused-unit picker', () => {
  it('without counties: tapping the county opens its townships and nothing offers the county', async () => {
    const wrapper = await open(false)
    expect(q('[data-testid="p-option"]')).toHaveLength(0)
    const [opener] = q('[data-testid="p-open"]')
    expect(opener.dataset.name).toBe('枞溪县')
    opener.click()
    await flushPromises()
    expect(wrapper.emitted('update:modelValue')).toBeUndefined()
    expect(q('[data-testid="p-here"]')).toHaveLength(0) // no "choose 枞溪县 itself" inside it
    const [option] = q('[data-testid="p-option"]')
    expect(option.dataset.name).toBe('城关镇')
    option.click()
    await flushPromises()
    expect(wrapper.emitted('update:modelValue')).toEqual([[township]])
    wrapper.unmount()
  })

  it('elsewhere the county can still be chosen', async () => {
    const wrapper = await open(undefined)
    const [option] = q('[data-testid="p-option"]')
    expect(option.dataset.name).toBe('枞溪县')
    option.click()
    await flushPromises()
    expect(wrapper.emitted('update:modelValue')).toEqual([[county]])
    wrapper.unmount()
  })
})
