import { mount } from '@vue/test-utils'
import DeadlineBadge from '../src/shared/DeadlineBadge.vue'

const now = new Date('2024-05-10T12:00:00+08:00')

describe('DeadlineBadge', () => {
  it.each([
    ['ON_TIME', '2024-05-20T12:00:00+08:00', 'deadline-badge--on-time', '剩 10 天'],
    ['DUE_SOON', '2024-05-12T13:00:00+08:00', 'deadline-badge--due-soon', '剩 2 天'],
    ['OVERDUE', '2024-05-07T11:00:00+08:00', 'deadline-badge--overdue', '逾期 4 天'],
  ] as const)('%s gets its class and label', (state, dueAt, cls, label) => {
    const wrapper = mount(DeadlineBadge, { props: { state, dueAt, now } })
    const badge = wrapper.get('[data-testid="deadline-badge"]')
    expect(badge.classes()).toContain(cls)
    for (const other of ['deadline-badge--on-time', 'deadline-badge--due-soon', 'deadline-badge--overdue']) {
      if (other !== cls) expect(badge.classes()).not.toContain(other)
    }
    expect(badge.attributes('data-state')).toBe(state)
    expect(badge.text()).toBe(label)
  })

  it('says due today within the last day', () => {
    const wrapper = mount(DeadlineBadge, { props: { state: 'DUE_SOON', dueAt: '2024-05-10T20:00:00+08:00', now } })
    expect(wrapper.text()).toBe('今日到期')
  })

  it('renders nothing when no deadline runs', () => {
    const wrapper = mount(DeadlineBadge, { props: { state: 'NONE', dueAt: null, now } })
    expect(wrapper.find('[data-testid="deadline-badge"]').exists()).toBe(false)
  })

  it('falls back to the state name without a date', () => {
    const wrapper = mount(DeadlineBadge, { props: { state: 'OVERDUE', dueAt: null, now } })
    expect(wrapper.text()).toBe('已逾期')
  })
})
