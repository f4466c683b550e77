// End-to-end: importing units says what a sheet means. A 2-row sheet adds and updates by default
// and retires nothing; a full list retires what it leaves out only after the administrator typed
// the number of retirements the preview listed first.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { shot } from './harness.js'
import { demoApp, gql } from './suite.js'

const csv = (lines) => ({ name: '区划代码.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') })

describe('unit import modes', () => {
  const app = demoApp()

  test('a short sheet adds by default; a township full list needs the count typed', async () => {
    const { context, page } = await app.signedIn('xfj_admin')
    await page.goto('/admin/units')
    await page.getByTestId('unit-import').waitFor()
    const units = await page.evaluate(gql, '{ units { name children { name path children { name path } } } }')
    const county = units.data.units[0]
    const [first] = county.children
    const tc = first.path.split('/').pop()

    // Two rows: the township and a new village. Default mode: 新增 1, 撤销 0, no warning.
    await page.getByTestId('unit-file').setInputFiles(
      csv(['统计用区划代码,名称', `990122${tc}000,${first.name}`, `990122${tc}099,新建村`]),
    )
    await page.getByTestId('unit-preview').click()
    await page.getByTestId('unit-report').waitFor()
    assert.match(await page.getByTestId('unit-count-ADD').textContent(), /新增\s*1/)
    assert.match(await page.getByTestId('unit-count-RETIRE').textContent(), /撤销\s*0/)
    assert.equal(await page.getByTestId('unit-retire-warning').count(), 0)
    await shot(page, 'import-merge-preview')
    await page.getByTestId('unit-apply').click()
    await page.getByTestId('unit-applied').waitFor()

    // The same township as a full list without its first village: the retirement comes first.
    const [gone, ...kept] = first.children
    const lines = ['统计用区划代码,名称', `990122${tc}000,${first.name}`, `990122${tc}099,新建村`]
    for (const v of kept) lines.push(`990122${tc}${v.path.split('/').pop()},${v.name}`)
    await page.getByTestId('unit-mode-replace').check()
    await page.getByTestId('unit-scope').locator('option', { hasText: first.name }).waitFor({ state: 'attached' })
    await page.getByTestId('unit-scope').selectOption({ label: first.name })
    await page.getByTestId('unit-file').setInputFiles(csv(lines))
    await page.getByTestId('unit-preview').click()
    await page.getByTestId('unit-retire-warning').waitFor()
    assert.match(await page.getByTestId('unit-retire-warning').textContent(), /撤销 1 个单位/)
    assert.deepEqual(await page.getByTestId('unit-retire-list').locator('li').allTextContents().then((t) => t.map((s) => s.trim().split(/\s/)[0])), [gone.name])
    // The warning is above the counts and the rest of the plan.
    const order = await page.evaluate(() => {
      const warning = document.querySelector('[data-testid="unit-retire-warning"]')
      const counts = document.querySelector('[data-testid="unit-count-ADD"]')
      return warning.compareDocumentPosition(counts) & Node.DOCUMENT_POSITION_FOLLOWING
    })
    assert.ok(order, 'the retirements come first')
    const apply = page.getByTestId('unit-apply')
    assert.equal(await apply.isDisabled(), true)
    await page.getByTestId('unit-confirm').fill('2')
    assert.equal(await apply.isDisabled(), true)
    await page.getByTestId('unit-confirm').fill('1')
    await shot(page, 'import-replace-preview')
    assert.equal(await apply.isDisabled(), false)
    await apply.click()
    await page.getByTestId('unit-applied').waitFor()

    const after = await page.evaluate(gql, `{ units(parentId: "${first.id ?? ''}") { name } }`)
    const townships = await page.evaluate(gql, '{ units { children { id name children { name } } } }')
    const township = townships.data.units[0].children.find((t) => t.name === first.name)
    const names = township.children.map((v) => v.name)
    assert.ok(!names.includes(gone.name), 'the village left out of the full list is retired')
    assert.ok(names.includes('新建村') && kept.every((v) => names.includes(v.name)))
    assert.equal(townships.data.units[0].children.length, county.children.length, 'no other township retired')
    void after
    await context.close()
  })
})
