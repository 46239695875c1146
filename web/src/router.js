// Routes, each screen its own chunk; the guard sends visitors to the login and users to their role's home.
import { createRouter, createWebHistory } from 'vue-router'
import { homeFor, isManager, isStaff, restoreSession, session, forgetSession } from './composables/session.js'
import { setUnauthenticatedHandler } from './api/client.js'

const STAFF = (role) => isStaff(role)
const CUSTOMER = (role) => role === 'customer'
const MANAGER = (role) => isManager(role)

const routes = [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    { path: '/', name: 'home', redirect: () => homeFor(session.user?.role) },
    { path: '/agent', name: 'queue', component: () => import('./views/agent/QueueView.vue'), meta: { allow: STAFF } },
    {
        path: '/agent/tickets/:id(\\d+)',
        name: 'agent-ticket',
        component: () => import('./views/agent/TicketView.vue'),
        meta: { allow: STAFF },
    },
    { path: '/portal', name: 'portal', component: () => import('./views/portal/MyTickets.vue'), meta: { allow: CUSTOMER } },
    {
        path: '/portal/new',
        name: 'portal-new',
        component: () => import('./views/portal/NewTicket.vue'),
        meta: { allow: CUSTOMER },
    },
    {
        path: '/portal/tickets/:id(\\d+)',
        name: 'portal-ticket',
        component: () => import('./views/portal/PortalTicket.vue'),
        meta: { allow: CUSTOMER },
    },
    {
        path: '/manage/calendars',
        name: 'calendars',
        component: () => import('./views/manager/CalendarsView.vue'),
        meta: { allow: MANAGER },
    },
    {
        path: '/manage/agreements',
        name: 'agreements',
        component: () => import('./views/manager/AgreementsView.vue'),
        meta: { allow: MANAGER },
    },
    { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
    const user = await restoreSession()
    if (to.meta.public) return user ? homeFor(user.role) : true
    if (!user) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    if (to.meta.allow && !to.meta.allow(user.role)) return homeFor(user.role)
    return true
})

setUnauthenticatedHandler(() => {
    forgetSession()
    if (router.currentRoute.value.name !== 'login') router.push({ name: 'login' })
})
