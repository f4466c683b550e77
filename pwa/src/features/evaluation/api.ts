/** GraphQL calls of the joint evaluation (联建联创联评) screens. */
import type {
  AnnualReviewFieldsFragment,
  AnnualReviewQuery,
  AnnualReviewQueryVariables,
  DeclarationAction,
  DeclarationsQuery,
  DecideDeclarationMutation,
  DecideDeclarationMutationVariables,
  DeleteWorkSubmissionMutation,
  DeleteWorkSubmissionMutationVariables,
  LiveAnnualReviewQuery,
  LiveAnnualReviewQueryVariables,
  RunAnnualReviewMutation,
  RunAnnualReviewMutationVariables,
  SanwuTargetsQuery,
  SanwuTargetsQueryVariables,
  SetRectificationDoneMutation,
  SetRectificationDoneMutationVariables,
  StandardRatesQuery,
  StandardRatesQueryVariables,
  SubmitWorkInput,
  SubmitWorkMutation,
  SubmitWorkMutationVariables,
  UnitAnnualReviewQuery,
  UnitAnnualReviewQueryVariables,
  UnitWorkQuery,
  UnitWorkQueryVariables,
  WorkOverviewQuery,
  WorkOverviewQueryVariables,
} from '../../shared/api.generated'
import { gql, type UserError } from '../../shared/graphql'
import type { ChecklistItem, StandardRate, WorkSubmission } from './work'

/** One score part of a row's breakdown (the `breakdown` JSON the server computes). */
export interface ReviewPart {
  code: string
  label_zh: string
  label_en: string
  weight: string
  score: string
  weighted: string
  missing: boolean
}

/** What a row's `breakdown` (a JSON scalar, so not in the generated types) holds. */
export interface ReviewBreakdown {
  parts: ReviewPart[]
  subtotal: string
  total: string
  formula: string
  deductions: { total: string; items: { incident_id: string; kind: string; points: string }[] }
  veto_reasons: string[]
}

/** What a row's `inputs` (a JSON scalar) holds: the 三无 criteria, the incidents judged, the sheet's lines. */
export interface ReviewInputs {
  sanwu: { criteria: { code: string; label_zh: string; label_en: string; passed: boolean; incident_ids?: string[] }[] }
  /** The incidents judged (the unit's whole subtree); runs stored before the roll-up lack `units`. */
  incidents?: ReviewIncident[]
  self_assessment_lines?: { indicator: string; name: string; points: string; max_points: string; evidence: string | null; files?: string[] }[]
}

/** An incident as `inputs.incidents` (JSON) lists it. */
export interface ReviewIncident {
  id: number
  kind: string
  occurred_on: string
  headcount: number
  units?: { unit_id: number; unit_name: string; headcount: number }[]
  own?: boolean
  counts_for_consequences?: boolean
}

type JsonTyped<T, Typed> = Omit<T, keyof Typed> & Typed

export type ReviewRow = JsonTyped<AnnualReviewFieldsFragment['rows'][number], { breakdown: ReviewBreakdown; inputs: ReviewInputs }>
export type ReviewChange = NonNullable<LiveAnnualReviewQuery['annualReview']['changes']>[number]
export type AnnualReview = JsonTyped<AnnualReviewFieldsFragment, { rows: ReviewRow[] }> & {
  /** Computed now while a run is stored: what storing a new run would change. */
  changes?: ReviewChange[] | null
}
export type Target = SanwuTargetsQuery['sanwuTargets'][number]

const ANNUAL_REVIEW_FRAGMENT = /* GraphQL */ `fragment AnnualReviewFields on AnnualReview {
  county { id name } year stored computedAt templateCode configVersion
  rows { unit { id name level parent { name } } score rank grade gradeLabel sanwu vetoed failedRules population populationSize incomplete missingParts breakdown inputs }
}`

export async function fetchReview(countyId: string, year: number): Promise<AnnualReview> {
  const variables: AnnualReviewQueryVariables = { c: countyId, y: year }
  const data = await gql<AnnualReviewQuery>(
    /* GraphQL */ `query AnnualReview($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y) { ...AnnualReviewFields } }
    ${ANNUAL_REVIEW_FRAGMENT}`,
    variables,
  )
  return data.annualReview as AnnualReview
}

/** The review computed now, with its differences from the stored run (null when none is stored). */
export async function fetchLiveReview(countyId: string, year: number): Promise<AnnualReview> {
  const variables: LiveAnnualReviewQueryVariables = { c: countyId, y: year }
  const data = await gql<LiveAnnualReviewQuery>(
    /* GraphQL */ `query LiveAnnualReview($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y, live: true) {
      ...AnnualReviewFields changes { unitName field stored live } } }
    ${ANNUAL_REVIEW_FRAGMENT}`,
    variables,
  )
  return data.annualReview as AnnualReview
}

