import { describe, expect, it } from 'vitest'
import { confirmsRetirements, importQuery } from './unitImport'

describe('unit import options', () => {
  it('adds nothing to the query in the default mode (adding and updating, retiring nothing)', () => {
    expect(importQuery({ mode: 'MERGE', scope: 'VW5pdDox', confirm: 3 })).toBe('')
  })

  it('sends the mode, the scope and the typed count for a full list', () => {
    expect(importQuery({ mode: 'REPLACE' })).toBe('&mode=REPLACE')
    expect(importQuery({ mode: 'REPLACE', scope: 'VW5pdDox=', confirm: 79 })).toBe('&mode=REPLACE&scope=VW5pdDox%3D&confirm=79')
  })

  it('confirms only the exact number of retirements', () => {
    expect(confirmsRetirements('79', 79)).toBe(true)
    expect(confirmsRetirements(' 79 ', 79)).toBe(true)
    expect(confirmsRetirements('７９', 79)).toBe(true)
    expect(confirmsRetirements('78', 79)).toBe(false)
    expect(confirmsRetirements('79个', 79)).toBe(false)
    expect(confirmsRetirements('', 0)).toBe(false)
    expect(confirmsRetirements('0', 0)).toBe(false)
  })
})
