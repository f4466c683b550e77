/**
 * What the screening forms (a report, a draft's edit, a meeting, the bottom sheets) do alike: the
 * draft kept on the phone while it is typed, the messages shown beside the fields and above the
 * buttons, and a mutation sent from a sheet whose refusal is told in a toast.
 */
import { computed, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { showToast } from 'vant'
import 'vant/es/toast/style'
import { errorMessageKey, userErrorsByField, type UserError } from '../../shared/graphql'
import { session } from '../../shared/session'
import { loadFor, removeFor, saveFor } from '../../shared/storage'

/**
 * A draft kept on the phone under `key` for whoever is signed in, saved on every change, so what was
 * typed survives a closed tab, a reload or a lost connection. `fresh` makes a new one; `restore`
 * brings one kept by an earlier version of the app up to date (before it is watched: opening the
 * form saves nothing). `forget` removes the kept copy once the form has been sent.
 */
export function useKeptDraft<D extends object>(key: string, fresh: () => D, restore: (kept: D) => D = (kept) => kept) {
  const me = session.me
  const kept = me ? loadFor<D>(me.id, key)?.data : null
  const draft = reactive(kept ? restore(kept) : fresh()) as D
  watch(
    draft,
    () => {
      if (me) saveFor(me.id, key, draft)
    },
    { deep: true },
  )
  function forget() {
    if (me) removeFor(me.id, key)
  }
  return { draft, forget }
}

/**
 * A form's messages: `check` gives the client's findings (translation keys by field path, empty until
 * the first attempt), shown before the server's refusals; `formError` is the line above the buttons.
 */
export function useFormErrors(check: () => Record<string, string>) {
  const { t } = useI18n()
  const serverErrors = ref<Record<string, string>>({})
  const formError = ref('')
  const clientErrors = computed(check)

  function errorFor(key: string): string {
    const client = clientErrors.value[key]
    return client ? t(client) : (serverErrors.value[key] ?? '')
  }
  function clearErrors() {
    serverErrors.value = {}
    formError.value = ''
  }
  /** True, and said above the buttons, when the client's checks found anything. */
  function invalid(findings: Record<string, string>): boolean {
    if (!Object.keys(findings).length) return false
    formError.value = t('register.fixErrors')
    return true
  }
  /** The server's refusal: beside each field it names, and all of it above the buttons. */
  function showRefusal(errors: UserError[]) {
    serverErrors.value = userErrorsByField(errors)
    formError.value = errors.map((e) => e.message).join('；') || t('register.fixErrors')
  }
  return { formError, errorFor, clearErrors, invalid, showRefusal }
}

/**
 * A mutation answering `{ <record>, userErrors }`, sent from a sheet or a button: `busy` while it
 * runs. `send` gives the record `pick` finds in the answer, or null once the refusal's messages (or
 * why it could not be sent) have been shown in a toast.
 */
export function useSend() {
  const { t } = useI18n()
  const busy = ref(false)
  async function send<R extends { userErrors: UserError[] }, T>(
    call: () => Promise<R>,
    pick: (result: R) => T | null,
  ): Promise<T | null> {
    busy.value = true
    try {
      const result = await call()
      const record = pick(result)
      if (!record) showToast(result.userErrors.map((e) => e.message).join('；'))
      return record
    } catch (e) {
      showToast(t(errorMessageKey(e)))
      return null
    } finally {
      busy.value = false
    }
  }
  return { busy, send }
}
