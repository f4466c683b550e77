import type {
  PublicCaseFieldsFragment,
  PublicCountiesQuery,
  PublicTransparencyQuery,
  PublicTransparencyQueryVariables,
  RateCaseByLinkMutation,
  RateCaseByLinkMutationVariables,
  RateCaseMutation,
  RateCaseMutationVariables,
  RatingLinkCaseQuery,
  RatingLinkCaseQueryVariables,
  RequestReviewMutation,
  RequestReviewMutationVariables,
  SubmitPetitionInput,
  SubmitPetitionMutation,
  SubmitPetitionMutationVariables,
  TrackCaseQuery,
  TrackCaseQueryVariables,
} from '../../shared/api.generated'
import { gql } from '../../shared/graphql'
import type { Satisfaction } from '../../shared/types'


/** A case as the petitioner tracks it (their query code and phone's last 4 digits, or a rating link). */
export type PublicCase = PublicCaseFieldsFragment
export type PublicPayload = RateCaseMutation['rateCase']
export type PetitionInput = SubmitPetitionInput
/** A unit's line on 阳光信访: aggregates only. */
export type SunshineUnit = PublicTransparencyQuery['publicTransparency']['units'][number]

const PUBLIC_CASE_FRAGMENT = /* GraphQL */ `fragment PublicCaseFields on PublicCase {
  queryCode title status unitName reply rating canRate canRequestReview
  registeredAt acceptDueAt handleDueAt outcome ratingDueAt reviewRequestDueAt
  concludedAt reviewDueAt reviewBody deadlineProvisional
  documents { kind body publishedAt reviewResult issuedBy }
}`

export async function submitPetition(input: PetitionInput): Promise<SubmitPetitionMutation['submitPetition']> {
  const variables: SubmitPetitionMutationVariables = { input }
  const data = await gql<SubmitPetitionMutation>(
    /* GraphQL */ `mutation SubmitPetition($input: SubmitPetitionInput!) {
      submitPetition(input: $input) { queryCode userErrors { field message code } } }`,
    variables,
  )
  return data.submitPetition
}

export async function trackCase(queryCode: string, phoneLast4: string): Promise<PublicCase | null> {
  const variables: TrackCaseQueryVariables = { code: queryCode, last4: phoneLast4 }
  const data = await gql<TrackCaseQuery>(
    /* GraphQL */ `query TrackCase($code: String!, $last4: String!) {
      trackCase(queryCode: $code, phoneLast4: $last4) { ...PublicCaseFields } }
    ${PUBLIC_CASE_FRAGMENT}`,
    variables,
  )
  return data.trackCase
}

export async function rateCase(queryCode: string, phoneLast4: string, level: Satisfaction, comment: string | null): Promise<PublicPayload> {
  const variables: RateCaseMutationVariables = { code: queryCode, last4: phoneLast4, level, comment }
  const data = await gql<RateCaseMutation>(
    /* GraphQL */ `mutation RateCase($code: String!, $last4: String!, $level: Satisfaction!, $comment: String) {
      rateCase(queryCode: $code, phoneLast4: $last4, level: $level, comment: $comment) {
        case { ...PublicCaseFields } userErrors { field message code } }
    }
    ${PUBLIC_CASE_FRAGMENT}`,
    variables,
  )
  return data.rateCase
}

export async function requestReview(queryCode: string, phoneLast4: string, reason: string): Promise<PublicPayload> {
  const variables: RequestReviewMutationVariables = { code: queryCode, last4: phoneLast4, reason }
  const data = await gql<RequestReviewMutation>(
    /* GraphQL */ `mutation RequestReview($code: String!, $last4: String!, $reason: String!) {
      requestReview(queryCode: $code, phoneLast4: $last4, reason: $reason) {
        case { ...PublicCaseFields } userErrors { field message code } }
    }
    ${PUBLIC_CASE_FRAGMENT}`,
    variables,
  )
  return data.requestReview
}

export async function ratingLinkCase(token: string): Promise<PublicCase | null> {
  const variables: RatingLinkCaseQueryVariables = { token }
  const data = await gql<RatingLinkCaseQuery>(
    /* GraphQL */ `query RatingLinkCase($token: String!) { ratingLinkCase(token: $token) { ...PublicCaseFields } }
    ${PUBLIC_CASE_FRAGMENT}`,
    variables,
  )
  return data.ratingLinkCase
}

export async function rateCaseByLink(token: string, level: Satisfaction, comment: string | null): Promise<PublicPayload> {
  const variables: RateCaseByLinkMutationVariables = { token, level, comment }
  const data = await gql<RateCaseByLinkMutation>(
    /* GraphQL */ `mutation RateCaseByLink($token: String!, $level: Satisfaction!, $comment: String) {
      rateCaseByLink(token: $token, level: $level, comment: $comment) {
        case { ...PublicCaseFields } userErrors { field message code } }
    }
    ${PUBLIC_CASE_FRAGMENT}`,
    variables,
  )
  return data.rateCaseByLink
}

export async function fetchPublic(year: number): Promise<{ countyName: string; units: SunshineUnit[] } | null> {
  const counties = await gql<PublicCountiesQuery>(/* GraphQL */ `query PublicCounties { publicCounties { id name } }`)
  const county = counties.publicCounties[0]
  if (!county) return null
  const variables: PublicTransparencyQueryVariables = { c: county.id, y: year }
  const data = await gql<PublicTransparencyQuery>(
    /* GraphQL */ `query PublicTransparency($c: ID!, $y: Int!) { publicTransparency(countyId: $c, year: $y) { countyName units { name level parentName sanwu rated satisfactionPercent } } }`,
    variables,
  )
  return data.publicTransparency
}
