import { defineAsyncComponent } from 'vue'
import { START_LOCATION, createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import { i18n, localeReady } from './shared/i18n'
import { landingRoute } from './shared/landing'
import { loadCan, loadMe, session } from './shared/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title */
    title: string
    /** reachable without signing in */
    public?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./features/auth/LoginPage.vue'),
    meta: { title: 'auth.title', public: true },
  },
  {
    path: '/',
    name: 'home',
    component: () => import('./features/home/HomePage.vue'),
    // The home screen shows other features' cards; they are put together here, so no feature imports another.
    // Each is shown when the viewer may use it (`viewerCan`, shared/landing.ts).
    props: {
      cards: [
        { when: 'handleCases', component: defineAsyncComponent(() => import('./features/inbox/InboxGrid.vue')) },
        {
          when: 'readScreening',
          component: defineAsyncComponent(() => import('./features/screening/ScreeningReminder.vue')),
        },
      ],
    },
    meta: { title: 'home.title' },
  },
  {
    path: '/cases',
    name: 'cases',
    component: () => import('./features/cases/CaseListPage.vue'),
    meta: { title: 'cases.title' },
  },
  {
    path: '/cases/new',
    name: 'register',
    component: () => import('./features/cases/RegisterCasePage.vue'),
    meta: { title: 'register.title' },
  },
  {
    path: '/cases/:id',
    name: 'case',
    component: () => import('./features/cases/CaseDetailPage.vue'),
    props: true,
    meta: { title: 'detail.title' },
  },
  {
    path: '/track',
    name: 'track',
    component: () => import('./features/public/TrackPage.vue'),
    meta: { title: 'public.title', public: true },
  },
  {
    path: '/evaluation',
    name: 'evaluation',
    component: () => import('./features/evaluation/ReviewPage.vue'),
    meta: { title: 'evaluation.title' },
  },
  {
    path: '/evaluation/campaign',
    name: 'evaluation-campaign',
    component: () => import('./features/evaluation/CampaignPage.vue'),
    meta: { title: 'campaign.title' },
  },
  {
    path: '/evaluation/work',
    name: 'evaluation-work',
    component: () => import('./features/evaluation/WorkPage.vue'),
    meta: { title: 'work.title' },
  },
  {
    path: '/declarations',
    name: 'declarations',
    component: () => import('./features/evaluation/DeclarationsPage.vue'),
    meta: { title: 'declaration.title' },
  },
  {
    path: '/rate',
    name: 'rate',
    component: () => import('./features/evaluation/RatePage.vue'),
    meta: { title: 'rating.title' },
  },
  {
    path: '/self-assessment',
    name: 'self-assessment',
    component: () => import('./features/evaluation/SelfAssessPage.vue'),
    meta: { title: 'selfAssess.title' },
  },
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./features/evaluation/DashboardPage.vue'),
    meta: { title: 'dashboard.title' },
  },
  {
    path: '/sunshine',
    name: 'sunshine',
    component: () => import('./features/public/SunshinePage.vue'),
    meta: { title: 'sunshine.title', public: true },
  },
  {
    path: '/screening',
    name: 'screening',
    component: () => import('./features/screening/ScreeningHomePage.vue'),
    meta: { title: 'screening.title' },
  },
  {
    path: '/screening/report',
    name: 'screening-report',
    component: () => import('./features/screening/ReportFormPage.vue'),
    meta: { title: 'screening.reportTitle' },
  },
  {
    path: '/screening/reports/:id',
    name: 'screening-report-edit',
    component: () => import('./features/screening/ReportEditPage.vue'),
    props: true,
    meta: { title: 'screening.editTitle' },
  },
  {
    path: '/screening/meetings',
    name: 'meetings',
    component: () => import('./features/screening/MeetingsPage.vue'),
    meta: { title: 'meeting.listTitle' },
  },
  {
    path: '/screening/meetings/new',
    name: 'meeting-new',
    component: () => import('./features/screening/MeetingFormPage.vue'),
    meta: { title: 'meeting.recordTitle' },
  },
  {
    path: '/screening/incidents',
    name: 'incidents',
    component: () => import('./features/screening/IncidentsPage.vue'),
    meta: { title: 'screening.incidents' },
  },
  {
    path: '/screening/disputes',
    name: 'disputes',
    component: () => import('./features/screening/DisputesPage.vue'),
    meta: { title: 'screening.disputes' },
  },
  {
    path: '/inbox/:task',
    name: 'inbox',
    component: () => import('./features/inbox/InboxCasesPage.vue'),
    props: true,
    meta: { title: 'inbox.title' },
  },
  {
    path: '/public',
    name: 'public',
    component: () => import('./features/public/CitizenHomePage.vue'),
    meta: { title: 'citizen.title', public: true },
  },
  {
    path: '/public/submit',
    name: 'public-submit',
    component: () => import('./features/public/SubmitPetitionPage.vue'),
    meta: { title: 'citizen.submitTitle', public: true },
  },
  {
    path: '/public/track',
    name: 'public-track',
    component: () => import('./features/public/TrackPage.vue'),
    meta: { title: 'citizen.trackTitle', public: true },
  },
  {
    path: '/public/rate/:token',
    name: 'public-rate',
    component: () => import('./features/public/RateLinkPage.vue'),
    props: true,
    meta: { title: 'citizen.rateTitle', public: true },
  },
  {
    path: '/password',
    name: 'change-password',
    component: () => import('./features/admin/ChangePasswordPage.vue'),
    meta: { title: 'admin.password' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('./features/admin/AdminHomePage.vue'),
    meta: { title: 'admin.title' },
  },
  {
    path: '/admin/units',
    name: 'admin-units',
    component: () => import('./features/admin/UnitImportPage.vue'),
    meta: { title: 'admin.units' },
  },
  {
    path: '/admin/accounts',
    name: 'admin-accounts',
    component: () => import('./features/admin/AccountsPage.vue'),
    meta: { title: 'admin.accounts' },
  },
  {
    path: '/admin/settings',
    name: 'admin-settings',
    component: () => import('./features/admin/SettingsPage.vue'),
    meta: { title: 'admin.settings' },
  },
  {
    path: '/admin/settings/evaluation',
    name: 'admin-evaluation-settings',
    component: () => import('./features/admin/EvaluationSettingsPage.vue'),
    meta: { title: 'evaluationSettings.menu' },
  },
  {
    path: '/admin/calendar',
    name: 'admin-calendar',
    component: () => import('./features/calendar/HolidayCalendarPage.vue'),
    meta: { title: 'calendar.title' },
  },
  {
    path: '/admin/tenants',
    name: 'admin-tenants',
    component: () => import('./features/admin/TenantsPage.vue'),
    meta: { title: 'admin.tenants' },
  },
  {
    path: '/admin/policy',
    name: 'admin-policy',
    component: () => import('./features/admin/PolicyPage.vue'),
    meta: { title: 'admin.policy' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./features/public/NotFoundPage.vue'),
    meta: { title: 'notFound.title', public: true },
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  // Not on the first screen, which is at the top already: scrolling there would make the browser
  // lay the page out in the middle of drawing it (a forced layout on the first screen's longest task).
  scrollBehavior: (_to, from, saved) => saved ?? (from === START_LOCATION ? false : { top: 0 }),
})

/** Starts fetching the code of the screen being opened (a lazy route's import, cached by the browser). */
function prefetchScreen(to: RouteLocationNormalized): void {
  for (const record of to.matched) {
    const component = record.components?.default
    if (typeof component !== 'function') continue
    try {
      const loading = (component as () => unknown)()
      if (loading instanceof Promise) loading.catch(() => undefined)
    } catch {
      /* not a lazy import: nothing to fetch */
    }
  }
}

router.beforeEach(async (to) => {
  if (!session.loaded) {
    // The first screen's code is fetched while the session is asked for, not after it.
    prefetchScreen(to)
    // … and the saved language's messages, when it is not the default one (shared/i18n.ts).
    const [me] = await Promise.allSettled([loadMe(), localeReady])
    if (me.status === 'rejected') session.loaded = true
  }
  if (to.name === 'login' && session.me) {
    const target = typeof to.query.redirect === 'string' && to.query.redirect.startsWith('/') ? to.query.redirect : '/'
    return target
  }
  if (!to.meta.public && !session.me) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  // A one-time password must be changed before anything else (the server refuses the rest).
  if (!to.meta.public && session.me?.mustChangePassword && to.name !== 'change-password') {
    return { name: 'change-password' }
  }
  // `/` is each kind of user's own home (shared/landing.ts): the rater's rating tasks, the reviewer's
  // declarations, the platform operator's tenants … and the case officer's home for whoever handles cases.
  if (to.name === 'home' && session.me) {
    if (session.can === null) await loadCan().catch(() => null)
    const landing = landingRoute(session.can)
    if (landing !== 'home') return { name: landing, replace: true }
  }
  return true
})

export function pageTitle(key: string | undefined): string {
  const app = i18n.global.t('app.name')
  return key ? `${i18n.global.t(key)} - ${app}` : app
}

router.afterEach((to) => {
  document.title = pageTitle(to.meta.title)
})
