import { describe, expect, it } from 'vitest'
import { declarationDocumentUrl, documentKind, ownFirst, reviewScope } from './documents'

describe('declaration documents', () => {
  it('is an application form until the county declares it, a recommendation form after', () => {
    expect(documentKind('APPLIED')).toBe('APPLICATION')
    expect(documentKind('RETURNED')).toBe('APPLICATION')
    for (const status of ['COUNTY_DECLARED', 'CITY_APPROVED', 'PROVINCE_RECOMMENDED', 'DESIGNATED']) {
      expect(documentKind(status)).toBe('RECOMMENDATION')
    }
  })

  it('links the generated file of a declaration by its id and format', () => {
    expect(declarationDocumentUrl('RGVjbGFyYXRpb246MQ', 'pdf')).toBe('/exports/declarations/RGVjbGFyYXRpb246MQ.pdf')
    expect(declarationDocumentUrl('a/b', 'xlsx')).toBe('/exports/declarations/a%2Fb.xlsx')
  })
})

describe('whose annual review a viewer sees', () => {
  it('gives the county the whole review and a township or village its own results', () => {
    expect(reviewScope({ unit: { id: 'c', level: 'COUNTY' } })).toEqual({ kind: 'county', unitId: 'c' })
    expect(reviewScope({ unit: { id: 't', level: 'TOWNSHIP' } })).toEqual({ kind: 'unit', unitId: 't' })
    expect(reviewScope({ unit: { id: 'v', level: 'VILLAGE' } })).toEqual({ kind: 'unit', unitId: 'v' })
    expect(reviewScope({ unit: { id: 'p', level: 'CITY' } })).toBeNull()
    expect(reviewScope(null)).toBeNull()
  })

  it("puts the viewer's own row first and the units under it by rank", () => {
    const row = (id: string, name: string, rank: number) => ({ unit: { id, name }, rank })
    const rows = [row('v2', '南村', 30), row('t', '城关镇', 6), row('v1', '北村', 12), row('v3', '东村', 12)]
    const { own, under } = ownFirst(rows, 't')
    expect(own?.unit.name).toBe('城关镇')
    expect(under.map((r) => r.unit.id)).toEqual(['v1', 'v3', 'v2']) // 北村 before 东村 at the same rank
    expect(ownFirst(rows, 'nobody').own).toBeNull()
  })
})
