// End-to-end: the county bureau runs the annual review of the demo county and exports both
// files; a township officer then sees its own results; a city reviewer sees the declaration
// (aggregates only), downloads its generated 推荐表, but cannot open a case.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { PHONE, accounts, launchBrowser, signIn, startServer } from './harness.js'

const gql = (query, variables = {}) =>
  fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  }).then((r) => r.json())

describe('joint evaluation end to end', () => {
  let server
  let browser
  let caseId
  let caseTitle
  let stored // the county's stored row of 城关镇 (t01)

  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function phone() {
    const context = await browser.newContext({ ...PHONE, baseURL: server.baseURL, acceptDownloads: true })
    return { context, page: await context.newPage() }
  }

  async function download(page, testId) {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
    return { name: file.suggestedFilename(), body: readFileSync(await file.path()) }
  }

  test('the county bureau runs the annual review and exports XLSX and PDF', async () => {
    const { context, page } = await phone()
    const officer = accounts(server.users, 'county_officer')[0]
    await signIn(page, server.baseURL, officer)
    await page.getByTestId('home-evaluation').click()
    await page.getByTestId('review-row').first().waitFor()
    assert.equal(await page.getByTestId('review-row').count(), 10, 'the ten townships are ranked')
    const scores = await page.getByTestId('review-row-score').allTextContents()
    assert.ok(new Set(scores).size > 5, `a meaningful ranking: ${scores}`)
    assert.match(await page.getByTestId('review-meta').textContent(), /实时计算/)

    // Recompute first: the county sees what storing changes (nothing stored yet), then stores it.
    await page.getByTestId('review-run').click()
    await page.getByTestId('review-preview').waitFor()
    // Units with a score part nobody filled are stored only with a note.
    if (await page.getByTestId('review-incomplete').count()) {
      await page.getByTestId('review-incomplete-note').locator('textarea').fill('部分村组织考评尚未完成，先行存储')
    }
    await page.getByTestId('review-store').click()
    await page.waitForFunction(() => /已保存/.test(document.querySelector('[data-testid="review-meta"]')?.textContent ?? ''))

    // Every number opens to its inputs.
    await page.getByTestId('review-row').first().click()
    await page.getByTestId('review-formula').waitFor()
    assert.match(await page.getByTestId('review-formula').textContent(), /×/)
    await page.keyboard.press('Escape')
    await page.goto('/evaluation')
    await page.getByTestId('review-row').first().waitFor()

    const xlsx = await download(page, 'export-xlsx')
    assert.match(xlsx.name, /\.xlsx$/)
    assert.equal(xlsx.body.subarray(0, 2).toString(), 'PK')
    const pdf = await download(page, 'export-pdf')
    assert.match(pdf.name, /\.pdf$/)
    assert.equal(pdf.body.subarray(0, 4).toString(), '%PDF')
    assert.ok(pdf.body.includes('FontFile2'), 'the Chinese font is embedded')

    // The dashboard: 三无 grid, ranking and rates over time, drawn by ECharts.
    await page.getByTestId('review-dashboard').click()
    await page.locator('[data-testid="dashboard-ranking"] svg').waitFor()
    await page.waitForFunction(() => /及时受理率/.test(document.querySelector('[data-testid="dashboard-rates"]')?.textContent ?? ''))
    const ranking = await page.getByTestId('dashboard-ranking').textContent()
    assert.match(ranking, /青龙镇/)
    assert.ok((await page.locator('[data-testid="dashboard-map"] svg path').count()) >= 80, 'a cell per unit')
    // This year's standard rates, 复查复核维持率 among them; each opens to its inputs.
    const upheld = page.locator('[data-testid="rate-row"][data-code="REVIEW_UPHELD"]')
    await upheld.waitFor()
    assert.match(await upheld.textContent(), /复查复核维持率/)
    await upheld.getByText('复查复核维持率').click()
    await upheld.getByTestId('rate-round').first().waitFor()
    // The demo county's matters reach 复查 and 复核 (its dates follow today's), so the breakdown is read,
    // not fixed: the rounds' 维持 / 作出意见 add up to the formula's numerator and denominator.
    const detail = await upheld.getByTestId('rate-detail').textContent()
    const rounds = (await upheld.getByTestId('rate-round').allTextContents()).join('|')
    const reviewRound = rounds.match(/复查：维持 (\d+) \/ 作出意见 (\d+)/)
    const rereviewRound = rounds.match(/复核：维持 (\d+) \/ 作出意见 (\d+)/)
    assert.ok(reviewRound && rereviewRound, rounds)
    const kept = Number(reviewRound[1]) + Number(rereviewRound[1])
    const made = Number(reviewRound[2]) + Number(rereviewRound[2])
    assert.ok(made >= kept, rounds)
    if (made > 0) assert.match(detail, new RegExp(`${kept}\\s*/\\s*${made}\\s*×\\s*100`))
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/evaluation-dashboard.png`, fullPage: true })
    await page.goto('/evaluation')

    const county = (await page.evaluate(gql, '{ me { unit { id } } }')).data.me.unit.id
    const review = await page.evaluate(
      ([query, c]) =>
        fetch('/graphql', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN' },
          body: JSON.stringify({ query, variables: { c } }),
        }).then((r) => r.json()),
      ['query($c: ID!) { annualReview(countyId: $c, year: ' + new Date().getFullYear() + ') { stored rows { unit { name } score rank gradeLabel } } }', county],
    )
    assert.equal(review.data.annualReview.stored, true)
    stored = review.data.annualReview.rows.find((r) => r.unit.name === '城关镇')

    const cases = await page.evaluate(gql, '{ cases(first: 1) { edges { node { id title } } } }')
    caseId = cases.data.cases.edges[0].node.id
    caseTitle = cases.data.cases.edges[0].node.title
    await context.close()
  })

  test('a township officer sees its own row of the stored review, and no other township', async () => {
    assert.ok(stored, 'the first test stored the review')
    const { context, page } = await phone()
    await signIn(page, server.baseURL, server.users.find((u) => u.username === 't01_officer'))
    await page.getByTestId('home-evaluation').click() // the annual review from the home screen
    await page.getByTestId('review-own').waitFor()
    await page.goBack()
    await page.getByTestId('home-self-assessment').click() // and from the self-assessment sheet
    await page.getByTestId('self-results').click()
    await page.getByTestId('review-own').waitFor()
    assert.equal(await page.getByTestId('review-own-score').textContent(), stored.score.toFixed(2))
    assert.equal(await page.getByTestId('review-own-grade').textContent(), stored.gradeLabel)
    assert.match(await page.getByTestId('review-own-rank').textContent(), new RegExp(`第 ${stored.rank} 名 / 共 10 个`))
    assert.match(await page.getByTestId('review-title').textContent(), /城关镇/)
    // Its villages below it; no other township, and nothing the county does with the review.
    const names = await page.getByTestId('review-row-name').allTextContents()
    const me = (await page.evaluate(gql, '{ me { unit { id } } }')).data.me.unit.id
    const seen = await page.evaluate(
      ([query, u]) =>
        fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables: { u } }) })
          .then((r) => r.json()),
      ['query($u: ID!) { unitAnnualReview(unitId: $u, year: ' + new Date().getFullYear() + ') { rows { unit { id name parent { name } } } } }', me],
    )
    const villages = seen.data.unitAnnualReview.rows.filter((r) => r.unit.id !== me)
    assert.ok(villages.length > 0 && villages.every((r) => r.unit.parent.name === '城关镇'), 'its own villages only')
    assert.deepEqual([...names].sort(), villages.map((r) => r.unit.name).sort())
    assert.ok(!(await page.content()).includes('柳河镇'), 'another township appears nowhere')
    for (const id of ['review-run', 'export-xlsx', 'export-pdf', 'review-settings']) {
      assert.equal(await page.getByTestId(id).count(), 0, `${id} is the county's`)
    }
    // The figures open to their inputs, read-only.
    await page.getByTestId('review-own-open').click()
    await page.getByTestId('review-formula').waitFor()
    assert.match(await page.getByTestId('review-formula').textContent(), /×/)
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/evaluation-township-review.png`, fullPage: true })
    await context.close()
  })

  test('a city reviewer sees the declaration but cannot open a case', async () => {
    assert.ok(caseId, 'the first test found a case id')
    const { context, page } = await phone()
    const reviewer = accounts(server.users, 'city_reviewer')[0]
    assert.equal(await signIn(page, server.baseURL, reviewer), 'declarations', 'the reviewer lands on declarations')
    await page.getByTestId('declaration').first().waitFor()
    assert.equal(await page.getByTestId('declaration-unit').first().textContent(), '城关镇')
    assert.match(await page.getByTestId('declaration-status').first().textContent(), /县已审核上报/)
    assert.match(await page.getByTestId('declaration-summary').first().textContent(), /得分/)
    // The generated 推荐表 as it stands: PDF with the Chinese font embedded, and the XLSX.
    assert.match(await page.getByTestId('declaration-generated').first().textContent(), /推荐表/)
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/evaluation-declarations.png`, fullPage: true })
    const pdf = await download(page, 'declaration-pdf')
    assert.equal(pdf.name, `城关镇${new Date().getFullYear()}年度“三无”推荐表.pdf`)
    assert.equal(pdf.body.subarray(0, 4).toString(), '%PDF')
    assert.ok(pdf.body.includes('FontFile2'), 'the Chinese font is embedded')
    const xlsx = await download(page, 'declaration-xlsx')
    assert.match(xlsx.name, /推荐表\.xlsx$/)
    assert.equal(xlsx.body.subarray(0, 2).toString(), 'PK')
    await page.getByTestId('declaration-comment').locator('input').fill('材料齐全，同意')
    await page.getByTestId('declaration-approve').click()
    await page.waitForFunction(() =>
      /市初审通过/.test(document.querySelector('[data-testid="declaration-status"]')?.textContent ?? ''),
    )

    const one = await page.evaluate(
      ([query, id]) =>
        fetch('/graphql', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ query, variables: { id } }),
        }).then((r) => r.json()),
      ['query($id: ID!) { case(id: $id) { id title } }', caseId],
    )
    assert.equal(one.data.case, null)
    const list = await page.evaluate(gql, '{ cases(first: 50) { totalCount edges { node { id } } } }')
    assert.equal(list.data.cases.totalCount, 0)

    await page.goto(`/cases/${caseId}`)
    await page.waitForLoadState('networkidle')
    assert.ok(!(await page.content()).includes(caseTitle), 'the case title is nowhere on the page')
    await context.close()
  })

  test('an invited public rater scores a township on their own light screen', async () => {
    const { context, page } = await phone()
    const password = server.users[0].password
    assert.equal(await signIn(page, server.baseURL, { username: 'rater02', password }), 'rate', 'the rater lands on rating')
    await page.getByText('柳河镇').first().click()
    const row = page.getByTestId('rate-row').first()
    await row.locator('input').fill('93')
    await row.getByRole('button').last().click()
    await row.getByText('已提交').waitFor()
    const mine = await page.evaluate(gql, '{ me { roles } }')
    assert.deepEqual(mine.data.me.roles, ['public_rater'])
    await context.close()
  })

  test('a township fills its self-assessment and applies', async () => {
    const { context, page } = await phone()
    const officer = server.users.find((u) => u.username === 't02_officer')
    await signIn(page, server.baseURL, officer)
    await page.getByTestId('home-self-assessment').click()
    await page.getByTestId('self-line').first().waitFor()
    assert.equal(await page.getByTestId('self-line').count(), 8)
    await page.getByTestId('self-line').first().locator('.van-stepper input').fill('12.5')
    await page.getByTestId('self-save').click()
    await page.getByRole('status').waitFor()
    await page.getByTestId('self-apply').click()
    await page.waitForFunction(() => /乡镇已申报/.test(document.querySelector('[data-testid="self-apply"]')?.textContent ?? ''))
    await context.close()
  })

  test('a township uploads evidence on a 创 submission and a self-assessment line; the county sees both', async () => {
    const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(400, 0x31)])
    const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(400, 0x02)])
    const uploaded = (page) =>
      page.waitForResponse((r) => r.url().includes('/attachments?purpose=evidence') && r.request().method() === 'POST')

    const { context, page } = await phone()
    const officer = server.users.find((u) => u.username === 't03_officer')
    await signIn(page, server.baseURL, officer)
    const township = (await page.evaluate(gql, '{ me { unit { name } } }')).data.me.unit.name

    // A self-assessment line with a scanned record as its evidence file.
    await page.getByTestId('home-self-assessment').click()
    await page.getByTestId('self-line').first().waitFor()
    await page.getByTestId('self-files-toggle-B1').click()
    const [lineUpload] = await Promise.all([
      uploaded(page),
      page.locator('[data-testid="self-files-B1-upload"] input[type="file"]').setInputFiles({
        name: '例会纪要.pdf', mimeType: 'application/pdf', buffer: PDF,
      }),
    ])
    assert.equal(lineUpload.status(), 201)
    await page.getByTestId('self-save').click()
    await page.getByRole('status').waitFor()
    await page.getByTestId('self-line-B1-file').waitFor()
    assert.match(await page.getByTestId('self-line-B1-file').textContent(), /例会纪要\.pdf/)

    // A 创 good practice with a photo, from the work page linked from the sheet.
    await page.getByTestId('self-work').click()
    await page.getByTestId('work-checklist-item').first().waitFor()
    assert.equal(await page.getByTestId('work-checklist-item').count(), 7, 'the seven 建 items of seed 004')
    await page.getByTestId('work-add-practice').click()
    await page.getByTestId('work-title').locator('input').fill('“乡贤议事会”化解邻里纠纷')
    await page.getByTestId('work-description').locator('textarea').fill('每月一次，乡贤、调解员与村民面对面')
    const [practiceUpload] = await Promise.all([
      uploaded(page),
      page.locator('[data-testid="work-upload"] input[type="file"]').setInputFiles({
        name: '议事现场.jpg', mimeType: 'image/jpeg', buffer: JPEG,
      }),
    ])
    assert.equal(practiceUpload.status(), 201)
    await page.getByTestId('work-save').click()
    await page.getByTestId('work-practice-title').filter({ hasText: '乡贤议事会' }).waitFor()
    const practice = page.getByTestId('work-practice').filter({ hasText: '乡贤议事会' })
    assert.match(await practice.getByTestId('work-practice-file').textContent(), /议事现场\.jpg/)
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/evaluation-work.png`, fullPage: true })
    await context.close()

    // The county: the township's good practice with its file, and its self-assessment evidence.
    const county = await phone()
    await signIn(county.page, server.baseURL, accounts(server.users, 'county_officer')[0])
    await county.page.getByTestId('home-evaluation').click()
    await county.page.getByTestId('review-work').click()
    const unit = county.page.getByTestId('work-unit').filter({ hasText: township })
    await unit.waitFor()
    const item = unit.getByTestId('work-overview-item').filter({ hasText: '乡贤议事会' })
    const link = item.getByTestId('work-overview-file')
    assert.match(await link.textContent(), /议事现场\.jpg/)
    const href = await link.getAttribute('href')
    const status = await county.page.evaluate((url) => fetch(url).then((r) => r.status), href)
    assert.equal(status, 200, 'the county downloads the evidence')

    await unit.getByRole('link', { name: '查看自评与佐证' }).click()
    await county.page.getByTestId('self-unit').waitFor()
    assert.match(await county.page.getByTestId('self-unit').textContent(), new RegExp(township))
    const lineFile = county.page.getByTestId('self-line-B1-file')
    assert.match(await lineFile.textContent(), /例会纪要\.pdf/)
    const body = await county.page.evaluate(
      (url) => fetch(url).then(async (r) => [r.status, (await r.arrayBuffer()).byteLength]),
      await lineFile.getAttribute('href'),
    )
    assert.deepEqual(body, [200, PDF.length])
    assert.equal(await county.page.getByTestId('self-save').count(), 0, 'the county reads, it does not fill the sheet')
    await county.context.close()
  })

  test("the county opens next year's campaign from this year's indicator table", async () => {
    const { context, page } = await phone()
    await signIn(page, server.baseURL, accounts(server.users, 'county_officer')[0])
    await page.getByTestId('home-evaluation').click()
    await page.getByTestId('review-campaign').click()
    await page.getByTestId('campaign-stage').first().waitFor()
    assert.equal(await page.getByTestId('campaign-stage').count(), 3, "this year's three stages")
    const next = String(new Date().getFullYear() + 1)
    await page.getByRole('tab', { name: next }).click()
    await page.getByTestId('campaign-save').filter({ hasText: next }).waitFor()
    assert.equal(await page.getByTestId('campaign-indicator').count(), 8, "this year's table is the starting point")
    assert.match(await page.getByTestId('campaign-totals').textContent(), /乡镇满分 100/)
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/evaluation-campaign.png`, fullPage: true })
    await page.getByTestId('campaign-save').click()
    await page.getByRole('status').waitFor()
    await page.getByTestId('campaign-stage').first().waitFor()
    const campaign = await page.evaluate(
      ([query, c, y]) =>
        fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables: { c, y } }) })
          .then((r) => r.json()),
      ['query($c: ID!, $y: Int!) { campaign(countyId: $c, year: $y) { year stages { code startsOn } indicators { code } } }',
        (await page.evaluate(gql, '{ me { unit { id } } }')).data.me.unit.id, Number(next)],
    )
    assert.equal(campaign.data.campaign.year, Number(next))
    assert.equal(campaign.data.campaign.stages[0].startsOn, `${next}-04-20`)
    assert.equal(campaign.data.campaign.indicators.length, 8)
    await context.close()
  })

  test('the public transparency page needs no sign-in', async () => {
    const { context, page } = await phone()
    await page.goto('/sunshine')
    await page.getByTestId('sunshine-summary').waitFor()
    assert.match(await page.getByTestId('sunshine-summary').textContent(), /枞溪县/)
    assert.equal(await page.getByTestId('sunshine-township').count(), 10)
    await context.close()
  })
})
