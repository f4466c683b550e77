// "every string through i18n in three locales": each feature's catalogue has, in zh-TW and en, exactly
// the keys of zh-CN, with the same placeholders.
const catalogues = import.meta.glob('../src/features/*/locales/*.json', { eager: true, import: 'default' }) as Record<string, object>

type Tree = { [key: string]: string | Tree }
function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out[path] = value
    else Object.assign(out, flatten(value, path))
  }
  return out
}
// Each placeholder once: English plural forms ("1 day | {n} days") repeat them.
const holes = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()
const folders = [...new Set(Object.keys(catalogues).map((path) => path.split('/')[3]))].sort()

describe('feature catalogues', () => {
  it('finds the features with catalogues', () => {
    expect(folders).toEqual(expect.arrayContaining(['cases', 'inbox', 'public', 'screening', 'admin', 'evaluation']))
  })

  it.each(folders)('%s: zh-TW and en have the keys and placeholders of zh-CN', (folder) => {
    const get = (locale: string) => flatten(catalogues[`../src/features/${folder}/locales/${locale}.json`] as Tree)
    const reference = get('zh-CN')
    expect(Object.keys(reference).length).toBeGreaterThan(0)
    for (const locale of ['zh-TW', 'en']) {
      const other = get(locale)
      expect(Object.keys(other).sort()).toEqual(Object.keys(reference).sort())
      for (const key of Object.keys(reference)) expect([key, holes(other[key])]).toEqual([key, holes(reference[key])])
    }
  })
})
