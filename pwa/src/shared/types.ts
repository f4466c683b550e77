// Types of the API's data, from the generated ones (npm run codegen: schema/schema.graphql and the
// /* GraphQL */ operations), under the names the screens use.
import type { CaseDetailFieldsFragment, CaseListItemFieldsFragment, IncidentKind, SessionUserFragment } from './api.generated'

export type { CaseStatus, Channel, DeadlineState, IncidentKind, Satisfaction, UnitLevel } from './api.generated'
import type { CaseStatus, Channel } from './api.generated'

export const CASE_STATUSES: CaseStatus[] = [
  'REGISTERED',
  'ACCEPTED',
  'REJECTED',
  'FORWARDED',
  'ASSIGNED',
  'REPLIED',
  'CLOSED',
  'UNDER_REVIEW',
  'UNDER_REREVIEW',
  'CONCLUDED',
]
/** Statuses in which a case is still being worked on (the home screen's "open" count). */
export const OPEN_STATUSES: CaseStatus[] = [
  'REGISTERED',
  'ACCEPTED',
  'FORWARDED',
  'ASSIGNED',
  'REPLIED',
  'UNDER_REVIEW',
  'UNDER_REREVIEW',
]
export const CHANNELS: Channel[] = ['LETTER', 'VISIT', 'ONLINE', 'PHONE', 'FAX', 'EMAIL', 'LEADER_RECEPTION', 'PROXY']

/** The signed-in user (the session's `me`). */
export type User = SessionUserFragment
export type Unit = User['unit']
/** A row of a case list. */
export type CaseListItem = CaseListItemFieldsFragment
/** A case as the case page shows it. */
export type CaseDetail = CaseDetailFieldsFragment
export type CaseEvent = CaseDetail['timeline'][number]

/** The kinds of escalation incident (越级访/集体访 …), as the server's IncidentKind. */
export const INCIDENT_KINDS = [
  'BEIJING_ESCALATED',
  'BEIJING_NON_RECEPTION',
  'PROVINCE_NON_RECEPTION',
  'CITY_NON_RECEPTION',
  'PROVINCE_ESCALATED',
  'CITY_ESCALATED',
  'COLLECTIVE_TO_COUNTY',
  'COLLECTIVE_TO_CITY',
  'COLLECTIVE_ABOVE_COUNTY',
  'EXTREME_INCIDENT',
  'MEDIA_HYPE',
] as const satisfies readonly IncidentKind[]
