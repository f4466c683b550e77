import 'fake-indexeddb/auto'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import RegisterCasePage from '../src/features/cases/RegisterCasePage.vue'
import { session } from '../src/shared/session'
import { flush, listItems } from '../src/shared/outbox'

const village = { id: 'VW5pdDo5', name: '东风村', level: 'VILLAGE' as const, path: '/990000/990100/990122/001/001' }

function makeRouter() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/cases/new', name: 'register', component: RegisterCasePage },
      { path: '/cases/:id', name: 'case', component: { template: '<div class="detail" />' } },
      { path: '/screening', name: 'screening', component: { template: '<div />' } },
    ],
  })
  return router
}

async function mountPage() {
  const router = makeRouter()
  router.push('/cases/new')
  await router.isReady()
  const wrapper = mount(RegisterCasePage, { global: { plugins: [router] }, attachTo: document.body })
  return { wrapper, router }
}

async function fillValid(wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper']) {
  await wrapper.get('[data-testid="register-channel"]').trigger('click')
  await flushPromises()
  const visit = wrapper.findAll('.van-action-sheet__item').find((b) => b.text().includes('来访'))
  expect(visit).toBeTruthy()
  await visit!.trigger('click')
  await wrapper.get('[data-testid="register-title"] input').setValue('村道积水')
  await wrapper.get('[data-testid="register-content"] textarea').setValue('雨后积水严重')
  await wrapper.get('[data-testid="petitioner-0-name"] input').setValue('张三')
  await wrapper.get('[data-testid="petitioner-0-phone"] input').setValue('138 1234 1234')
}

function caseResponse() {
  return {
    data: {
      registerCase: {
        case: {
          id: 'Q2FzZTox',
          queryCode: 'ABCDEFGHJKMN',
          title: '村道积水',
          content: '雨后积水严重',
          category: null,
          channel: 'VISIT',
          status: 'REGISTERED',
          headcount: 1,
          registeredAt: '2024-05-01T08:00:00+08:00',
          acceptDueAt: '2024-05-16T23:59:59+08:00',
          handleDueAt: null,
          dueAt: '2024-05-16T23:59:59+08:00',
          deadlineState: 'ON_TIME',
          overdue: false,
          rating: null,
          unit: village,
          leader: null,
          petitioners: [{ name: '张三', phone: '13812341234' }],
          timeline: [],
        },
        userErrors: [],
      },
    },
  }
}

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } })

beforeEach(() => {
  session.me = { id: 'VXNlcjox', username: 't01v01', displayName: '宋建国', roles: ['village_clerk'], mustChangePassword: false, unit: village }
  session.loaded = true
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('register case form', () => {
  it('preselects a village clerk’s own village', async () => {
    vi.stubGlobal('fetch', vi.fn())
    const { wrapper } = await mountPage()
    expect((wrapper.get('[data-testid="register-unit"] input').element as HTMLInputElement).value).toBe('东风村')
  })

  it('refuses an empty title without calling the server', async () => {
    const fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper } = await mountPage()
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="register-title"]').text()).toContain('此项必填')
    expect(wrapper.get('[data-testid="register-channel"]').text()).toContain('此项必填')
    expect(wrapper.get('[data-testid="register-error"]').text()).toContain('请修改标红的内容')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('refuses a bad phone number', async () => {
    const fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper } = await mountPage()
    await fillValid(wrapper)
    await wrapper.get('[data-testid="petitioner-0-phone"] input').setValue('12345')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="petitioner-0-phone"]').text()).toContain('请填写正确的手机号或座机号')
    expect(wrapper.get('[data-testid="register-title"]').text()).not.toContain('此项必填')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('shows the server’s userErrors at their fields', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        json({
          data: {
            registerCase: {
              case: null,
              userErrors: [{ field: ['input', 'petitioners', '0', 'phone'], message: '服务器说号码不对', code: 'INVALID_PHONE' }],
            },
          },
        }),
      ),
    )
    const { wrapper } = await mountPage()
    await fillValid(wrapper)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="petitioner-0-phone"]').text()).toContain('服务器说号码不对')
  })

  it('keeps the case on the device when the network fails and sends it later under the same key', async () => {
    const fetchMock = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(json(caseResponse()))
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper, router } = await mountPage()
    await fillValid(wrapper)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    // Nothing typed is lost: the case waits in the outbox, shown in place as saved on the phone.
    await vi.waitFor(() => expect(wrapper.find('[data-testid="register-saved"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="register-saved"]').text()).toContain('已保存在本机，联网后自动发送')
    expect(router.currentRoute.value.fullPath).toBe('/cases/new')
    const waiting = await listItems(session.me!.id)
    expect(waiting.map((i) => [i.kind, i.state, i.label])).toEqual([['case', 'waiting', '村道积水']])
    expect(await flush(session.me!.id)).toBe(1)
    expect(await listItems(session.me!.id)).toEqual([])
    expect(fetchMock).toHaveBeenCalledTimes(3)
    const keys = fetchMock.mock.calls.map((call) => JSON.parse(call[1].body).variables.input.clientMutationId)
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Set(keys).size).toBe(1)
    expect(JSON.parse(fetchMock.mock.calls[2][1].body).variables.input).toMatchObject({
      unitId: village.id,
      channel: 'VISIT',
      title: '村道积水',
      headcount: 1,
      category: null,
      petitioners: [{ name: '张三', phone: '13812341234' }],
    })
  })
})
