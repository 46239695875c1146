// The API calls the console makes, one function per route and verb (see src/http/openapi.json).
import { request } from './client.js'

export const login = (loginName, password) =>
    request('/auth/login', { method: 'POST', body: { login: loginName, password } })
export const logout = () => request('/auth/logout', { method: 'POST' })
export const me = () => request('/auth/me')

export const listTickets = (query) => request('/tickets', { query })
export const getTicket = (id) => request(`/tickets/${id}`)
export const ticketHistory = (id) => request(`/tickets/${id}/history`)
export const ticketClocks = (id) => request(`/tickets/${id}/clocks`)
export const createTicket = (ticket, idempotencyKey) =>
    request('/tickets', { method: 'POST', body: ticket, headers: { 'Idempotency-Key': idempotencyKey } })
export const patchTicket = (id, version, patch) =>
    request(`/tickets/${id}`, { method: 'PATCH', body: patch, headers: { 'If-Match': `"v${version}"` } })
export const addArticle = (id, article) => request(`/tickets/${id}/articles`, { method: 'POST', body: article })
export const confirmTicket = (id) => request(`/tickets/${id}/confirm`, { method: 'POST' })
export const reopenTicket = (id, reason) => request(`/tickets/${id}/reopen`, { method: 'POST', body: { reason } })

export const getUser = (id) => request(`/users/${id}`)
export const listOrganisations = () => request('/organisations')
export const listGroups = () => request('/groups')
export const listServices = () => request('/services')

export const listCalendars = () => request('/calendars')
export const getCalendar = (name) => request(`/calendars/${encodeURIComponent(name)}`)
export const calendarIcs = (name) => request(`/calendars/${encodeURIComponent(name)}/ics`, { text: true })
export const importHolidays = (name, ics, dryRun) =>
    request(`/calendars/${encodeURIComponent(name)}/holidays`, {
        method: 'POST',
        query: { dry_run: dryRun ? 'true' : 'false' },
        body: ics,
        contentType: 'text/calendar',
    })

export const listAgreements = () => request('/agreements')
export const feasibility = (query) => request('/agreements/feasibility', { query })
