/** GraphQL calls of the joint evaluation (联建联创联评) screens. */
import { gql } from '../../shared/graphql'
import type { ChecklistItem, FileInfo, StandardRate, WorkSubmission } from './work'

export interface ReviewPart {
  code: string
  label_zh: string
  label_en: string
  weight: string
  score: string
  weighted: string
  missing: boolean
}

export interface ReviewRow {
  unit: { id: string; name: string; level: string; parent?: { name: string } | null }
  score: number
  rank: number
  grade: string
  gradeLabel: string
  sanwu: boolean
  vetoed: boolean
  failedRules: string[]
  population: string
  /** How many units it is ranked among (townships or villages of the county). */
  populationSize: number
  /** A score part nobody filled: not graded, ranked after the complete units. */
  incomplete?: boolean
  missingParts?: string[]
  breakdown: {
    parts: ReviewPart[]
    subtotal: string
    total: string
    formula: string
    deductions: { total: string; items: { incident_id: string; kind: string; points: string }[] }
    veto_reasons: string[]
  }
  inputs: {
    sanwu: { criteria: { code: string; label_zh: string; label_en: string; passed: boolean; incident_ids?: string[] }[] }
    /** The incidents judged (the unit's whole subtree); runs stored before the roll-up lack `units`. */
    incidents?: ReviewIncident[]
    self_assessment_lines?: { indicator: string; name: string; points: string; max_points: string; evidence: string | null; files?: string[] }[]
  }
}

export interface ReviewIncident {
  id: number
  kind: string
  occurred_on: string
  headcount: number
  units?: { unit_id: number; unit_name: string; headcount: number }[]
  own?: boolean
  counts_for_consequences?: boolean
}

export interface ReviewChange {
  unitName: string
  field: string
  stored: string | null
  live: string | null
}

export interface AnnualReview {
  county: { id: string; name: string }
  year: number
  stored: boolean
  computedAt: string
  templateCode: string
  configVersion: number
  rows: ReviewRow[]
  /** Computed now while a run is stored: what storing a new run would change. */
  changes?: ReviewChange[] | null
}

export interface Target {
  scopeUnit: { name: string; level: string }
  tier: string
  label: string
  targetPercent: number | null
  qualifying: number
  total: number
  actualPercent: number | null
  met: boolean | null
  /** UNITS_SANWU_PERCENT, or ESCALATION_REDUCTION (seed 000: this year against last year). */
  kind?: string
  previousCount?: number | null
  currentCount?: number | null
}

const REVIEW_FIELDS = `county { id name } year stored computedAt templateCode configVersion
  rows { unit { id name level parent { name } } score rank grade gradeLabel sanwu vetoed failedRules population populationSize incomplete missingParts breakdown inputs }`

export async function fetchReview(countyId: string, year: number): Promise<AnnualReview> {
  const data = await gql<{ annualReview: AnnualReview }>(
    `query($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y) { ${REVIEW_FIELDS} } }`,
    { c: countyId, y: year },
  )
  return data.annualReview
}

/** The review computed now, with its differences from the stored run (null when none is stored). */
export async function fetchLiveReview(countyId: string, year: number): Promise<AnnualReview> {
  const data = await gql<{ annualReview: AnnualReview }>(
    `query($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y, live: true) {
      ${REVIEW_FIELDS} changes { unitName field stored live } } }`,
    { c: countyId, y: year },
  )
  return data.annualReview
}

/** The county's stored review as the viewer's unit sees it (its own subtree's rows); null until the county stores one. */
export async function fetchUnitReview(unitId: string, year: number): Promise<AnnualReview | null> {
  const data = await gql<{ unitAnnualReview: AnnualReview | null }>(
    `query($u: ID!, $y: Int!) { unitAnnualReview(unitId: $u, year: $y) { ${REVIEW_FIELDS} } }`,
    { u: unitId, y: year },
  )
  return data.unitAnnualReview
}

/** Stores the review; with incomplete units only confirmed with a note (the refusal's message otherwise). */
export async function runReview(
  countyId: string,
  year: number,
  confirmIncomplete = false,
  note: string | null = null,
): Promise<{ review: AnnualReview | null; message: string | null }> {
  const data = await gql<{ runAnnualReview: { review: AnnualReview | null; userErrors: { code: string; message: string }[] } }>(
    `mutation($c: ID!, $y: Int!, $confirm: Boolean!, $note: String) {
      runAnnualReview(countyId: $c, year: $y, confirmIncomplete: $confirm, note: $note) { review { ${REVIEW_FIELDS} } userErrors { code message } } }`,
    { c: countyId, y: year, confirm: confirmIncomplete, note },
  )
  const errors = data.runAnnualReview.userErrors
  return { review: data.runAnnualReview.review, message: errors.length ? errors.map((e) => e.message).join('；') : null }
}

export async function fetchTargets(countyId: string, year: number): Promise<Target[]> {
  const data = await gql<{ sanwuTargets: Target[] }>(
    `query($c: ID!, $y: Int!) { sanwuTargets(countyId: $c, year: $y) {
      scopeUnit { name level } tier label targetPercent qualifying total actualPercent met kind previousCount currentCount } }`,
    { c: countyId, y: year },
  )
  return data.sanwuTargets
}

