/** How the evaluation settings editor names things: labels in the reader's language, the place of a
 * field key, a change's subject and values. */
import { computed, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Settings } from './evaluationSettings'
import type { Change } from './settingsChanges'
import type { SettingsVersion, TemplateChoice } from './evaluationSettingsApi'

export function useSettingsNames({
  draft,
  choices,
  current,
}: {
  draft: Ref<Settings | null>
  choices: Ref<TemplateChoice[]>
  current: Ref<SettingsVersion | null>
}) {
  const { t, locale } = useI18n()
  const en = computed(() => locale.value === 'en')

  function label(x: { label_zh: string; label_en: string } | undefined): string {
    if (!x) return ''
    return en.value ? x.label_en : x.label_zh
  }

  function tierName(x: string | undefined): string {
    return x ? t(`evaluationSettings.tier.${x}`) : ''
  }

  function placeOf(key: string): string {
    const criterion = /^template\.tiers\.(\w+)(?:\[(\d+)\])?/.exec(key)
    if (criterion) {
      const c = criterion[2] !== undefined ? draft.value?.template.tiers[criterion[1]]?.[Number(criterion[2])] : undefined
      return [tierName(criterion[1]), label(c)].filter(Boolean).join(' · ')
    }
    const sections: [RegExp, string][] = [
      [/^template\.accountability/, 'accountability'],
      [/^template\.deductions/, 'deductions'],
      [/^template\.targets/, 'targets'],
      [/^policy\.weights/, 'weights'],
      [/^policy\.citizen_share/, 'citizenShare'],
      [/^policy\.grades/, 'grades'],
      [/^policy\.rate_points/, 'ratePoints'],
      [/^note/, 'note'],
      [/^baseVersion/, 'currentVersion'],
    ]
    const hit = sections.find(([re]) => re.test(key))
    return hit ? t(`evaluationSettings.${hit[1]}`, { version: current.value?.version ?? 0 }) : t('evaluationSettings.template')
  }

  function templateName(code: unknown): string {
    const choice = choices.value.find((c) => c.code === code)
    return choice ? choice.name : t('evaluationSettings.customTemplate')
  }

  function valueText(change: Change, value: Change['before']): string {
    if (value === null || value === undefined || value === '') return '—'
    switch (change.field) {
      case 'kinds': {
        const kinds = value as string[]
        return kinds.length ? kinds.map((k) => t(`evaluationSettings.kind.${k}`)).join(t('evaluationSettings.listSeparator')) : '—'
      }
      case 'destination':
        return t(`evaluationSettings.level.${value}`)
      case 'headcount': {
        const h = value as { op: string; value: unknown }
        return `${h.op === '>' ? '>' : '≥'} ${h.value}`
      }
      case 'count_by':
        return t(`evaluationSettings.countBy.${value}`)
      case 'consequences':
        return t(`evaluationSettings.consequences.${value}`)
      case 'scope':
        return t(`evaluationSettings.scope.${value}`)
      case 'min_percent':
        return `${value}%`
      case 'added':
      case 'removed':
        return change.section === 'targets' || change.section === 'grades' ? `${value}${change.section === 'targets' ? '%' : ''}` : '✓'
      case 'code':
        return templateName(value)
      default:
        return String(value)
    }
  }

  function changeSubject(change: Change): string {
    switch (change.section) {
      case 'template':
        return t('evaluationSettings.baseTemplate')
      case 'criteria':
        return `${tierName(change.tier)} · ${label(change.subjectLabel ? { label_zh: change.subjectLabel.zh, label_en: change.subjectLabel.en } : undefined)}`
      case 'accountability':
        return change.subject ? `${t('evaluationSettings.accountability')} · ${t(`evaluationSettings.threshold.${change.subject}`)}` : t('evaluationSettings.accountability')
      case 'deductions':
        return change.subject ? `${t('evaluationSettings.deductions')} · ${t(`evaluationSettings.kind.${change.subject}`)}` : t('evaluationSettings.deductions')
      case 'targets':
        return `${t('evaluationSettings.targets')} · ${tierName(change.tier)}`
      case 'weights':
        return `${t('evaluationSettings.weights')} · ${t(`evaluationSettings.weight.${change.subject}`)}`
      case 'citizenShare':
        return t('evaluationSettings.citizenShare')
      case 'grades':
        return `${t('evaluationSettings.grades')} · ${label(change.subjectLabel ? { label_zh: change.subjectLabel.zh, label_en: change.subjectLabel.en } : undefined)}`
      case 'ratePoints':
        return `${t('evaluationSettings.ratePoints')} · ${t(`evaluationSettings.ratePoint.${change.subject}`)}`
    }
    return ''
  }

  function changeField(change: Change): string {
    return ['value', 'points', 'threshold', 'code'].includes(change.field) ? '' : t(`evaluationSettings.field.${change.field}`)
  }

  return { label, tierName, placeOf, templateName, valueText, changeSubject, changeField }
}
