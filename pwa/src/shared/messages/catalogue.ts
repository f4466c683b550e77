/**
 * One language's messages: the shared catalogue (`src/locales/<locale>.json`) with every feature's
 * (`features/<x>/locales/<locale>.json`) merged over it. Each language is a module of its own here
 * (zh-CN.ts, zh-TW.ts, en.ts), so the build makes one chunk per language and the first load carries
 * only the default one (shared/i18n.ts loads the others when chosen).
 */
export type Tree = Record<string, unknown>
/** Messages by key, nested: what vue-i18n takes for a locale. */
export type MessageTree = { [key: string]: string | MessageTree }

function mergeInto(target: Tree, source: Tree): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key]
    if (value && typeof value === 'object' && existing && typeof existing === 'object') mergeInto(existing as Tree, value as Tree)
    else if (value && typeof value === 'object') mergeInto((target[key] = {}), value as Tree)
    else target[key] = value
  }
}

/** A new tree: `shared`, then each feature catalogue over it (the imported JSON is left as it is). */
export function catalogue(shared: Tree, features: Record<string, Tree>): MessageTree {
  const merged: Tree = {}
  mergeInto(merged, shared)
  for (const path of Object.keys(features).sort()) mergeInto(merged, features[path])
  return merged as MessageTree
}
