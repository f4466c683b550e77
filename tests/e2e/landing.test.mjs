// End-to-end: each kind of user lands on their own home at 390×844 (issue 14: "public raters land on
// their rating tasks, assessors on their assessments, city and province reviewers on declarations,
// the platform operator on tenants — not on the case officer's ten "0" tiles"; "a user with several
// roles gets the home of the role that handles things, with links to the others"). Where they land
// comes from `viewerCan` (pwa/src/shared/landing.ts), after signing in and when opening `/`.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { shot, signIn } from './harness.js'
import { demoApp, gql } from './suite.js'

// username → [route landed on, path, page title (zh-CN), a thing of that home to wait for]
const LANDINGS = {
  t01v01: ['home', '/', '联创', 'home-register'],
  t01_officer: ['home', '/', '联创', 'home-register'],
  xfj_officer: ['home', '/', '联创', 'home-register'],
  rater01: ['rate', '/rate', '评议打分', 'rate-unit'],
  assessor: ['rate', '/rate', '组织考评', 'rate-unit'],
  city_reviewer: ['declarations', '/declarations', '申报推荐', 'declaration-unit'],
  province_reviewer: ['declarations', '/declarations', '申报推荐', 'page-title'],
  admin: ['admin-tenants', '/admin/tenants', '县（租户）开通', 'page-title'],
  xfj_admin: ['admin', '/admin', '系统管理', 'admin-go-units'],
}
const OFFICER_TILES = ['home-open', 'home-overdue', 'home-register', 'home-cases']

