/** GraphQL calls of the evaluation settings editor (versions, built-in templates, preview, save). */
import type {
  EvaluationSettingsPreviewQuery,
  EvaluationSettingsPreviewQueryVariables,
  EvaluationSettingsVersionsQuery,
  EvaluationSettingsVersionsQueryVariables,
  SanwuTemplatesQuery,
  SaveEvaluationSettingsInput,
  SaveEvaluationSettingsMutation,
  SaveEvaluationSettingsMutationVariables,
  SettingsVersionFieldsFragment,
} from '../../shared/api.generated'
import { gql, type UserError } from '../../shared/graphql'
import type { Policy, Template } from './evaluationSettings'

/** A stored version; its `template` and `policy` (JSON scalars) read as the editor's shapes. */
export type SettingsVersion = Omit<SettingsVersionFieldsFragment, 'template' | 'policy'> & { template: Template; policy: Policy }
export type TemplateChoice = Omit<SanwuTemplatesQuery['sanwuTemplates'][number], 'template'> & { template: Template }
export type SettingsPreview = EvaluationSettingsPreviewQuery['evaluationSettingsPreview']
export type UnitEffect = SettingsPreview['effects'][number]
export type TargetEffect = SettingsPreview['targets'][number]

const VERSION_FRAGMENT = /* GraphQL */ `fragment SettingsVersionFields on EvaluationSettingsVersion {
  version current templateCode templateName template policy note createdAt
  createdBy { username displayName } reviewRuns { id year computedAt }
}`

export async function fetchVersions(countyId: string): Promise<SettingsVersion[]> {
  const variables: EvaluationSettingsVersionsQueryVariables = { c: countyId }
  const data = await gql<EvaluationSettingsVersionsQuery>(
    /* GraphQL */ `query EvaluationSettingsVersions($c: ID!) { evaluationSettingsVersions(countyId: $c) { ...SettingsVersionFields } }
    ${VERSION_FRAGMENT}`,
    variables,
  )
  return data.evaluationSettingsVersions as SettingsVersion[]
}

export async function fetchTemplateChoices(): Promise<TemplateChoice[]> {
  const data = await gql<SanwuTemplatesQuery>(/* GraphQL */ `query SanwuTemplates { sanwuTemplates { code name source template } }`)
  return data.sanwuTemplates as TemplateChoice[]
}

export async function previewSettings(
  countyId: string,
  template: Template,
  policy: Policy,
  signal?: AbortSignal,
): Promise<SettingsPreview> {
  const variables: EvaluationSettingsPreviewQueryVariables = { i: { countyId, template, policy } }
  const data = await gql<EvaluationSettingsPreviewQuery>(
    /* GraphQL */ `query EvaluationSettingsPreview($i: EvaluationSettingsDraftInput!) { evaluationSettingsPreview(input: $i) {
      year units sanwuBefore sanwuAfter vetoedBefore vetoedAfter
      effects { unit { id name level } population sanwuBefore sanwuAfter failedAfter vetoedBefore vetoedAfter
                scoreBefore scoreAfter gradeBefore gradeAfter rankBefore rankAfter }
      targets { tier scopeUnit { id name level } total qualifyingBefore qualifyingAfter actualPercentBefore
                actualPercentAfter targetPercentBefore targetPercentAfter metBefore metAfter }
      userErrors { field message code } } }`,
    variables,
    { signal },
  )
  return data.evaluationSettingsPreview
}

export async function saveSettings(
  input: SaveEvaluationSettingsInput,
): Promise<{ version: SettingsVersion | null; userErrors: UserError[] }> {
  const variables: SaveEvaluationSettingsMutationVariables = { i: input }
  const data = await gql<SaveEvaluationSettingsMutation>(
    /* GraphQL */ `mutation SaveEvaluationSettings($i: SaveEvaluationSettingsInput!) { saveEvaluationSettings(input: $i) {
      version { ...SettingsVersionFields } userErrors { field message code } } }
    ${VERSION_FRAGMENT}`,
    variables,
  )
  const { version, userErrors } = data.saveEvaluationSettings
  return { version: version as SettingsVersion | null, userErrors }
}
