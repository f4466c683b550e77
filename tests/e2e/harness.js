// The e2e harness: a fresh SQLite database with the demo county, the real server on a free port,
// and Debian's Chromium driven by playwright-core. Nothing is downloaded.
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'

const run = promisify(execFile)

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const CLI = process.env.LIANCHUANG_BIN || join(REPO, '.venv', 'bin', 'lianchuang')
export const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }

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

async function waitHealthy(url, child, logs, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${logs.join('')}`)
    try {
      const response = await fetch(url)
      if (response.status === 200) return
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${logs.join('')}`)
}

/**
 * Starts a server on an empty database with the demo county loaded. Returns its base URL, the demo
 * accounts and `stop()`, which kills the server and removes the temporary directory. `env` adds
 * settings (e.g. a lower limit) for a suite that needs them.
 */
export async function startServer({ env: extraEnv = {} } = {}) {
  if (!existsSync(CLI)) throw new Error(`${CLI} not found: run \`make test\` (or \`make run\`) first`)
  // PWA_DIST lets parallel work build and test its own copy of the PWA.
  const dist = process.env.PWA_DIST || join(REPO, 'pwa', 'dist')
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} is not built: \`cd pwa && npm run build\``)
  const dir = mkdtempSync(join(tmpdir(), 'lianchuang-e2e-'))
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite+aiosqlite:///${join(dir, 'e2e.db')}`,
    PWA_DIST: dist,
    ENVIRONMENT: 'development',
    ...extraEnv,
  }
  await run(CLI, ['migrate'], { env, cwd: REPO })
  await run(CLI, ['load-demo'], { env, cwd: REPO })
  const { stdout } = await run(CLI, ['demo-users', '--json'], { env, cwd: REPO, maxBuffer: 16 * 1024 * 1024 })
  const users = JSON.parse(stdout)

  const port = await freePort()
  const logs = []
  const child = spawn(CLI, ['serve', '--host', '127.0.0.1', '--port', String(port)], {
    env,
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk) => {
    logs.push(chunk.toString())
    if (logs.length > 400) logs.splice(0, logs.length - 400)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const baseURL = `http://127.0.0.1:${port}`
  try {
    await waitHealthy(`${baseURL}/healthz`, child, logs)
  } catch (error) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw error
  }

  async function stop() {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  return { baseURL, users, logs, stop }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Demo accounts of a kind: `village_clerk`, `township_officer`, `county_officer` ... */
export function accounts(users, role) {
  return users.filter((u) => u.roles.includes(role))
}

/**
 * Signs in through the login screen and waits for the user's own home (pwa/src/shared/landing.ts):
 * the case officer's home for whoever handles cases, the rating tasks of a public rater, the
 * declarations of a city or province reviewer, the tenants of the platform operator, the
 * administration of an administrator. Answers the name of the route landed on.
 */
export async function signIn(page, baseURL, user) {
  await page.goto(`${baseURL}/login`)
  await page.getByTestId('login-username').locator('input').fill(user.username)
  await page.getByTestId('login-password').locator('input').fill(user.password)
  await page.getByTestId('login-submit').click()
  const landing = page.getByTestId('landing')
  await landing.waitFor()
  const name = await landing.getAttribute('data-landing')
  if (name === 'home') await page.getByTestId('home-unit-name').waitFor()
  return name
}

/** A phone the size the issue asks screens to be checked at. */
export const PHONE_390 = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true }

/**
 * A full-page screenshot into $E2E_SHOTS (when set) for a person to look at; nothing otherwise.
 */
export async function shot(page, name) {
  const dir = process.env.E2E_SHOTS
  if (!dir) return
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
}
