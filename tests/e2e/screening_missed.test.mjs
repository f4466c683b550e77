// End-to-end: a village clerk files a missed screening period ("漏报 n 期") by tapping it, and opens
// the submitted report read-only.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { shot, signIn } from './harness.js'
import { demoApp, gql } from './suite.js'

describe('missed screening periods', () => {
  const app = demoApp()

  test('tapping a missed period files its report; the submitted report opens read-only', async () => {
    // The township's grid says which of its villages missed a period; sign in as that village's clerk.
    const { context, page } = await app.signedIn('t01_officer')
    const grid = await page.evaluate(gql, '{ screeningStatus(children: true) { unit { path } missing { start end } } }')
    const village = grid.data.screeningStatus.find((row) => row.missing.length > 0)
    assert.ok(village, 'the demo township has a village with a missed period')
    await context.clearCookies()
    const clerk = app.server.users.find((u) => u.unitPath === village.unit.path && u.roles.includes('village_clerk'))
    assert.ok(clerk, `a clerk of ${village.unit.path}`)
    await signIn(page, app.server.baseURL, clerk)

    await page.goto('/screening')
    await page.getByTestId('own-missing').waitFor()
    const before = village.missing.length
    assert.equal(await page.getByTestId('missing-period').count(), before)
    const period = village.missing[0]
    await shot(page, 'screening-missed')
    await page.locator(`[data-testid="missing-period"][data-start="${period.start}"]`).click()
    await page.getByTestId('report-form').waitFor()
    assert.ok(await page.getByTestId('report-late').isVisible(), 'the form says it is filed late')
    await page.getByTestId('report-zero').locator('.van-switch').click()
    await shot(page, 'screening-missed-form')
    await page.getByTestId('report-submit').click()
    await page.waitForURL((url) => url.pathname === '/screening')

    // The period is filed: one fewer missed, and the server has it as submitted for that period.
    await page.waitForFunction(
      (start) => !document.querySelector(`[data-testid="missing-period"][data-start="${start}"]`) && document.querySelector('[data-testid="own-status"]'),
      period.start,
    )
    assert.equal(await page.getByTestId('missing-period').count(), before - 1)
    const status = await page.evaluate(gql, '{ screeningStatus { missing { start } } }')
    assert.ok(!status.data.screeningStatus[0].missing.some((p) => p.start === period.start))

    // The submitted report opens read-only, with what was filed.
    const filed = page.locator('[data-testid="own-report"][data-status="SUBMITTED"]').first()
    await filed.click()
    await page.getByTestId('report-view').waitFor()
    assert.equal(await page.getByTestId('report-edit-form').count(), 0, 'no form to change it')
    assert.ok(await page.getByTestId('report-submitted-at').isVisible())
    await shot(page, 'screening-report-view')
    await context.close()
  })
})
