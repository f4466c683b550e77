import { mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import TrackPage from './TrackPage.vue'
import { sentVariables } from '../../../tests/sent'

function answer(body: unknown, status = 200) {
  return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))
}

async function mountPage(code = '') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/public', component: { template: '<div />' } },
      { path: '/public/track', name: 'public-track', component: TrackPage },
    ],
  })
  router.push(code ? `/public/track?code=${code}` : '/public/track')
  await router.isReady()
  // The fixed nav bar measures itself on a timer that would outlive the test DOM: stubbed.
  return mount(TrackPage, { global: { plugins: [router], stubs: { AppBar: true } }, attachTo: document.body })
}

const found = {
  queryCode: 'ABCD1234EFGH', title: '路灯不亮', status: 'REPLIED', unitName: '城关镇', reply: '已修复',
  rating: 'DISSATISFIED', canRate: false, canRequestReview: true, registeredAt: '2026-11-01T08:00:00+08:00',
  acceptDueAt: '2026-11-16T23:59:00+08:00', handleDueAt: null, outcome: 'SUPPORTED', ratingDueAt: null,
  reviewRequestDueAt: '2026-12-23T23:59:00+08:00', documents: [{ kind: 'REPLY', body: '已修复', publishedAt: '2026-11-20T10:00:00+08:00' }],
}

describe('TrackPage', () => {
  afterEach(() => vi.restoreAllMocks())

  it('checks the form before asking the server', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch')
    const wrapper = await mountPage()
    await wrapper.get('[data-testid="track-form"]').trigger('submit')
    expect(wrapper.get('[data-testid="track-last4"]').text()).toContain('请输入 4 位数字')
    expect(fetch).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('gives one message for a wrong code or wrong digits, and sends the code normalised', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(() => answer({ data: { trackCase: null } }))
    const wrapper = await mountPage('abcd-1234 efgh')
    await wrapper.get('[data-testid="track-last4"] input').setValue('1234')
    await wrapper.get('[data-testid="track-form"]').trigger('submit')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="track-message"]').text()).toContain('没有找到相符的事项'))
    expect(sentVariables(fetch.mock.calls[0])).toEqual({ code: 'ABCD1234EFGH', last4: '1234' })
    wrapper.unmount()
  })

  it('translates RATE_LIMITED into "too many attempts"', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(() =>
      answer({ data: null, errors: [{ message: 'Too many', extensions: { code: 'RATE_LIMITED' } }] }, 429),
    )
    const wrapper = await mountPage('ABCD1234EFGH')
    await wrapper.get('[data-testid="track-last4"] input').setValue('1234')
    await wrapper.get('[data-testid="track-form"]').trigger('submit')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="track-message"]').text()).toBe('尝试次数过多，请稍后再试'))
    wrapper.unmount()
  })

  it('shows the case, its notices and, after a dissatisfied rating, the right to ask for a review', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(() => answer({ data: { trackCase: found } }))
    const wrapper = await mountPage('ABCD1234EFGH')
    await wrapper.get('[data-testid="track-last4"] input').setValue('1234')
    await wrapper.get('[data-testid="track-form"]').trigger('submit')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="public-case-title"]').text()).toBe('路灯不亮'))
    expect(wrapper.get('[data-testid="public-documents"]').text()).toContain('信访事项处理意见书')
    expect(wrapper.find('[data-testid="rating-form"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="review-right"]').text()).toContain('2026/12/23')
    expect(wrapper.find('[data-testid="public-review-result"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows a review opinion with the result the reviewing body stated, in the reader’s language', async () => {
    const reviewed = {
      ...found, status: 'REPLIED', outcome: 'NOT_SUPPORTED', reply: '经复查，撤销原意见。',
      documents: [
        ...found.documents,
        { kind: 'REVIEW', body: '经复查，撤销原意见。', publishedAt: '2026-12-01T10:00:00+08:00', reviewResult: 'REVOKED' },
      ],
    }
    vi.spyOn(globalThis, 'fetch').mockImplementation(() => answer({ data: { trackCase: reviewed } }))
    const wrapper = await mountPage('ABCD1234EFGH')
    await wrapper.get('[data-testid="track-last4"] input').setValue('1234')
    await wrapper.get('[data-testid="track-form"]').trigger('submit')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="public-review-result"]').exists()).toBe(true))
    const result = wrapper.get('[data-testid="public-review-result"]')
    expect(result.text()).toBe('撤销原处理意见')
    expect(result.attributes('data-result')).toBe('REVOKED')
    expect(wrapper.get('[data-kind="REVIEW"]').text()).toContain('复查意见书')
    // Only the review opinion carries a result.
    expect(wrapper.findAll('[data-testid="public-review-result"]')).toHaveLength(1)
    wrapper.unmount()
  })
})