describe('each kind of user lands on their own home', () => {
  const app = demoApp()

  async function visible(page, testId) {
    return page.getByTestId(testId).first().isVisible()
  }

  for (const [username, [route, path, title, marker]] of Object.entries(LANDINGS)) {
    test(`${username} lands on ${path}`, async () => {
      const { context, page } = await app.newPage()
      assert.equal(await signIn(page, app.server.baseURL, app.user(username)), route)
      assert.equal(new URL(page.url()).pathname, path)
      await page.getByTestId(marker).first().waitFor()
      assert.equal((await page.getByTestId('page-title').textContent()).trim(), title)
      // Home has no way "back"; the foot signs out and chooses the language.
      assert.equal(await page.locator('.van-nav-bar__left .van-icon-arrow-left').count(), 0, 'no back arrow on a home')
      assert.ok(await visible(page, 'logout'))
      assert.ok(await visible(page, 'locale-select'))
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= 390, `${username}'s home is ${width} px wide at 390`)
      if (route !== 'home') {
        for (const tile of OFFICER_TILES) assert.equal(await page.getByTestId(tile).count(), 0, `${username} sees no ${tile}`)
      }
      await shot(page, `lianchuang-landing-${username}-390`)
      // Opening `/` again (the app's start URL) lands on the same home.
      await page.goto('/')
      await page.getByTestId('landing').waitFor()
      assert.equal(new URL(page.url()).pathname, path)
      await context.close()
    })
  }

  test('the officer home shows only what the viewer can use', async () => {
    const { context, page } = await app.signedIn('t01v01')
    // A village clerk registers cases and fills the self-assessment; no declarations, no administration.
    for (const shown of ['home-register', 'home-cases', 'home-self-assessment', 'home-evaluation', 'screening-reminder']) {
      assert.ok(await visible(page, shown), `the clerk sees ${shown}`)
    }
    for (const hidden of ['home-declarations', 'home-admin', 'home-rate']) {
      assert.equal(await page.getByTestId(hidden).count(), 0, `the clerk sees no ${hidden}`)
    }
    await context.close()
    const county = await app.signedIn('xfj_officer')
    for (const shown of ['home-declarations', 'home-evaluation', 'home-register']) {
      assert.ok(await visible(county.page, shown), `the county officer sees ${shown}`)
    }
    assert.equal(await county.page.getByTestId('home-admin').count(), 0)
    assert.equal(await county.page.getByTestId('home-self-assessment').count(), 0)
    await county.context.close()
  })

  test('the platform operator lands on tenants with a link to the administration', async () => {
    const { context, page } = await app.signedIn('admin')
    await page.getByTestId('landing-admin').click()
    await page.getByTestId('admin-home').waitFor()
    assert.equal(new URL(page.url()).pathname, '/admin')
    await context.close()
  })

  test('a user with several roles lands on the one that handles things, with links to the others', async () => {
    // The county administrator makes the assessor an administrator (his own role: at once) and asks
    // for the township officer to assess; assessing gives more than he holds, so a second
    // administrator — the assessor, now one — approves it (双人审批, issue 13).
    const call = (page, query, variables) => page.evaluate(([q, v]) => fetch('/graphql', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: q, variables: v }),
    }).then((r) => r.json()), [query, variables])
    const account = async (page, name) => {
      const found = await call(page, 'query($s: String) { adminUsers(first: 10, filter: { search: $s }) { edges { node { id username pendingGrants { id role } } } } }', { s: name })
      return found.data.adminUsers.edges.find((e) => e.node.username === name).node
    }
    const { context: adminContext, page: admin } = await app.signedIn('xfj_admin')
    const county = (await admin.evaluate(gql, '{ me { unit { id } } }')).data.me.unit.id
    const grant = 'mutation($u: ID!, $r: String!, $unit: ID!) { grantRole(userId: $u, role: $r, unitId: $unit) { userErrors { code message } } }'
    for (const [who, role] of [['assessor', 'county_admin'], ['t01_officer', 'assessor']]) {
      const granted = await call(admin, grant, { u: (await account(admin, who)).id, r: role, unit: county })
      assert.deepEqual(granted.data.grantRole.userErrors, [], `${who} becomes ${role}`)
    }
    await adminContext.close()
    const { context: secondContext, page: second } = await app.signedIn('assessor')
    const [request] = (await account(second, 't01_officer')).pendingGrants
    assert.equal(request.role, 'assessor', 'the assessing role waits for a second administrator')
    const approved = await call(second, 'mutation($id: ID!) { approveRoleGrant(id: $id) { userErrors { code } } }', { id: request.id })
    assert.deepEqual(approved.data.approveRoleGrant.userErrors, [])
    await secondContext.close()

    // A township officer who also assesses: the officer home, with the assessments among its buttons.
    const officer = await app.newPage()
    assert.equal(await signIn(officer.page, app.server.baseURL, app.user('t01_officer')), 'home')
    assert.match(await officer.page.getByTestId('home-rate').textContent(), /组织考评/)
    await shot(officer.page, 'lianchuang-landing-officer-and-assessor-390')
    await officer.context.close()

    // An assessor who also administers: the assessments first, the administration linked at the foot.
    const assessor = await app.newPage()
    assert.equal(await signIn(assessor.page, app.server.baseURL, app.user('assessor')), 'rate')
    assert.equal((await assessor.page.getByTestId('page-title').textContent()).trim(), '组织考评')
    await assessor.page.getByTestId('landing-admin').click()
    await assessor.page.getByTestId('admin-home').waitFor()
    // From the administration, back goes to their home: the assessments.
    await assessor.page.locator('.van-nav-bar__left').click()
    await assessor.page.waitForURL('**/rate')
    await assessor.context.close()
  })

  test('in English the homes and their links read in English', async () => {
    const { context, page } = await app.newPage()
    await page.addInitScript(() => localStorage.setItem('lc.locale', 'en'))
    await signIn(page, app.server.baseURL, app.user('admin'))
    assert.equal((await page.getByTestId('landing-admin').textContent()).trim().replace(/\s*›$/, ''), 'Administration')
    assert.equal((await page.getByTestId('logout').textContent()).trim(), 'Sign out')
    await shot(page, 'lianchuang-landing-admin-390-en')
    await context.close()
  })
})
