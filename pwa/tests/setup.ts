import { config } from '@vue/test-utils'
import { i18n, applyLocale } from '../src/shared/i18n'

config.global.plugins = [i18n]

beforeEach(() => {
  localStorage.clear()
  applyLocale('zh-CN')
})
