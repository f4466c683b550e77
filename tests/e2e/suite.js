// What most e2e files set up alike: one server with the demo county and one Chromium for a
// describe block, phone pages signed in as a demo user, and GraphQL calls with the page's session.
import { after, before } from 'node:test'
import { PHONE_390, launchBrowser, signIn, startServer } from './harness.js'

/** Call inside describe(): starts the server and browser before its tests, stops them after. */
export function demoApp() {
  const app = { server: null, browser: null }
  before(async () => {
    app.server = await startServer()
    app.browser = await launchBrowser()
  })
  after(async () => {
    await app.browser?.close()
    await app.server?.stop()
  })
  app.user = (username) => app.server.users.find((u) => u.username === username)
  app.newPage = async (device = PHONE_390) => {
    const context = await app.browser.newContext({ ...device, baseURL: app.server.baseURL })
    return { context, page: await context.newPage() }
  }
  app.signedIn = async (username, device = PHONE_390) => {
    const opened = await app.newPage(device)
    await signIn(opened.page, app.server.baseURL, app.user(username))
    return opened
  }
  return app
}

/** Runs in the page, `page.evaluate(gql, query)`: a GraphQL request with the page's session cookie. */
export const gql = (query, variables = {}) =>
  fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  }).then((r) => r.json())
