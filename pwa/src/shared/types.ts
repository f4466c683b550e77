export type UnitLevel = 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE'
export type DeadlineState = 'NONE' | 'ON_TIME' | 'DUE_SOON' | 'OVERDUE'
export type CaseStatus =
  | 'REGISTERED'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'FORWARDED'
  | 'ASSIGNED'
  | 'REPLIED'
  | 'CLOSED'
  | 'UNDER_REVIEW'
  | 'UNDER_REREVIEW'
  | 'CONCLUDED'
export type Channel = 'LETTER' | 'VISIT' | 'ONLINE' | 'PHONE' | 'FAX' | 'EMAIL' | 'LEADER_RECEPTION' | 'PROXY'
export type Satisfaction = 'SATISFIED' | 'BASICALLY_SATISFIED' | 'DISSATISFIED'

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

export interface Unit {
  id: string
  name: string
  level: UnitLevel
  path: string
}

export interface User {
  id: string
  username: string
  displayName: string
  unit: Unit
  roles: string[]
  /** Signed in with a one-time password: only the change-password screen works. */
  mustChangePassword?: boolean | null
}

export interface CaseListItem {
  id: string
  title: string
  status: CaseStatus
  headcount: number
  registeredAt: string
  dueAt: string | null
  deadlineState: DeadlineState
  /** Counted through a year whose holidays are not entered yet (a badge beside the deadline). */
  deadlineProvisional?: boolean
  overdue: boolean
  unit: { id: string; name: string }
}

export interface CaseEvent {
  kind: string
  at: string
  note: string | null
  /** RATED lines: the level the petitioner chose (the note is their comment). */
  satisfaction?: Satisfaction | null
  actor: { id: string; displayName: string } | null
}

export interface CaseDetail {
  id: string
  queryCode: string
  title: string
  content: string
  category: string | null
  channel: Channel
  status: CaseStatus
  headcount: number
  registeredAt: string
  acceptDueAt: string
  handleDueAt: string | null
  dueAt: string | null
  deadlineState: DeadlineState
  overdue: boolean
  rating: Satisfaction | null
  unit: Unit
  leader: { id: string; displayName: string } | null
  petitioners: { name: string; phone: string }[]
  timeline: CaseEvent[]
}

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
] as const
export type IncidentKind = (typeof INCIDENT_KINDS)[number]
