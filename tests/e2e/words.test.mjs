// End-to-end: every page of a walk through the app, in each of the three locales, shows words and
// numbers as people read them: no raw enum value of the GraphQL schema (e.g. "DISSATISFIED",
// "CALENDAR") or other upper-case code ("SEED_004"), and no unformatted float ("68.10000000000001").
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { PHONE_390, REPO, launchBrowser, startServer } from './harness.js'

/** Every enum value of the schema (the internal codes the API speaks). */
function enumValues() {
  const sdl = readFileSync(join(REPO, 'schema', 'schema.graphql'), 'utf8')
  const values = new Set()
  for (const [, body] of sdl.matchAll(/^enum \w+ \{([^}]*)\}/gm)) {
    for (const line of body.split('\n')) {
      const name = line.replace(/""".*?"""|"[^"]*"/g, '').trim().split(/\s/)[0]
      if (/^[A-Z][A-Z0-9_]+$/.test(name)) values.add(name)
    }
  }
  return values
}
const ENUMS = enumValues()
const CODE = /\b[A-Z][A-Z0-9_]{3,}\b/g
/** An upper-case code with an underscore (SEED_004, HALF_MONTHLY) is never a word either. */
const SNAKE = /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/
const FLOAT = /\d+\.\d{4,}/g

const WALK = {
  // who: the pages they open
  xfj_officer: ['/', '/cases', '/screening', '/screening/incidents', '/screening/disputes', '/screening/meetings', '/dashboard', '/evaluation', '/declarations'],
  xfj_admin: ['/admin', '/admin/settings', '/admin/settings/evaluation', '/admin/units', '/admin/accounts'],
  t01v01: ['/', '/screening', '/cases/new', '/cases'],
  t01_officer: ['/', '/screening', '/cases'],
  rater01: ['/', '/rate'],
  city_reviewer: ['/', '/declarations'],
  admin: ['/', '/admin/tenants'],
  '': ['/login', '/public', '/public/submit', '/public/track', '/sunshine'],
}

describe('words and numbers as people read them', () => {
  let server
  let browser

  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  for (const locale of ['zh-CN', 'zh-TW', 'en']) {
    test(`no internal code or raw float on any page (${locale})`, async () => {
      const found = []
      for (const [username, paths] of Object.entries(WALK)) {
        const context = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL, serviceWorkers: 'block' })
        await context.addInitScript((l) => localStorage.setItem('lc.locale', l), locale)
        const page = await context.newPage()
        if (username) {
          const user = server.users.find((u) => u.username === username)
          const response = await page.request.post('/graphql', {
            data: { query: 'mutation($u:String!,$p:String!){ login(username:$u,password:$p){ userErrors{ code } } }', variables: { u: user.username, p: user.password } },
          })
          assert.equal(response.status(), 200)
        }
        const visit = [...paths]
        if (username === 'xfj_officer') {
          // A few cases, and one rated 不满意 (its timeline carries the rating).
          for (const filter of ['', '(filter: { flagged: true })']) {
            const query = `{ cases${filter.replace(')', ', first: 2)') || '(first: 3)'} { edges { node { id } } } }`
            const cases = await (await page.request.post('/graphql', { data: { query } })).json()
            for (const edge of cases.data.cases.edges) visit.push(`/cases/${edge.node.id}`)
          }
        }
        for (const path of visit) {
          await page.goto(path)
          await page.locator('#main').first().waitFor()
          await page.waitForLoadState('networkidle')
          // What is on screen, and what stands in the form fields.
          const text = await page.evaluate(() =>
            [document.body.innerText, ...[...document.querySelectorAll('input:not([type=hidden]), textarea')].map((e) => e.value)].join('\n'),
          )
          for (const match of text.match(CODE) ?? []) if (ENUMS.has(match) || SNAKE.test(match)) found.push(`${username || 'citizen'} ${path}: ${match}`)
          for (const match of text.match(FLOAT) ?? []) found.push(`${username || 'citizen'} ${path}: ${match}`)
        }
        await context.close()
      }
      assert.deepEqual([...new Set(found)], [])
    })
  }
})
