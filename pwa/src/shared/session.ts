/** Who is signed in. The last known user is kept so the app still opens offline. */
import { reactive } from 'vue'
import { gql, isNetworkError } from './graphql'
import { CAPABILITIES_FRAGMENT, type Capabilities } from './landing'
import { clearSaved } from './storage'
import type { LoginMutation, LogoutMutation, MeQuery, ViewerCapabilitiesQuery } from './api.generated'
import type { User } from './types'

const ME_KEY = 'lc.me'
const CAN_KEY = 'lc.can'

export const USER_FRAGMENT = /* GraphQL */ `fragment SessionUser on User { id username displayName roles mustChangePassword unit { id name level path } }`

export const session = reactive({
  me: null as User | null,
  /** `me` has been asked once (or taken from the offline copy). */
  loaded: false,
  /** The last attempt to reach the server failed: data on screen may be saved data. */
  offline: false,
  /** What the signed-in user may do (`viewerCan`); null until asked (shared/landing.ts). */
  can: null as Capabilities | null,
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

function rememberCan(user: User | null, can: Capabilities | null): void {
  try {
    if (user && can) localStorage.setItem(CAN_KEY, JSON.stringify({ userId: user.id, can }))
    else localStorage.removeItem(CAN_KEY)
  } catch {
    /* best effort */
  }
}

function rememberedCan(user: User | null): Capabilities | null {
  try {
    const saved = JSON.parse(localStorage.getItem(CAN_KEY) ?? 'null') as { userId: string; can: Capabilities } | null
    return user && saved?.userId === user.id ? saved.can : null
  } catch {
    return null
  }
}

export function setMe(user: User | null, can: Capabilities | null = null): void {
  session.me = user
  session.can = user ? can : null
  session.loaded = true
  rememberMe(user)
  rememberCan(user, session.can)
}

export async function loadMe(): Promise<User | null> {
  try {
    const data = await gql<MeQuery>(
      /* GraphQL */ `query Me { me { ...SessionUser } viewerCan { ...Capabilities } } ${USER_FRAGMENT} ${CAPABILITIES_FRAGMENT}`,
    )
    session.offline = false
    if (session.me && data.me && session.me.id !== data.me.id) clearSaved()
    setMe(data.me, data.viewerCan)
  } catch (error) {
    if (!isNetworkError(error)) throw error
    session.offline = true
    session.me = rememberedMe()
    session.can = rememberedCan(session.me)
    session.loaded = true
  }
  return session.me
}

/** Asks what the signed-in user may do (after signing in); keeps the last answer when offline. */
export async function loadCan(): Promise<Capabilities | null> {
  if (!session.me) return null
  try {
    const data = await gql<ViewerCapabilitiesQuery>(
      /* GraphQL */ `query ViewerCapabilities { viewerCan { ...Capabilities } } ${CAPABILITIES_FRAGMENT}`,
    )
    session.can = data.viewerCan
    rememberCan(session.me, session.can)
  } catch (error) {
    if (!isNetworkError(error)) throw error
    session.can = rememberedCan(session.me)
  }
  return session.can
}

export type LoginResult = LoginMutation['login']

export async function login(username: string, password: string): Promise<LoginResult> {
  const data = await gql<LoginMutation>(
    /* GraphQL */ `mutation Login($username: String!, $password: String!) {
      login(username: $username, password: $password) {
        user { ...SessionUser }
        userErrors { field message code }
      }
    }
    ${USER_FRAGMENT}`,
    { username, password },
  )
  if (data.login.user) {
    const previous = rememberedMe()
    if (!previous || previous.id !== data.login.user.id) clearSaved()
    session.offline = false
    setMe(data.login.user)
    await loadCan().catch(() => null) // where they land (shared/landing.ts)
  }
  return data.login
}

export async function logout(): Promise<void> {
  try {
    await gql<LogoutMutation>(/* GraphQL */ `mutation Logout { logout }`)
  } finally {
    clearSaved()
    setMe(null)
  }
}

/** The session ended on the server (cookie expired): forget the user but keep nothing else. */
export function sessionExpired(): void {
  setMe(null)
}
