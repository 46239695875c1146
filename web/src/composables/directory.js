// Names for the ids in tickets (users, groups, organisations, services), loaded once per sign-in.
// Staff read the whole directory; customers only the service catalog (they may not list users).
import { reactive } from 'vue'
import * as api from '../api/index.js'
import { request } from '../api/client.js'
import { isStaff } from './session.js'

const USERS_PAGE = 200
const USERS_MAX_PAGES = 25

export const directory = reactive({
    users: new Map(),
    groups: [],
    organisations: new Map(),
    services: [],
    loadedFor: null,
})

let loading = null

async function loadUsers() {
    const users = new Map()
    let after
    for (let page = 0; page < USERS_MAX_PAGES; page++) {
        const { items } = await request('/users', { query: { limit: USERS_PAGE, after } })
        for (const user of items) users.set(user.id, user)
        if (items.length < USERS_PAGE) break
        after = items[items.length - 1].id
    }
    return users
}

/** Loads the directory for `user` (once; again after a different user signs in). */
export function loadDirectory(user) {
    if (directory.loadedFor === user.id) return Promise.resolve(directory)
    if (loading) return loading
    loading = (async () => {
        const services = await api.listServices()
        directory.services = services.items
        if (isStaff(user.role)) {
            const [users, groups, organisations] = await Promise.all([
                loadUsers(),
                api.listGroups(),
                api.listOrganisations(),
            ])
            directory.users = users
            directory.groups = groups.items
            directory.organisations = new Map(organisations.items.map((o) => [o.id, o]))
        }
        directory.loadedFor = user.id
        return directory
    })().finally(() => (loading = null))
    return loading
}

export const userName = (id) => {
    const user = directory.users.get(id)
    return user ? user.display_name || user.login : id == null ? '' : `#${id}`
}
export const groupName = (id) => directory.groups.find((g) => g.id === id)?.name ?? (id == null ? '' : `#${id}`)
export const serviceName = (id) => directory.services.find((s) => s.id === id)?.name ?? (id == null ? '' : `#${id}`)
export const organisationName = (id) => directory.organisations.get(id)?.name ?? (id == null ? '' : `#${id}`)
