// End-to-end: the printable reply letter (信访事项处理意见书) and the printed 复查 / 复核 opinions
// fit a phone and print on A4 (issue 14: "The reply letter fits the phone and prints on A4").
// At 390×844 nothing is wider than the screen; in print media the toolbar is gone, the text is
// black, and Chromium's A4 PDF has A4 pages.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE_390, launchBrowser, shot, startServer } from './harness.js'

// A4 in PDF points (210 × 297 mm at 72 points an inch), as Chromium writes its MediaBox.
const A4 = [595.92, 842.88]

describe('the reply letter on a phone and on paper', () => {
  let server
  let browser
  let context
  const letters = {}

  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    context = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL, locale: 'zh-CN' })
    const officer = server.users.find((u) => u.username === 'xfj_officer')
    const login = await context.request.post('/graphql', {
      data: {
        query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { user { id } } }',
        variables: { u: officer.username, p: officer.password },
      },
    })
    assert.ok((await login.json()).data.login.user, 'the county officer signs in')
    const api = async (query, variables = {}) => (await (await context.request.post('/graphql', { data: { query, variables } })).json()).data
    // A reply of its own (round 1), long and with a long unbroken line, as people paste them.
    const me = await api('{ me { unit { id } } }')
    const registered = await api(
      'mutation($i: RegisterCaseInput!) { registerCase(input: $i) { case { id } userErrors { code } } }',
      { i: { unitId: me.me.unit.id, channel: 'VISIT', title: '村道路灯长期不亮，夜间通行存在安全隐患', content: '请求修复路灯。', headcount: 1,
        petitioners: [{ name: '张三', phone: '13812341234' }] } },
    )
    const id = registered.registerCase.case.id
    await api('mutation($id: ID!) { acceptCase(id: $id) { userErrors { code } } }', { id })
    const reply = ['经核实，您反映的村道路灯问题属实。', '镇政府已于本周安排维修，更换灯具十二盏。'.repeat(8),
      '现场照片见：https://example.invalid/' + 'a1b2c3d4e5'.repeat(10)].join('\n')
    const replied = await api(
      'mutation($id: ID!, $r: String!) { replyCase(id: $id, reply: $r, outcome: SUPPORTED) { userErrors { code } } }',
      { id, r: reply },
    )
    assert.deepEqual(replied.replyCase.userErrors, [])
    // The demo's 复查/复核 road: answers of each round the county prints.
    const found = await context.request.post('/graphql', {
      data: { query: '{ cases(filter: { status: [REPLIED, CLOSED, CONCLUDED] }, first: 100) { edges { node { id replyRound } } } }' },
    })
    for (const { node } of (await found.json()).data.cases.edges) {
      if (letters[node.replyRound]) continue
      const response = await context.request.get(`/letters/reply/${node.id}`)
      if (response.status() === 200) letters[node.replyRound] = node.id
    }
  })

  after(async () => {
    await context?.close()
    await browser?.close()
    await server?.stop()
  })

  test('the county prints a reply, a 复查 and a 复核 opinion', () => {
    assert.ok(letters[1], 'a 信访事项处理意见书')
    assert.ok(letters[2], 'a 复查意见书')
    assert.ok(letters[3], 'a 复核意见书')
  })

  for (const round of [1, 2, 3]) {
    test(`round ${round}: no horizontal overflow at 390 px; print media hides the toolbar; A4 PDF`, async () => {
      assert.ok(letters[round], `a letter of round ${round}`)
      const page = await context.newPage()
      await page.goto(`/letters/reply/${letters[round]}`)
      await page.getByTestId('letter').waitFor()
      const title = await page.locator('h1').textContent()
      assert.match(title, /信访事项(处理|复查|复核)意见书/)
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= 390, `the letter is ${width} px wide at 390`)
      // The toolbar's button prints (its script is this origin's: the CSP allows no inline script).
      await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1 } })
      await page.locator('[data-print]').click()
      assert.equal(await page.evaluate(() => window.__printed), 1, 'the print button calls print()')
      await shot(page, `lianchuang-letter-${round}-390`)

      await page.emulateMedia({ media: 'print' })
      const printed = await page.evaluate(() => {
        const css = (el) => getComputedStyle(el)
        const texts = [...document.querySelectorAll('.letter, .letter *')].map((el) => css(el).color)
        return {
          toolbar: css(document.querySelector('[data-testid="letter-toolbar"]')).display,
          colors: [...new Set(texts)],
          background: css(document.body).backgroundColor,
        }
      })
      assert.equal(printed.toolbar, 'none', 'no toolbar (back, print) on paper')
      assert.deepEqual(printed.colors, ['rgb(0, 0, 0)'], 'black text on paper')
      assert.equal(printed.background, 'rgb(255, 255, 255)')
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true })
      const text = pdf.toString('latin1')
      assert.equal(text.slice(0, 5), '%PDF-')
      const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])])
      assert.ok(boxes.length >= 1, 'the PDF has pages')
      for (const [w, h] of boxes) {
        assert.ok(Math.abs(w - A4[0]) < 1 && Math.abs(h - A4[1]) < 1, `a page is ${w}×${h} pt, not A4`)
      }
      assert.equal(boxes.length, 1, 'a short letter is one A4 page')
      await page.setViewportSize({ width: 794, height: 1123 }) // A4 at 96 dpi, for a person to look at
      await shot(page, `lianchuang-letter-${round}-print`)
      await page.close()
    })
  }

  test('the toolbar speaks the reader\'s language; the letter stays the official Chinese text', async () => {
    const english = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL, locale: 'en', storageState: await context.storageState() })
    const page = await english.newPage()
    await page.goto(`/letters/reply/${letters[1]}`)
    assert.equal((await page.getByTestId('letter-toolbar').innerText()).replace(/\s+/g, ' ').trim(), 'Back to the case Print')
    assert.equal(await page.locator('h1').textContent(), '信访事项处理意见书')
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390))
    await shot(page, 'lianchuang-letter-1-390-en')
    await page.getByTestId('letter-toolbar').getByRole('link').click()
    await page.waitForURL(`**/cases/${letters[1]}`)
    await english.close()
  })
})
