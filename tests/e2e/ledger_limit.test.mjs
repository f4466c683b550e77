// The case ledger never stops silently at a row limit (issue 15: "no list is silently cut"): a
// filter selecting more cases than one export holds (the setting CASE_EXPORT_MAX_ROWS) is refused,
// and the officer reads why on the phone — the server's translated sentence asking to narrow the
// filter — instead of receiving a sheet that lacks cases, or a bare "export failed".
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE_390, launchBrowser, shot, signIn, startServer } from './harness.js'

describe('ledger export over its limit', () => {
  let server
  let browser

  before(async () => {
    // The demo county holds more than two cases in the county officer's view.
    server = await startServer({ env: { CASE_EXPORT_MAX_ROWS: '2' } })
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('the county officer is told how many cases the filter selects and to narrow it; no file arrives', async () => {
    const context = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL })
    const page = await context.newPage()
    const officer = server.users.find((u) => u.username === 'xfj_officer')
    await signIn(page, server.baseURL, officer)
    await page.goto('/cases')
    await page.getByTestId('export-ledger').waitFor()
    let downloaded = false
    page.on('download', () => { downloaded = true })
    const refused = page.waitForResponse((r) => r.url().includes('/exports/cases.xlsx'))
    await page.getByTestId('export-ledger').click()
    assert.equal((await refused).status(), 400)
    const toast = page.locator('.van-toast__text')
    await toast.waitFor()
    const text = await toast.textContent()
    assert.match(text, /超过台账导出上限 2 件/)
    assert.match(text, /请缩小筛选范围/)
    await shot(page, 'ledger-limit-390')
    assert.equal(downloaded, false)
    await context.close()
  })
})
