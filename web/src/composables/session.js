// The signed-in user: token in sessionStorage (so it dies with the tab), user and role from /auth/me.
import { reactive } from 'vue'
import * as api from '../api/index.js'
import { getToken, setToken } from '../api/client.js'

export const session = reactive({ user: null, loaded: false })

const STAFF = ['agent', 'supervisor', 'service_level_manager', 'admin']
const MANAGERS = ['service_level_manager', 'admin']

export const isStaff = (role) => STAFF.includes(role)
export const isManager = (role) => MANAGERS.includes(role)

/** The first screen for a role: customers the portal, staff the queue. */
export function homeFor(role) {
    return role === 'customer' ? '/portal' : '/agent'
}

/** Loads the user for a token kept from before (page reload); clears a token the server refuses. */
export async function restoreSession() {
    if (session.loaded) return session.user
    if (getToken()) {
        try {
            session.user = await api.me()
        } catch {
            setToken(null)
            session.user = null
        }
    }
    session.loaded = true
    return session.user
}

export async function signIn(loginName, password) {
    const result = await api.login(loginName, password)
    setToken(result.token)
    session.user = await api.me()
    session.loaded = true
    return session.user
}

export async function signOut() {
    try {
        await api.logout()
    } catch {
        // the token may already be gone; forget it either way
    }
    forgetSession()
}

export function forgetSession() {
    setToken(null)
    session.user = null
    session.loaded = true
}
