/**
 * The evaluation settings editor's state: the versions, the draft being edited (and the template it
 * started from), its changes against the version in force, and the server's answer about it.
 *
 * The checks are the server's: a moment after each edit the draft goes to `evaluationSettingsPreview`,
 * which answers either the problems field by field (server/evaluation/settings_rules.py, in the
 * reader's language) or the effect on this year. `saveEvaluationSettings` checks the same again.
 *
 * `useSettingsDraft()` makes the state (the page calls it once) and hands it to the page's sections,
 * which take it with `settingsDraft()`.
 */
import { computed, inject, provide, reactive, ref, watch, type InjectionKey } from 'vue'
import { useI18n } from 'vue-i18n'
import { errorMessageKey, type UserError } from '../../shared/graphql'
import {
  TIERS,
  clone,
  exactSum,
  followAccountabilityLabels,
  followLabels,
  normalised,
  serverFieldKey,
  targetLabels,
  WEIGHT_KEYS,
  type Criterion,
  type Settings,
  type Template,
} from './evaluationSettings'
import { diffSettings, type Change } from './settingsChanges'
import {
  fetchTemplateChoices,
  fetchVersions,
  previewSettings,
  saveSettings,
  type SettingsPreview,
  type SettingsVersion,
  type TemplateChoice,
} from './evaluationSettingsApi'
import { useSettingsNames } from './settingsNames'
import { useTenant } from './useTenant'

/** How long typing may pause before the draft is checked by the server. */
export const CHECK_DELAY_MS = 400

