import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import RegisterCasePage from '../src/features/cases/RegisterCasePage.vue'
import { session } from '../src/shared/session'

const village = { id: 'VW5pdDo5', name: '东风村', level: 'VILLAGE' as const, path: '/990000/990100/990122/001/001' }

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/cases/new', name: 'register', component: RegisterCasePage },
      { path: '/cases/:id', name: 'case', component: { template: '<div />' } },
    ],
  })
  router.push('/cases/new')
  await router.isReady()
  return mount(RegisterCasePage, { global: { plugins: [router] }, attachTo: document.body })
}

beforeEach(() => {
  session.me = { id: 'VXNlcjox', username: 't01v01', displayName: '宋建国', roles: ['village_clerk'], mustChangePassword: false, unit: village }
  session.loaded = true
  vi.stubGlobal('fetch', vi.fn())
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('register form headcount', () => {
  it('has named controls (the stepper buttons and the number field)', async () => {
    const wrapper = await mountPage()
    expect(wrapper.get('[data-testid="headcount-less"]').attributes('aria-label')).toBe('减少人数')
    expect(wrapper.get('[data-testid="headcount-more"]').attributes('aria-label')).toBe('增加人数')
    expect(wrapper.get('[data-testid="headcount-input"]').attributes('aria-label')).toBe('人数')
  })

  it('steps, never below one, and marks five or more people as collective', async () => {
    const wrapper = await mountPage()
    const input = wrapper.get('[data-testid="headcount-input"]')
    expect(wrapper.get('[data-testid="headcount-less"]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-testid="collective-tag"]').exists()).toBe(false)
    for (let i = 0; i < 4; i++) await wrapper.get('[data-testid="headcount-more"]').trigger('click')
    expect((input.element as HTMLInputElement).value).toBe('5')
    expect(wrapper.find('[data-testid="collective-tag"]').exists()).toBe(true)
    await wrapper.get('[data-testid="headcount-less"]').trigger('click')
    expect(wrapper.find('[data-testid="collective-tag"]').exists()).toBe(false)
  })

  it('refuses a headcount of zero typed by hand', async () => {
    const wrapper = await mountPage()
    await wrapper.get('[data-testid="headcount-input"]').setValue('0')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="register-headcount"]').text()).toContain('人数应在 1 到 100000 之间')
    expect(fetch).not.toHaveBeenCalled()
  })
})
