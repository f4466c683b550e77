/** The two ways to walk the unit tree: a signed-in official's `units` (their jurisdiction) and the
 * public `publicUnitsConnection` (every county, for a citizen), a page at a time. The unit picker
 * takes either as its `fetch`. */
import type { PublicUnitsQuery, PublicUnitsQueryVariables, UnitsQuery, UnitsQueryVariables } from './api.generated'
import { gql } from './graphql'
import type { Connection } from './pagination'
import type { Unit } from './types'

/** What the picker needs of a unit. */
/** What the picker needs of a unit (the public tree gives the level as text, an official's as UnitLevel). */
export type PickerUnit = Pick<Unit, 'id' | 'name'> & { level: string }

export type PublicUnit = PublicUnitsQuery['publicUnitsConnection']['edges'][number]['node']

/** One page of a level of the tree: `next` is the cursor of the page after it (null at the end),
 * `total` how many units the level has. */
export interface UnitPage<U> {
  units: U[]
  next: string | null
  total: number
}

/** Units per page of the public picker (the server's page size maximum is 100). */
export const UNIT_PAGE_SIZE = 100

export async function fetchUnits(parentId: string | null): Promise<Unit[]> {
  const variables: UnitsQueryVariables = { parentId }
  const data = await gql<UnitsQuery>(
    /* GraphQL */ `query Units($parentId: ID) { units(parentId: $parentId) { id name level path } }`,
    variables,
  )
  return data.units
}

/** One page of the counties (no parent) or of a unit's children, by path; `after` the `next` of the
 * page before. Nothing is left out: the picker asks for the next page while there is one. */
export async function fetchPublicUnits(parentId: string | null, after: string | null = null): Promise<UnitPage<PublicUnit>> {
  const variables: PublicUnitsQueryVariables = { parentId, first: UNIT_PAGE_SIZE, after }
  const data = await gql<PublicUnitsQuery>(
    /* GraphQL */ `query PublicUnits($parentId: ID, $first: Int, $after: String) {
      publicUnitsConnection(parentId: $parentId, first: $first, after: $after) {
        edges { cursor node { id name level } } pageInfo { hasNextPage endCursor } totalCount
      }
    }`,
    variables,
  )
  return toUnitPage(data.publicUnitsConnection)
}

export function toUnitPage<U>(connection: Connection<U>): UnitPage<U> {
  const { pageInfo } = connection
  return {
    units: connection.edges.map((edge) => edge.node),
    next: pageInfo.hasNextPage && pageInfo.endCursor ? pageInfo.endCursor : null,
    total: connection.totalCount,
  }
}

/** A page as the picker keeps it: a whole list (an official's `units`) is one last page. */
export function asUnitPage<U>(result: U[] | UnitPage<U>): UnitPage<U> {
  return Array.isArray(result) ? { units: result, next: null, total: result.length } : result
}

/** `page` after `shown`, without a unit shown already (the tree may change between pages). */
export function appendUnits<U extends { id: string }>(shown: UnitPage<U>, page: UnitPage<U>): UnitPage<U> {
  const seen = new Set(shown.units.map((u) => u.id))
  return { units: [...shown.units, ...page.units.filter((u) => !seen.has(u.id))], next: page.next, total: page.total }
}
