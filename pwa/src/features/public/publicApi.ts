import { gql, type UserError } from '../../shared/graphql'
import type { CaseStatus, Satisfaction } from '../../shared/types'
import type { ReviewResult } from '../../shared/matter'


export interface PublicCase {
  queryCode: string
  title: string
  status: CaseStatus
  unitName: string
  reply: string | null
  rating: Satisfaction | null
  canRate: boolean
  canRequestReview: boolean
  registeredAt: string
  acceptDueAt: string
  handleDueAt: string | null
  outcome: 'SUPPORTED' | 'EXPLAINED' | 'NOT_SUPPORTED' | null
  ratingDueAt: string | null
  reviewRequestDueAt: string | null
  /** 三级终结: when the 复核 opinion concluded the matter. */
  concludedAt: string | null
  /** While under 复查 / 复核: when the opinion is due. */
  reviewDueAt: string | null
  /** The body reviewing now, or the one the petitioner may ask next (the city for a 复核 of the county's opinion). */
  reviewBody: string | null
  /** The running deadline runs into a year whose holidays are not entered yet. */
  deadlineProvisional: boolean
  /** A REVIEW / REREVIEW opinion carries its stated result (维持 / 变更 / 撤销). */
  documents: { kind: string; body: string; publishedAt: string; reviewResult?: ReviewResult | null; issuedBy?: string | null }[]
}

const PUBLIC_FIELDS = `queryCode title status unitName reply rating canRate canRequestReview
  registeredAt acceptDueAt handleDueAt outcome ratingDueAt reviewRequestDueAt
  concludedAt reviewDueAt reviewBody deadlineProvisional
  documents { kind body publishedAt reviewResult issuedBy }`

export interface PublicPayload {
  case: PublicCase | null
  userErrors: UserError[]
}

export interface PetitionInput {
  unitId: string
  kind: 'SUGGESTION' | 'ACCUSATION' | 'COMPLAINT'
  category: string | null
  title: string
  content: string
  place: string | null
  name: string
  phone: string
  /** 检举控告 only: the unit it concerns (left out: "not sure", the unit above). */
  accusedUnitId?: string
  /** Signed tokens of the photos and scans uploaded to /public/attachments. */
  attachmentTokens?: string[] | null
}

export async function submitPetition(input: PetitionInput): Promise<{ queryCode: string | null; userErrors: UserError[] }> {
  const data = await gql<{ submitPetition: { queryCode: string | null; userErrors: UserError[] } }>(
    `mutation Submit($input: SubmitPetitionInput!) { submitPetition(input: $input) { queryCode userErrors { field message code } } }`,
    { input },
  )
  return data.submitPetition
}

export async function trackCase(queryCode: string, phoneLast4: string): Promise<PublicCase | null> {
  const data = await gql<{ trackCase: PublicCase | null }>(
    `query Track($code: String!, $last4: String!) { trackCase(queryCode: $code, phoneLast4: $last4) { ${PUBLIC_FIELDS} } }`,
    { code: queryCode, last4: phoneLast4 },
  )
  return data.trackCase
}

export async function rateCase(queryCode: string, phoneLast4: string, level: Satisfaction, comment: string | null): Promise<PublicPayload> {
  const data = await gql<{ rateCase: PublicPayload }>(
    `mutation Rate($code: String!, $last4: String!, $level: Satisfaction!, $comment: String) {
      rateCase(queryCode: $code, phoneLast4: $last4, level: $level, comment: $comment) { case { ${PUBLIC_FIELDS} } userErrors { field message code } }
    }`,
    { code: queryCode, last4: phoneLast4, level, comment },
  )
  return data.rateCase
}

export async function requestReview(queryCode: string, phoneLast4: string, reason: string): Promise<PublicPayload> {
  const data = await gql<{ requestReview: PublicPayload }>(
    `mutation Review($code: String!, $last4: String!, $reason: String!) {
      requestReview(queryCode: $code, phoneLast4: $last4, reason: $reason) { case { ${PUBLIC_FIELDS} } userErrors { field message code } }
    }`,
    { code: queryCode, last4: phoneLast4, reason },
  )
  return data.requestReview
}

export async function ratingLinkCase(token: string): Promise<PublicCase | null> {
  const data = await gql<{ ratingLinkCase: PublicCase | null }>(
    `query Link($token: String!) { ratingLinkCase(token: $token) { ${PUBLIC_FIELDS} } }`,
    { token },
  )
  return data.ratingLinkCase
}

export async function rateCaseByLink(token: string, level: Satisfaction, comment: string | null): Promise<PublicPayload> {
  const data = await gql<{ rateCaseByLink: PublicPayload }>(
    `mutation RateLink($token: String!, $level: Satisfaction!, $comment: String) {
      rateCaseByLink(token: $token, level: $level, comment: $comment) { case { ${PUBLIC_FIELDS} } userErrors { field message code } }
    }`,
    { token, level, comment },
  )
  return data.rateCaseByLink
}

/** A unit's line on 阳光信访: aggregates only. */
export interface SunshineUnit {
  name: string
  level: string
  parentName: string | null
  sanwu: boolean
  rated: number
  satisfactionPercent: number | null
}

export async function fetchPublic(year: number): Promise<{ countyName: string; units: SunshineUnit[] } | null> {
  const counties = await gql<{ publicCounties: { id: string; name: string }[] }>(`{ publicCounties { id name } }`)
  const county = counties.publicCounties[0]
  if (!county) return null
  const data = await gql<{ publicTransparency: { countyName: string; units: SunshineUnit[] } }>(
    `query($c: ID!, $y: Int!) { publicTransparency(countyId: $c, year: $y) { countyName units { name level parentName sanwu rated satisfactionPercent } } }`,
    { c: county.id, y: year },
  )
  return data.publicTransparency
}
