/** Who is signed in. The last known user is kept so the app still opens offline. */
import { reactive } from 'vue'
import { gql, isNetworkError, type UserError } from './graphql'
import { clearSaved } from './storage'
import type { User } from './types'

const ME_KEY = 'lc.me'

export const USER_FIELDS = `id username displayName roles mustChangePassword unit { id name level path }`

export const session = reactive({
  me: null as User | null,
  /** `me` has been asked once (or taken from the offline copy). */
  loaded: false,
  /** The last attempt to reach the server failed: data on screen may be saved data. */
  offline: false,
})

function rememberMe(user: User | null): void {
  try {
    if (user) localStorage.setItem(ME_KEY, JSON.stringify(user))
    else localStorage.removeItem(ME_KEY)
  } catch {
    /* best effort */
  }
}

function rememberedMe(): User | null {
  try {
    const raw = localStorage.getItem(ME_KEY)
    return raw ? (JSON.parse(raw) as User) : null
  } catch {
    return null
  }
}

export function setMe(user: User | null): void {
  session.me = user
  session.loaded = true
  rememberMe(user)
}

export async function loadMe(): Promise<User | null> {
  try {
    const data = await gql<{ me: User | null }>(`query Me { me { ${USER_FIELDS} } }`)
    session.offline = false
    if (session.me && data.me && session.me.id !== data.me.id) clearSaved()
    setMe(data.me)
  } catch (error) {
    if (!isNetworkError(error)) throw error
    session.offline = true
    session.me = rememberedMe()
    session.loaded = true
  }
  return session.me
}

export interface LoginResult {
  user: User | null
  userErrors: UserError[]
}

export async function login(username: string, password: string): Promise<LoginResult> {
  const data = await gql<{ login: LoginResult }>(
    `mutation Login($username: String!, $password: String!) {
      login(username: $username, password: $password) {
        user { ${USER_FIELDS} }
        userErrors { field message code }
      }
    }`,
    { username, password },
  )
  if (data.login.user) {
    const previous = rememberedMe()
    if (!previous || previous.id !== data.login.user.id) clearSaved()
    session.offline = false
    setMe(data.login.user)
  }
  return data.login
}

export async function logout(): Promise<void> {
  try {
    await gql<{ logout: boolean }>(`mutation Logout { logout }`)
  } finally {
    clearSaved()
    setMe(null)
  }
}

/** The session ended on the server (cookie expired): forget the user but keep nothing else. */
export function sessionExpired(): void {
  setMe(null)
}
