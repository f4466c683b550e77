// "features don't import each other (shared/ for shared pieces)": every import under src/features/<x>/
// stays inside <x> or goes to shared/ (or another place outside features/, e.g. the server's sources a
// spec reads). The router puts features together; a feature never reaches into another one.

/** The module paths a source names: `from '…'`, `import '…'`, `import('…')`, `import.meta.glob('…' | […])`. */
export function importedPaths(text: string): string[] {
  const paths: string[] = []
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) paths.push(m[1])
  for (const m of text.matchAll(/import\.meta\.glob\(\s*(\[[^\]]*\]|['"][^'"]+['"])/g)) {
    for (const s of m[1].matchAll(/['"]!?([^'"]+)['"]/g)) paths.push(s[1])
  }
  return paths
}

/** `dir/../x` folded into a plain path (forward slashes). */
function join(dir: string, relative: string): string {
  const parts = dir.split('/')
  for (const step of relative.split('/')) {
    if (step === '..') parts.pop()
    else if (step !== '.') parts.push(step)
  }
  return parts.join('/')
}

/** `file: path` for every import of a feature file that lands in another feature. */
export function crossFeatureImports(sources: Record<string, string>): string[] {
  const found: string[] = []
  for (const [file, text] of Object.entries(sources)) {
    const own = /^src\/features\/([^/]+)\//.exec(file)?.[1]
    if (!own) continue
    const dir = file.slice(0, file.lastIndexOf('/'))
    for (const path of importedPaths(text)) {
      const target = path.startsWith('.') ? join(dir, path) : path
      const other = /(?:^|\/)src\/features\/([^/]+)\//.exec(target)?.[1] ?? /^@\/features\/([^/]+)/.exec(path)?.[1]
      if (other && other !== own) found.push(`${file}: ${path}`)
    }
  }
  return found.sort()
}

const raw = import.meta.glob(['../src/features/**/*.ts', '../src/features/**/*.vue'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>
const sources = Object.fromEntries(Object.entries(raw).map(([path, text]) => [path.replace(/^\.\.\//, ''), text]))

describe('features do not import each other', () => {
  it('reads every feature file', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(100)
    expect(Object.keys(sources)).toContain('src/features/cases/RegisterCasePage.vue')
  })

  it('finds a feature reaching into another one, and not one using shared/ or itself', () => {
    const seeded = {
      'src/features/cases/A.vue': "import X from '../screening/X.vue'\nimport { y } from '../../shared/y'\nimport { z } from './z'",
      'src/features/public/b.ts': "const c = import.meta.glob(['../cases/locales/*.json', './locales/*.json'])\nconst d = () => import('../evaluation/api')",
      'src/features/home/c.ts': "import models from '../../../../server/case/models.py?raw'",
    }
    expect(crossFeatureImports(seeded)).toEqual([
      'src/features/cases/A.vue: ../screening/X.vue',
      'src/features/public/b.ts: ../cases/locales/*.json',
      'src/features/public/b.ts: ../evaluation/api',
    ])
  })

  it('has no import from one feature into another', () => {
    expect(crossFeatureImports(sources)).toEqual([])
  })
})
