// Lighthouse against the real server, in Debian's Chromium (CHROME_PATH, default /usr/bin/chromium),
// with Lighthouse's default mobile emulation (a mid-range phone on a slow 4G link, simulated).
// Used by elder_mode.test.mjs (accessibility) and lighthouse-scores.mjs (`npm run lighthouse`).
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import lighthouse from 'lighthouse'
import { chromium } from 'playwright-core'

/** The preference key of shared/elderMode.ts (one switch per device). */
export const ELDER_KEY = 'lc.elder'

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer()
    server.unref()
    server.on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => ok(port))
    })
  })
}

/**
 * A Chromium Lighthouse can drive (remote debugging port) and Playwright can prepare (the elder
 * switch in localStorage). Returns `audit(url, options)` and `close()`.
 */
export async function startLighthouseChrome() {
  const port = await freePort()
  const profile = mkdtempSync(join(tmpdir(), 'lianchuang-lh-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH || process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      `--remote-debugging-port=${port}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })

  /**
   * Sets (or clears) the elder switch for the origin, from a page that registers no service worker,
   * and empties the caches and service workers a previous run left (every run loads cold).
   */
  async function setElder(origin, on) {
    const page = await context.newPage()
    await page.goto(`${origin}/healthz`)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'service_workers,cache_storage,indexeddb' })
    await cdp.send('Network.clearBrowserCache')
    await page.evaluate(([key, value]) => (value ? localStorage.setItem(key, value) : localStorage.removeItem(key)), [
      ELDER_KEY,
      on ? '1' : '',
    ])
    await page.close()
  }

  async function elderSaved(origin) {
    const page = await context.newPage()
    await page.goto(`${origin}/healthz`)
    const value = await page.evaluate((key) => localStorage.getItem(key), ELDER_KEY)
    await page.close()
    return value === '1'
  }

  /**
   * Runs Lighthouse on `url`. `elder`: with the elder switch on (Lighthouse then leaves storage
   * alone, so the switch survives; caches were emptied above). Returns the Lighthouse result (lhr).
   */
  async function audit(url, { elder = false, categories = ['performance', 'accessibility'] } = {}) {
    const origin = new URL(url).origin
    await setElder(origin, elder)
    const result = await lighthouse(
      url,
      { port, output: 'json', logLevel: 'error', onlyCategories: categories, disableStorageReset: elder },
      undefined,
    )
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`)
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`)
    // The page Lighthouse loaded was in the mode asked for: the switch survived the run.
    if (elder && !(await elderSaved(origin))) throw new Error(`the elder switch did not survive the Lighthouse run of ${url}`)
    return result.lhr
  }

  async function close() {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
  return { audit, close }
}

/** Scores 0..100 by category id, and the audits that failed (score < 1), for messages. */
export function summarize(lhr) {
  const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, Math.round((c.score ?? 0) * 100)]))
  const failing = (category) =>
    (lhr.categories[category]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((a) => a && a.score !== null && a.score < 1)
      .map((a) => `${a.id}: ${a.title}${a.details?.items?.length ? ` (${a.details.items.length})` : ''}`)
  return { scores, failingAccessibility: failing('accessibility'), failingPerformance: failing('performance') }
}
