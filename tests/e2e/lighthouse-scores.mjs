// `npm run lighthouse`: Lighthouse performance and accessibility of the sign-in screen and the
// citizens' page, in normal and elder mode, mobile emulation, against the real server with the demo
// county. A measurement, not a test (no assertion): prints each run's scores and the median, and
// writes the summary to bench-results/lighthouse-mobile.json. LH_RUNS (default 3) runs per page;
// LH_PAGES and LH_MODES (comma-separated) narrow the set, which then writes no summary; LH_SAVE_DIR
// keeps each run's full Lighthouse report (its opportunities and diagnostics) there.
// The budget: performance ≥ 95 on /login and /public; accessibility 100 in both modes.
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg, cpus } from 'node:os'
import { join } from 'node:path'
import { REPO, startServer } from './harness.js'
import { startLighthouseChrome, summarize } from './lighthouse.js'

const RUNS = Math.max(1, Number(process.env.LH_RUNS ?? 3))
const ALL_PAGES = ['/login', '/public']
const ALL_MODES = ['normal', 'elder']
const PAGES = process.env.LH_PAGES ? process.env.LH_PAGES.split(',') : ALL_PAGES
const MODES = process.env.LH_MODES ? process.env.LH_MODES.split(',') : ALL_MODES
const SAVE_DIR = process.env.LH_SAVE_DIR
if (SAVE_DIR) mkdirSync(SAVE_DIR, { recursive: true })

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const ms = (lhr, id) => Math.round(lhr.audits[id]?.numericValue ?? NaN)
const wasted = (lhr, id) => Math.round((lhr.audits[id]?.details?.overallSavingsBytes ?? 0) / 1024)

const server = await startServer()
const chrome = await startLighthouseChrome()
const results = []
try {
  for (const mode of MODES) {
    for (const path of PAGES) {
      const runs = []
      for (let i = 0; i < RUNS; i++) {
        const load = loadavg()[0]
        const lhr = await chrome.audit(`${server.baseURL}${path}`, { elder: mode === 'elder' })
        if (SAVE_DIR) writeFileSync(join(SAVE_DIR, `${mode}${path.replaceAll('/', '_')}-${i + 1}.json`), JSON.stringify(lhr))
        const { scores, failingAccessibility } = summarize(lhr)
        const run = {
          performance: scores.performance,
          accessibility: scores.accessibility,
          fcpMs: ms(lhr, 'first-contentful-paint'),
          lcpMs: ms(lhr, 'largest-contentful-paint'),
          tbtMs: ms(lhr, 'total-blocking-time'),
          speedIndexMs: ms(lhr, 'speed-index'),
          cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? null,
          renderBlocking: (lhr.audits['render-blocking-resources']?.details?.items ?? []).map((item) =>
            item.url.replace(server.baseURL, ''),
          ),
          unusedJsKiB: wasted(lhr, 'unused-javascript'),
          unusedCssKiB: wasted(lhr, 'unused-css-rules'),
          failingAccessibility,
          loadAverage1m: Number(load.toFixed(2)),
        }
        runs.push(run)
        console.log(
          `${mode.padEnd(6)} ${path.padEnd(8)} run ${i + 1}: performance ${run.performance}, accessibility ${run.accessibility}` +
            ` (FCP ${run.fcpMs} ms, LCP ${run.lcpMs} ms, TBT ${run.tbtMs} ms, SI ${run.speedIndexMs} ms;` +
            ` render-blocking ${run.renderBlocking.length}, unused JS ${run.unusedJsKiB} KiB, CSS ${run.unusedCssKiB} KiB;` +
            ` load ${run.loadAverage1m})` +
            (failingAccessibility.length ? `\n    accessibility: ${failingAccessibility.join('; ')}` : ''),
        )
      }
      results.push({
        mode,
        path,
        medianPerformance: median(runs.map((r) => r.performance)),
        minPerformance: Math.min(...runs.map((r) => r.performance)),
        accessibility: Math.min(...runs.map((r) => r.accessibility)),
        runs,
      })
    }
  }
} finally {
  await chrome.close()
  await server.stop()
}

console.log('\nmedian performance / worst accessibility:')
for (const r of results) console.log(`  ${r.mode.padEnd(6)} ${r.path.padEnd(8)} ${r.medianPerformance} / ${r.accessibility}`)
if (PAGES.length < ALL_PAGES.length || MODES.length < ALL_MODES.length) {
  console.log('a partial run (LH_PAGES / LH_MODES): the summary file is left as it was')
  process.exit(0)
}
const dir = join(REPO, 'bench-results')
mkdirSync(dir, { recursive: true })
const file = join(dir, 'lighthouse-mobile.json')
writeFileSync(
  file,
  JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      tool: 'lighthouse (default mobile emulation, simulated slow 4G throttling)',
      runsPerPage: RUNS,
      cores: cpus().length,
      note: 'Measured on a shared machine (other test runs, builds and browsers); loadAverage1m per run.',
      results,
    },
    null,
    2,
  ) + '\n',
)
console.log(`summary written to ${file}`)
