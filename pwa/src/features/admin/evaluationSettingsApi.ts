/** GraphQL calls of the evaluation settings editor (versions, built-in templates, preview, save). */
import { gql, type UserError } from '../../shared/graphql'
import type { Policy, Template } from './evaluationSettings'

export interface SettingsVersion {
  version: number
  current: boolean
  templateCode: string
  templateName: string
  template: Template
  policy: Policy
  note: string | null
  createdAt: string | null
  createdBy: { username: string; displayName: string } | null
  reviewRuns: { id: string; year: number; computedAt: string }[]
}

export interface TemplateChoice {
  code: string
  name: string
  source: string
  template: Template
}

export interface UnitEffect {
  unit: { id: string; name: string; level: string }
  population: string
  sanwuBefore: boolean
  sanwuAfter: boolean
  failedAfter: string[]
  vetoedBefore: boolean
  vetoedAfter: boolean
  scoreBefore: number
  scoreAfter: number
  gradeBefore: string
  gradeAfter: string
  rankBefore: number
  rankAfter: number
}

export interface TargetEffect {
  tier: string
  scopeUnit: { id: string; name: string; level: string }
  total: number
  qualifyingBefore: number
  qualifyingAfter: number
  actualPercentBefore: number | null
  actualPercentAfter: number | null
  targetPercentBefore: number | null
  targetPercentAfter: number | null
  metBefore: boolean | null
  metAfter: boolean | null
}

export interface SettingsPreview {
  year: number | null
  units: number
  sanwuBefore: number
  sanwuAfter: number
  vetoedBefore: number
  vetoedAfter: number
  effects: UnitEffect[]
  targets: TargetEffect[]
  userErrors: UserError[]
}

const VERSION = `version current templateCode templateName template policy note createdAt
  createdBy { username displayName } reviewRuns { id year computedAt }`

export async function fetchVersions(countyId: string): Promise<SettingsVersion[]> {
  const data = await gql<{ evaluationSettingsVersions: SettingsVersion[] }>(
    `query EvaluationSettingsVersions($c: ID!) { evaluationSettingsVersions(countyId: $c) { ${VERSION} } }`,
    { c: countyId },
  )
  return data.evaluationSettingsVersions
}

export async function fetchTemplateChoices(): Promise<TemplateChoice[]> {
  const data = await gql<{ sanwuTemplates: TemplateChoice[] }>('query SanwuTemplates { sanwuTemplates { code name source template } }')
  return data.sanwuTemplates
}

export async function previewSettings(
  countyId: string,
  template: Template,
  policy: Policy,
  signal?: AbortSignal,
): Promise<SettingsPreview> {
  const data = await gql<{ evaluationSettingsPreview: SettingsPreview }>(
    `query EvaluationSettingsPreview($i: EvaluationSettingsDraftInput!) { evaluationSettingsPreview(input: $i) {
      year units sanwuBefore sanwuAfter vetoedBefore vetoedAfter
      effects { unit { id name level } population sanwuBefore sanwuAfter failedAfter vetoedBefore vetoedAfter
                scoreBefore scoreAfter gradeBefore gradeAfter rankBefore rankAfter }
      targets { tier scopeUnit { id name level } total qualifyingBefore qualifyingAfter actualPercentBefore
                actualPercentAfter targetPercentBefore targetPercentAfter metBefore metAfter }
      userErrors { field message code } } }`,
    { i: { countyId, template, policy } },
    { signal },
  )
  return data.evaluationSettingsPreview
}

export async function saveSettings(input: {
  countyId: string
  baseVersion: number
  template: Template
  policy: Policy
  note: string | null
}): Promise<{ version: SettingsVersion | null; userErrors: UserError[] }> {
  const data = await gql<{ saveEvaluationSettings: { version: SettingsVersion | null; userErrors: UserError[] } }>(
    `mutation SaveEvaluationSettings($i: SaveEvaluationSettingsInput!) { saveEvaluationSettings(input: $i) {
      version { ${VERSION} } userErrors { field message code } } }`,
    { i: input },
  )
  return data.saveEvaluationSettings
}