function createSettingsDraft() {
  const { t } = useI18n()
  const versions = ref<SettingsVersion[]>([])
  const choices = ref<TemplateChoice[]>([])
  const draft = ref<Settings | null>(null)
  /** The template the draft started from: labels follow their numbers from its wording. */
  const origin = ref<Template | null>(null)
  /** Wording the user wrote themselves (`TIER.CODE`, `accountability`): it no longer follows numbers. */
  const touched = reactive(new Set<string>())
  const note = ref('')
  const chosenBase = ref('')
  const loading = ref(false)
  const error = ref('')
  const message = ref('')
  /** The server's problems with the draft, by field key (`template.tiers.TOWNSHIP[1].headcount.value`). */
  const fieldErrors = ref<Record<string, string>>({})
  const generalErrors = ref<string[]>([])
  const stale = ref(false)
  const reviewOpen = ref(false)
  const saving = ref(false)
  const preview = ref<SettingsPreview | null>(null)
  const checking = ref(false)
  const previewError = ref('')

  const { tenants, tenantId, error: tenantError, choose } = useTenant((id) => load(id))
  const current = computed(() => versions.value.find((v) => v.current) ?? null)
  const nextVersion = computed(() => (versions.value[0]?.version ?? 0) + 1)

  async function load(id: string, keepMessage = false) {
    loading.value = true
    error.value = ''
    if (!keepMessage) message.value = ''
    try {
      const [v, c] = await Promise.all([fetchVersions(id), choices.value.length ? Promise.resolve(choices.value) : fetchTemplateChoices()])
      versions.value = v
      choices.value = c
      reset()
    } catch (e) {
      error.value = t(errorMessageKey(e))
    } finally {
      loading.value = false
    }
  }

  function startFrom(template: Template, policy = draft.value?.policy ?? current.value?.policy) {
    if (!policy) return
    const copy = clone(template)
    // A stored template may leave these out; the form edits them in place.
    copy.deductions ??= { per_incident: {}, cap: null }
    copy.targets ??= []
    draft.value = { template: copy, policy: clone(policy) }
    origin.value = clone(template)
    touched.clear()
    fieldErrors.value = {}
    generalErrors.value = []
    stale.value = false
    preview.value = null
    chosenBase.value = template.code
  }

  function reset() {
    if (!current.value) return
    startFrom(current.value.template, current.value.policy)
    note.value = ''
  }

  function loadBase() {
    const choice = choices.value.find((c) => c.code === chosenBase.value)
    if (choice) startFrom(choice.template)
  }

  function useVersion(v: SettingsVersion) {
    startFrom(v.template, v.policy)
    note.value = t('evaluationSettings.fromVersion', { version: v.version })
    window.scrollTo?.({ top: 0, behavior: 'smooth' })
  }

  // ---- labels follow the numbers they quote, unless the user wrote their own ---------------

  const labelKey = (tierName: string, code: string) => `${tierName}.${code}`

  watch(
    draft,
    (d) => {
      if (!d || !origin.value) return
      for (const tierName of TIERS) {
        for (const c of d.template.tiers[tierName] ?? []) {
          const o = origin.value.tiers[tierName]?.find((x) => x.code === c.code)
          followLabels(c, o, touched.has(labelKey(tierName, c.code)))
        }
      }
      if (d.template.accountability) followAccountabilityLabels(d.template.accountability, origin.value.accountability, touched.has('accountability'))
      for (const target of d.template.targets ?? []) {
        const labels = targetLabels(target.tier, target.scope, target.min_percent)
        if (target.label_zh !== labels.label_zh) target.label_zh = labels.label_zh
        if (target.label_en !== labels.label_en) target.label_en = labels.label_en
      }
    },
    { deep: true },
  )

  /** Numbers changed but the wording kept in one language: the user should look at it. */
  function wordingUnchanged(c: Criterion, tierName: string): boolean {
    const o = origin.value?.tiers[tierName]?.find((x) => x.code === c.code)
    if (!o) return false
    const paramsChanged =
      JSON.stringify([o.kinds, o.destination_at_or_above, o.headcount, o.max_overdue_backlog]) !==
      JSON.stringify([c.kinds, c.destination_at_or_above, c.headcount, c.max_overdue_backlog])
    return paramsChanged && (c.label_zh === o.label_zh || c.label_en === o.label_en)
  }

  // ---- changes, and the server's answer about them ----------------------------------------------

  const payload = computed(() => (draft.value ? normalised(draft.value) : null))
  const changes = computed<Change[]>(() =>
    current.value && payload.value ? diffSettings({ template: current.value.template, policy: current.value.policy }, payload.value) : [],
  )
  const weightSum = computed(() => (draft.value ? exactSum(WEIGHT_KEYS.map((k) => draft.value!.policy.weights[k])) : '0'))
  const problemCount = computed(() => Object.keys(fieldErrors.value).length)

  /** The server's message for a field ('' when it has none). */
  const err = (key: string): string => fieldErrors.value[key] ?? ''

  function applyServerErrors(errors: UserError[]) {
    const byField: Record<string, string> = {}
    const general: string[] = []
    for (const e of errors) {
      const key = serverFieldKey(e.field)
      if (key && key !== 'countyId') byField[key] ??= e.message
      else general.push(e.message)
      if (e.code === 'CONFLICT') stale.value = true
    }
    fieldErrors.value = byField
    generalErrors.value = general
  }

  let checkTimer: ReturnType<typeof setTimeout> | null = null
  let checkAbort: AbortController | null = null

  function cancelCheck() {
    if (checkTimer) clearTimeout(checkTimer)
    checkTimer = null
    checkAbort?.abort()
    checkAbort = null
    checking.value = false
  }

  /** Ask the server about the draft now: its problems, or else its effect on this year. */
  async function check() {
    cancelCheck()
    if (!payload.value || !tenantId.value) return
    if (changes.value.length === 0) return // the version in force: nothing to check, no effect
    const controller = new AbortController()
    checkAbort = controller
    checking.value = true
    previewError.value = ''
    try {
      const result = await previewSettings(tenantId.value, payload.value.template, payload.value.policy, controller.signal)
      if (controller.signal.aborted) return
      applyServerErrors(result.userErrors)
      preview.value = result.userErrors.length ? null : result
    } catch (e) {
      if (!controller.signal.aborted) previewError.value = t(errorMessageKey(e))
    } finally {
      if (checkAbort === controller) {
        checking.value = false
        checkAbort = null
      }
    }
  }

  // An edit makes the last answer old: it goes at once, and the new draft is asked about shortly.
  watch(payload, () => {
    cancelCheck()
    fieldErrors.value = {}
    preview.value = null
    previewError.value = ''
    if (changes.value.length) checkTimer = setTimeout(check, CHECK_DELAY_MS)
  })

  function openReview() {
    message.value = ''
    reviewOpen.value = true
    if (changes.value.length && !preview.value && !checking.value && problemCount.value === 0) void check()
  }

  async function save() {
    if (!payload.value || !tenantId.value || problemCount.value > 0 || changes.value.length === 0) return
    saving.value = true
    generalErrors.value = []
    try {
      const result = await saveSettings({
        countyId: tenantId.value,
        baseVersion: current.value?.version ?? 0,
        template: payload.value.template,
        policy: payload.value.policy,
        note: note.value.trim() || null,
      })
      if (result.version) {
        reviewOpen.value = false
        await load(tenantId.value)
        message.value = t('evaluationSettings.saved', { version: result.version.version })
        return
      }
      applyServerErrors(result.userErrors)
    } catch (e) {
      generalErrors.value = [t(errorMessageKey(e))]
    } finally {
      saving.value = false
    }
  }

  async function reloadAfterConflict() {
    reviewOpen.value = false
    if (tenantId.value) await load(tenantId.value)
  }

  /** What a stored version changed against the one before it. */
  function changesOf(v: SettingsVersion): Change[] {
    const at = versions.value.indexOf(v)
    const previous = versions.value[at + 1]
    return previous ? diffSettings({ template: previous.template, policy: previous.policy }, { template: v.template, policy: v.policy }) : []
  }

  const names = useSettingsNames({ draft, choices, current })
  const allProblems = computed(() => Object.entries(fieldErrors.value).map(([key, text]) => ({ key, place: names.placeOf(key), text })))

  return {
    ...names,
    tenants,
    tenantId,
    tenantError,
    choose,
    versions,
    choices,
    current,
    nextVersion,
    draft,
    touched,
    labelKey,
    note,
    chosenBase,
    loading,
    error,
    message,
    fieldErrors,
    generalErrors,
    allProblems,
    problemCount,
    err,
    stale,
    reviewOpen,
    saving,
    preview,
    checking,
    previewError,
    changes,
    weightSum,
    wordingUnchanged,
    reset,
    loadBase,
    useVersion,
    check,
    cancelCheck,
    openReview,
    save,
    reloadAfterConflict,
    changesOf,
  }
}

export type SettingsDraft = ReturnType<typeof createSettingsDraft>
const KEY: InjectionKey<SettingsDraft> = Symbol('settings-draft')

/** The editor's state, made once by the page and given to its sections. */
export function useSettingsDraft(): SettingsDraft {
  const state = createSettingsDraft()
  provide(KEY, state)
  return state
}

/** The page's editor state, in one of its sections. */
export function settingsDraft(): SettingsDraft {
  const state = inject(KEY)
  if (!state) throw new Error('settingsDraft() outside EvaluationSettingsPage')
  return state
}
