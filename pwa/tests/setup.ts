import { config } from '@vue/test-utils'
import { i18n, applyLocale } from '../src/shared/i18n'

config.global.plugins = [i18n]

beforeEach(() => {
  localStorage.clear()
  applyLocale('zh-CN')
})

// Vant's safe-area bars (AppBar's van-nav-bar with a placeholder) measure themselves 100, 200 and
// 300 ms after mounting, on timers nothing cancels; a file whose last test ends sooner would have
// them fire after jsdom is torn down ("window is not defined", an unhandled error that fails the
// run). Let them run before the file's environment goes.
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 350))
})
