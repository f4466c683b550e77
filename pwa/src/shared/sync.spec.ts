import { describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import { dataChanged, onDataChanged, startSyncSignals } from './sync'

describe('data changed signal', () => {
  it('reloads a page when data changed, until the page is gone', async () => {
    const reload = vi.fn()
    const scope = effectScope()
    scope.run(() => onDataChanged(reload))
    dataChanged()
    await nextTick()
    expect(reload).toHaveBeenCalledTimes(1)
    scope.stop()
    dataChanged()
    await nextTick()
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it('fires when the connection returns', async () => {
    startSyncSignals()
    const reload = vi.fn()
    const scope = effectScope()
    scope.run(() => onDataChanged(reload))
    window.dispatchEvent(new Event('online'))
    await nextTick()
    expect(reload).toHaveBeenCalledTimes(1)
    scope.stop()
  })
})