export function exportUrl(countyId: string, year: number, format: 'xlsx' | 'pdf'): string {
  return `/exports/annual-review/${encodeURIComponent(countyId)}/${year}.${format}`
}

export interface Declaration {
  id: string
  year: number
  status: string
  unit: { id: string; name: string; level: string }
  summary: { score?: string | null; grade_zh?: string | null; grade?: string | null; rank?: number | null; sanwu?: boolean; vetoed?: boolean }
  steps: { toStatus: string; comment: string | null; at: string; actor: { displayName: string } | null }[]
  documents: FileInfo[]
}

export async function fetchDeclarations(): Promise<Declaration[]> {
  const data = await gql<{ declarations: Declaration[] }>(
    `{ declarations { id year status unit { id name level } summary steps { toStatus comment at actor { displayName } }
      documents { id filename contentType size url } } }`,
  )
  return data.declarations
}

export async function decideDeclaration(
  id: string,
  action: string,
  comment: string | null,
  attachmentIds: string[] = [],
): Promise<{ ok: boolean; message: string }> {
  const data = await gql<{ decideDeclaration: { declaration: { id: string } | null; userErrors: { message: string }[] } }>(
    `mutation($i: DecideDeclarationInput!) { decideDeclaration(input: $i) { declaration { id } userErrors { message } } }`,
    { i: { id, action, comment, ...(attachmentIds.length ? { attachmentIds } : {}) } },
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


export const FILE_FIELDS = 'id filename contentType size url'
const SUBMISSION_FIELDS = `id kind itemCode title description evidence { name note } files { ${FILE_FIELDS} } submittedAt
  unit { id name level } submittedBy { displayName }`

export interface Problem {
  field: string[] | null
  message: string
  code: string
}

/** A unit's checklist (through its self-assessment sheet's campaign) and its submissions of the year. */
export async function fetchWork(
  unitId: string,
  year: number,
): Promise<{ campaign: { name: string; checklistItems: ChecklistItem[] } | null; submissions: WorkSubmission[] }> {
  const data = await gql<{
    selfAssessment: { campaign: { name: string; checklistItems: ChecklistItem[] } } | null
    workSubmissions: WorkSubmission[]
  }>(
    `query($u: ID!, $y: Int!) { selfAssessment(unitId: $u, year: $y) { campaign { name checklistItems { code label } } }
      workSubmissions(unitId: $u, year: $y) { ${SUBMISSION_FIELDS} } }`,
    { u: unitId, y: year },
  )
  return { campaign: data.selfAssessment?.campaign ?? null, submissions: data.workSubmissions }
}

/** Every submission of the units under `unitId` (the county's overview), with the checklist. */
export async function fetchOverview(
  countyId: string,
  year: number,
): Promise<{ checklistItems: ChecklistItem[]; submissions: WorkSubmission[] }> {
  const data = await gql<{ campaign: { checklistItems: ChecklistItem[] } | null; workSubmissions: WorkSubmission[] }>(
    `query($u: ID!, $y: Int!) { campaign(countyId: $u, year: $y) { checklistItems { code label } }
      workSubmissions(unitId: $u, year: $y, subtree: true) { ${SUBMISSION_FIELDS} } }`,
    { u: countyId, y: year },
  )
  return { checklistItems: data.campaign?.checklistItems ?? [], submissions: data.workSubmissions }
}

export async function saveWork(input: Record<string, unknown>): Promise<{ submission: WorkSubmission | null; problems: Problem[] }> {
  const data = await gql<{ submitWork: { submission: WorkSubmission | null; userErrors: Problem[] } }>(
    `mutation($i: SubmitWorkInput!) { submitWork(input: $i) { submission { ${SUBMISSION_FIELDS} } userErrors { field message code } } }`,
    { i: input },
  )
  return { submission: data.submitWork.submission, problems: data.submitWork.userErrors }
}

export async function deleteWork(id: string): Promise<Problem[]> {
  const data = await gql<{ deleteWorkSubmission: { userErrors: Problem[] } }>(
    `mutation($id: ID!) { deleteWorkSubmission(id: $id) { deletedId userErrors { field message code } } }`,
    { id },
  )
  return data.deleteWorkSubmission.userErrors
}

export async function fetchRates(
  unitId: string,
  start: string,
  end: string,
): Promise<{ rates: StandardRate[]; repeatPetitions: number | null }> {
  const data = await gql<{ standardRates: { rates: StandardRate[]; repeatPetitions: number | null } }>(
    `query($u: ID!, $s: Date!, $e: Date!) { standardRates(unitId: $u, start: $s, end: $e) {
      rates { code label numerator denominator percent available note formula inputs } repeatPetitions } }`,
    { u: unitId, s: start, e: end },
  )
  return data.standardRates
}

export async function setRectificationDone(id: string, doneOn: string | null): Promise<Problem[]> {
  const data = await gql<{ setRectificationDone: { userErrors: Problem[] } }>(
    `mutation($i: RectificationDoneInput!) { setRectificationDone(input: $i) { rectification { id doneOn } userErrors { field message code } } }`,
    { i: { id, doneOn } },
  )
  return data.setRectificationDone.userErrors
}
