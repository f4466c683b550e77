// Every /* GraphQL */ operation as the PWA sends it — its `${…}` fragments filled in from the
// constants of the sources — is a valid document against ../schema/schema.graphql. Codegen checks
// each literal with every fragment of the project in scope, so a fragment an operation forgets to
// append (or appends twice, or appends unused) only shows on the server; this spec shows it here.
import { buildSchema, parse, validate } from 'graphql'
import schemaText from '../../schema/schema.graphql?raw'

const raw = import.meta.glob(['../src/**/*.ts', '../src/**/*.vue', '!../src/**/*.spec.ts', '!../src/shared/api.generated.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>

const LITERAL = /(?:(?:export\s+)?const\s+(\w+)\s*=\s*)?\/\* GraphQL \*\/\s*`([^`]*)`/g

/** The marked literals of the sources, and the named ones (fragments, shared operations) by name. */
export function literals(sources: Record<string, string>): { file: string; text: string }[] & { named: Record<string, string> } {
  const found = Object.assign([] as { file: string; text: string }[], { named: {} as Record<string, string> })
  for (const [file, source] of Object.entries(sources)) {
    for (const m of source.matchAll(LITERAL)) {
      if (m[1]) found.named[m[1]] = m[2]
      found.push({ file, text: m[2] })
    }
  }
  return found
}

/** The text with each `${NAME}` replaced by that constant's text (themselves filled in). */
export function filled(text: string, named: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    if (!(name in named)) throw new Error(`\${${name}} is not a /* GraphQL */ constant`)
    return filled(named[name], named)
  })
}

const schema = buildSchema(schemaText)

/** The validation errors of every operation, as `file: message`. */
export function problems(sources: Record<string, string>): string[] {
  const found = literals(sources)
  const out: string[] = []
  for (const { file, text } of found) {
    if (!/^\s*(query|mutation|subscription)\b/.test(text)) continue
    try {
      for (const error of validate(schema, parse(filled(text, found.named)))) out.push(`${file}: ${error.message}`)
    } catch (error) {
      out.push(`${file}: ${(error as Error).message}`)
    }
  }
  return out
}

describe('the operations the PWA sends', () => {
  it('are valid against the schema with the fragments they append', () => {
    expect(Object.keys(raw).length).toBeGreaterThan(50)
    expect(literals(raw).filter((l) => /^\s*(query|mutation|subscription)\b/.test(l.text)).length).toBeGreaterThan(90)
    expect(problems(raw)).toEqual([])
  })

  it('are refused when a fragment is used but not appended, or appended but not used', () => {
    const fragment = 'const F = /* GraphQL */ `fragment F on Unit { id name }`\n'
    expect(problems({ 'a.ts': fragment + 'gql(/* GraphQL */ `query A { units { ...F } }`)' })).toEqual([
      'a.ts: Unknown fragment "F".',
    ])
    expect(problems({ 'b.ts': fragment + 'gql(/* GraphQL */ `query B { units { id } } ${F}`)' })).toEqual([
      'b.ts: Fragment "F" is never used.',
    ])
    expect(problems({ 'c.ts': fragment + 'gql(/* GraphQL */ `query C { units { ...F } } ${F}`)' })).toEqual([])
  })
})