/** The county's stored review as the viewer's unit sees it (its own subtree's rows); null until the county stores one. */
export async function fetchUnitReview(unitId: string, year: number): Promise<AnnualReview | null> {
  const variables: UnitAnnualReviewQueryVariables = { u: unitId, y: year }
  const data = await gql<UnitAnnualReviewQuery>(
    /* GraphQL */ `query UnitAnnualReview($u: ID!, $y: Int!) { unitAnnualReview(unitId: $u, year: $y) { ...AnnualReviewFields } }
    ${ANNUAL_REVIEW_FRAGMENT}`,
    variables,
  )
  return data.unitAnnualReview as AnnualReview | null
}

/** Stores the review; with incomplete units only confirmed with a note (the refusal's message otherwise). */
export async function runReview(
  countyId: string,
  year: number,
  confirmIncomplete = false,
  note: string | null = null,
): Promise<{ review: AnnualReview | null; message: string | null }> {
  const variables: RunAnnualReviewMutationVariables = { c: countyId, y: year, confirm: confirmIncomplete, note }
  const data = await gql<RunAnnualReviewMutation>(
    /* GraphQL */ `mutation RunAnnualReview($c: ID!, $y: Int!, $confirm: Boolean!, $note: String) {
      runAnnualReview(countyId: $c, year: $y, confirmIncomplete: $confirm, note: $note) {
        review { ...AnnualReviewFields } userErrors { code message } } }
    ${ANNUAL_REVIEW_FRAGMENT}`,
    variables,
  )
  const errors = data.runAnnualReview.userErrors
  return { review: data.runAnnualReview.review as AnnualReview | null, message: errors.length ? errors.map((e) => e.message).join('；') : null }
}

export async function fetchTargets(countyId: string, year: number): Promise<Target[]> {
  const variables: SanwuTargetsQueryVariables = { c: countyId, y: year }
  const data = await gql<SanwuTargetsQuery>(
    /* GraphQL */ `query SanwuTargets($c: ID!, $y: Int!) { sanwuTargets(countyId: $c, year: $y) {
      scopeUnit { name level } tier label targetPercent qualifying total actualPercent met kind previousCount currentCount } }`,
    variables,
  )
  return data.sanwuTargets
}

export function exportUrl(countyId: string, year: number, format: 'xlsx' | 'pdf'): string {
  return `/exports/annual-review/${encodeURIComponent(countyId)}/${year}.${format}`
}

/** What a declaration's `summary` (a JSON scalar) holds: the review's result it was applied with. */
export interface DeclarationSummary {
  score?: string | null
  grade_zh?: string | null
  grade?: string | null
  rank?: number | null
  sanwu?: boolean
  vetoed?: boolean
}

export type Declaration = JsonTyped<DeclarationsQuery['declarations'][number], { summary: DeclarationSummary }>

export async function fetchDeclarations(): Promise<Declaration[]> {
  const data = await gql<DeclarationsQuery>(
    /* GraphQL */ `query Declarations { declarations { id year status unit { id name level } summary
      steps { toStatus comment at actor { displayName } } documents { ...FileFields } } }
    ${FILE_FRAGMENT}`,
  )
  return data.declarations as Declaration[]
}

export async function decideDeclaration(
  id: string,
  action: string,
  comment: string | null,
  attachmentIds: string[] = [],
): Promise<{ ok: boolean; message: string }> {
  const variables: DecideDeclarationMutationVariables = {
    i: { id, action: action as DeclarationAction, comment, ...(attachmentIds.length ? { attachmentIds } : {}) },
  }
  const data = await gql<DecideDeclarationMutation>(
    /* GraphQL */ `mutation DecideDeclaration($i: DecideDeclarationInput!) {
      decideDeclaration(input: $i) { declaration { id } userErrors { message } } }`,
    variables,
  )
  const errors = data.decideDeclaration.userErrors
  return { ok: errors.length === 0, message: errors.map((e) => e.message).join('；') }
}

/** Which declaration steps a viewer's roles can take, by current status. */
export const NEXT_ACTION: Record<string, { action: string; role: string[] }> = {
  APPLIED: { action: 'COUNTY_DECLARE', role: ['county_officer', 'county_leader'] },
  COUNTY_DECLARED: { action: 'CITY_APPROVE', role: ['city_reviewer'] },
  CITY_APPROVED: { action: 'PROVINCE_RECOMMEND', role: ['province_reviewer'] },
  PROVINCE_RECOMMENDED: { action: 'DESIGNATE', role: ['province_reviewer'] },
}

