/** The county the administrator works on: their own, or (platform operators) one they pick. */
import { onMounted, ref } from 'vue'
import { errorMessageKey } from '../../shared/graphql'
import { i18n } from '../../shared/i18n'
import { fetchTenants, type AdminUnit } from './api'

export function useTenant(onChange?: (id: string) => void) {
  const tenants = ref<AdminUnit[]>([])
  const tenantId = ref('')
  const error = ref('')
  onMounted(async () => {
    try {
      tenants.value = await fetchTenants()
      if (tenants.value.length > 0) {
        tenantId.value = tenants.value[0].id
        onChange?.(tenantId.value)
      }
    } catch (e) {
      error.value = i18n.global.t(errorMessageKey(e))
    }
  })
  function choose(id: string) {
    tenantId.value = id
    onChange?.(id)
  }
  return { tenants, tenantId, error, choose }
}
