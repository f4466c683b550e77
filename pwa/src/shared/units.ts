/** The two ways to walk the unit tree: a signed-in official's `units` (their jurisdiction) and the
 * public `publicUnits` (every county, for a citizen). The unit picker takes either as its `fetch`. */
import { gql } from './graphql'
import type { Unit } from './types'

/** What the picker needs of a unit. */
export interface PickerUnit {
  id: string
  name: string
  level: string
}

export type PublicUnit = PickerUnit

export async function fetchUnits(parentId: string | null): Promise<Unit[]> {
  const data = await gql<{ units: Unit[] }>(
    `query Units($parentId: ID) { units(parentId: $parentId) { id name level path } }`,
    { parentId },
  )
  return data.units
}

export async function fetchPublicUnits(parentId: string | null): Promise<PublicUnit[]> {
  const data = await gql<{ publicUnits: PublicUnit[] }>(
    `query PublicUnits($parentId: ID) { publicUnits(parentId: $parentId) { id name level } }`,
    { parentId },
  )
  return data.publicUnits
}
