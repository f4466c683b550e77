// The unit picker never leaves a unit out (issue 15, "one list contract"): a level that comes a page
// at a time (the public `publicUnitsConnection`) ends with 加载更多 until every unit is shown, a unit
// is never shown twice, and a whole list (an official's `units`) shows as it is.
import { flushPromises, mount } from '@vue/test-utils'
import UnitPicker from './UnitPicker.vue'
import { appendUnits, asUnitPage, toUnitPage, type PickerUnit, type UnitPage } from './units'

const township: PickerUnit = { id: 't1', name: '城关镇', level: 'TOWNSHIP' }
const villages: PickerUnit[] = Array.from({ length: 250 }, (_, n) => ({ id: `v${n}`, name: `新村${n}`, level: 'VILLAGE' }))

/** The server's pages of 100, the cursor being the index of the next unit. */
async function paged(parentId: string | null, after: string | null): Promise<UnitPage<PickerUnit>> {
  if (parentId === null) return { units: [township], next: null, total: 1 }
  const from = after ? Number(after) : 0
  const to = Math.min(from + 100, villages.length)
  return { units: villages.slice(from, to), next: to < villages.length ? String(to) : null, total: villages.length }
}

const q = (selector: string) => Array.from(document.body.querySelectorAll<HTMLElement>(selector))

afterEach(() => {
  document.body.innerHTML = ''
})

describe('the unit picker, a page at a time', () => {
  it('loads the next page on 加载更多 until every village is shown, each once', async () => {
    const fetch = vi.fn(paged)
    const wrapper = mount(UnitPicker, {
      props: { modelValue: null, fetch, label: '所属单位', topLabel: '县（市、区）', testid: 'p' },
      attachTo: document.body,
    })
    await wrapper.get('[data-testid="p"]').trigger('click')
    await flushPromises()
    q('[data-testid="p-drill"]')[0].click()
    await flushPromises()
    expect(q('[data-testid="p-option"]')).toHaveLength(100)
    expect(document.body.textContent).toContain('已显示 100 个，共 250 个')
    for (const shown of [200, 250]) {
      q('[data-testid="p-more"]')[0].click()
      await flushPromises()
      expect(q('[data-testid="p-option"]')).toHaveLength(shown)
    }
    expect(q('[data-testid="p-more"]')).toHaveLength(0)
    expect(q('[data-testid="p-option"]').map((o) => o.dataset.unitId)).toEqual(villages.map((v) => v.id))
    expect(fetch.mock.calls).toEqual([[null, null], ['t1', null], ['t1', '100'], ['t1', '200']])
    wrapper.unmount()
  })

  it('shows a whole list as one page, without 加载更多', async () => {
    const wrapper = mount(UnitPicker, {
      props: { modelValue: null, fetch: async () => villages.slice(0, 3), label: '单位', topLabel: '我的辖区', testid: 'p' },
      attachTo: document.body,
    })
    await wrapper.get('[data-testid="p"]').trigger('click')
    await flushPromises()
    expect(q('[data-testid="p-option"]')).toHaveLength(3)
    expect(q('[data-testid="p-more"]')).toHaveLength(0)
    wrapper.unmount()
  })
})

describe('unit pages', () => {
  it('reads a connection, takes a whole list as the last page and never repeats a unit', () => {
    const page = toUnitPage({
      totalCount: 3,
      pageInfo: { hasNextPage: true, endCursor: 'c2' },
      edges: villages.slice(0, 2).map((node, n) => ({ cursor: `c${n + 1}`, node })),
    })
    expect(page).toEqual({ units: villages.slice(0, 2), next: 'c2', total: 3 })
    expect(asUnitPage(villages.slice(0, 2))).toEqual({ units: villages.slice(0, 2), next: null, total: 2 })
    expect(appendUnits(page, { units: villages.slice(1, 3), next: null, total: 3 })).toEqual({
      units: villages.slice(0, 3),
      next: null,
      total: 3,
    })
  })
})
