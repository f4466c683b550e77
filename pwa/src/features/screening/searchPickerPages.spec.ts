// The meeting pickers never leave a match out (issue 15, "one list contract"): officials, cases and
// disputes come a page at a time, 加载更多 fetches the next page of the same search until every
// match is shown, each once; a new search starts again from its first page.
import { flushPromises, mount } from '@vue/test-utils'
import SearchPicker from './SearchPicker.vue'
import type { PickOption, PickPage } from './meetingsApi'

const people: PickOption[] = Array.from({ length: 120 }, (_, n) => ({ id: `u${n}`, label: `干部${n}`, detail: '城关镇' }))

async function search(term: string, after: string | null): Promise<PickPage> {
  const matching = people.filter((p) => p.label.includes(term))
  const from = after ? Number(after) : 0
  const to = Math.min(from + 50, matching.length)
  return { options: matching.slice(from, to), next: to < matching.length ? String(to) : null, total: matching.length }
}

const q = (selector: string) => Array.from(document.body.querySelectorAll<HTMLElement>(selector))

afterEach(() => {
  document.body.innerHTML = ''
})

describe('the search picker, a page at a time', () => {
  it('loads more until every match is shown, each once', async () => {
    const spy = vi.fn(search)
    const wrapper = mount(SearchPicker, {
      props: { modelValue: [], label: '参会人员', search: spy, testid: 'p' },
      attachTo: document.body,
    })
    await wrapper.get('[data-testid="p-open"]').trigger('click')
    await flushPromises()
    expect(q('[data-testid="p-option"]')).toHaveLength(50)
    expect(document.body.textContent).toContain('已显示 50 条，共 120 条')
    for (const shown of [100, 120]) {
      q('[data-testid="p-more"]')[0].click()
      await flushPromises()
      expect(q('[data-testid="p-option"]')).toHaveLength(shown)
    }
    expect(q('[data-testid="p-more"]')).toHaveLength(0)
    expect(q('[data-testid="p-option"] .option-label').map((o) => o.textContent)).toEqual(people.map((p) => p.label))
    expect(spy.mock.calls).toEqual([['', null], ['', '50'], ['', '100']])

    q('[data-testid="p-option"]')[110].click()
    await flushPromises()
    expect(wrapper.emitted('update:modelValue')).toEqual([[[people[110]]]])
    wrapper.unmount()
  })
})