// ---------------------------------------------------------------------------------------------
// 建·创 submissions, evidence files, rates


export const FILE_FRAGMENT = /* GraphQL */ `fragment FileFields on AttachmentInfo { id filename contentType size url }`
const SUBMISSION_FRAGMENT = /* GraphQL */ `fragment WorkSubmissionFields on WorkSubmission {
  id kind itemCode title description evidence { name note } files { ...FileFields } submittedAt
  unit { id name level } submittedBy { displayName }
}`

export type Problem = UserError

/** A unit's checklist (through its self-assessment sheet's campaign) and its submissions of the year. */
export async function fetchWork(
  unitId: string,
  year: number,
): Promise<{ campaign: { name: string; checklistItems: ChecklistItem[] } | null; submissions: WorkSubmission[] }> {
  const variables: UnitWorkQueryVariables = { u: unitId, y: year }
  const data = await gql<UnitWorkQuery>(
    /* GraphQL */ `query UnitWork($u: ID!, $y: Int!) { selfAssessment(unitId: $u, year: $y) { campaign { name checklistItems { code label } } }
      workSubmissions(unitId: $u, year: $y) { ...WorkSubmissionFields } }
    ${SUBMISSION_FRAGMENT} ${FILE_FRAGMENT}`,
    variables,
  )
  return { campaign: data.selfAssessment?.campaign ?? null, submissions: data.workSubmissions }
}

/** Every submission of the units under `unitId` (the county's overview), with the checklist. */
export async function fetchOverview(
  countyId: string,
  year: number,
): Promise<{ checklistItems: ChecklistItem[]; submissions: WorkSubmission[] }> {
  const variables: WorkOverviewQueryVariables = { u: countyId, y: year }
  const data = await gql<WorkOverviewQuery>(
    /* GraphQL */ `query WorkOverview($u: ID!, $y: Int!) { campaign(countyId: $u, year: $y) { checklistItems { code label } }
      workSubmissions(unitId: $u, year: $y, subtree: true) { ...WorkSubmissionFields } }
    ${SUBMISSION_FRAGMENT} ${FILE_FRAGMENT}`,
    variables,
  )
  return { checklistItems: data.campaign?.checklistItems ?? [], submissions: data.workSubmissions }
}

export async function saveWork(input: SubmitWorkInput): Promise<{ submission: WorkSubmission | null; problems: Problem[] }> {
  const variables: SubmitWorkMutationVariables = { i: input }
  const data = await gql<SubmitWorkMutation>(
    /* GraphQL */ `mutation SubmitWork($i: SubmitWorkInput!) { submitWork(input: $i) {
      submission { ...WorkSubmissionFields } userErrors { field message code } } }
    ${SUBMISSION_FRAGMENT} ${FILE_FRAGMENT}`,
    variables,
  )
  return { submission: data.submitWork.submission, problems: data.submitWork.userErrors }
}

export async function deleteWork(id: string): Promise<Problem[]> {
  const variables: DeleteWorkSubmissionMutationVariables = { id }
  const data = await gql<DeleteWorkSubmissionMutation>(
    /* GraphQL */ `mutation DeleteWorkSubmission($id: ID!) { deleteWorkSubmission(id: $id) { deletedId userErrors { field message code } } }`,
    variables,
  )
  return data.deleteWorkSubmission.userErrors
}

export async function fetchRates(
  unitId: string,
  start: string,
  end: string,
): Promise<{ rates: StandardRate[]; repeatPetitions: number | null }> {
  const variables: StandardRatesQueryVariables = { u: unitId, s: start, e: end }
  const data = await gql<StandardRatesQuery>(
    /* GraphQL */ `query StandardRates($u: ID!, $s: Date!, $e: Date!) { standardRates(unitId: $u, start: $s, end: $e) {
      rates { code label numerator denominator percent available note formula inputs } repeatPetitions } }`,
    variables,
  )
  return data.standardRates as { rates: StandardRate[]; repeatPetitions: number | null }
}

export async function setRectificationDone(id: string, doneOn: string | null): Promise<Problem[]> {
  const variables: SetRectificationDoneMutationVariables = { i: { id, doneOn } }
  const data = await gql<SetRectificationDoneMutation>(
    /* GraphQL */ `mutation SetRectificationDone($i: RectificationDoneInput!) {
      setRectificationDone(input: $i) { rectification { id doneOn } userErrors { field message code } } }`,
    variables,
  )
  return data.setRectificationDone.userErrors
}
