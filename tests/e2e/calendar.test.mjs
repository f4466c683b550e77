// End-to-end: the county administrator enters a year's 放假 / 调休 days on a phone. The days are
// fictional test data (2027 is a year the holiday library does not cover), not a real notice.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { shot } from './harness.js'
import { demoApp } from './suite.js'

describe('holiday calendar', () => {
  const app = demoApp()

  test('the county administrator enters a year the library does not cover; a bad day is refused on its row', async () => {
    const { context, page } = await app.signedIn('xfj_admin')
    await page.goto('/admin')
    await page.getByTestId('admin-go-calendar').click()
    await page.getByTestId('calendar-form').waitFor()
    assert.match(await page.getByTestId('calendar-missing').textContent(), /2027 年起尚无节假日安排/)
    assert.equal(await page.getByTestId('calendar-year-input').locator('input').inputValue(), '2027')

    await page.getByTestId('calendar-source').locator('input').fill('测试用虚构数据（非真实通知）')
    const rows = page.getByTestId('calendar-row')
    await rows.nth(0).getByTestId('calendar-date').fill('2027-01-01')
    await rows.nth(0).getByTestId('calendar-name').fill('测试假日')
    await page.getByTestId('calendar-add').click()
    await rows.nth(1).getByTestId('calendar-date').fill('2027-01-06') // a Wednesday: not a make-up day
    await rows.nth(1).getByTestId('calendar-kind').selectOption('WORKDAY')
    await page.getByTestId('calendar-save').click()
    await rows.nth(1).getByRole('alert').filter({ hasText: '调休上班日应为周六或周日' }).waitFor()

    await rows.nth(1).getByTestId('calendar-date').fill('2027-01-09') // a Saturday
    await shot(page, 'lianchuang-calendar-390')
    await page.getByTestId('calendar-save').click()
    const entered = page.locator('[data-testid="calendar-year"][data-year="2027"]')
    await entered.waitFor()
    assert.match(await entered.textContent(), /2027 年（第 1 版，2 天）.*测试用虚构数据/s)
    assert.match(await page.getByTestId('calendar-missing').textContent(), /2028 年起/)
    await shot(page, 'lianchuang-calendar-saved-390')
    await context.close()
  })
})
