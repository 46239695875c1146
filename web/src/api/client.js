// The one place that talks HTTP to the sladesk API (/api/v1, OpenAPI at /api/v1/openapi.json).
// Every error becomes an ApiError carrying the server's {"error":{"code","message"}}.

const TOKEN_KEY = 'sladesk.token'

export class ApiError extends Error {
    constructor(status, code, message) {
        super(message)
        this.status = status
        this.code = code
    }
}

let onUnauthenticated = () => {}

/** Called with no arguments when an authenticated request answers 401 (expired or revoked token). */
export function setUnauthenticatedHandler(handler) {
    onUnauthenticated = handler
}

export function getToken() {
    return sessionStorage.getItem(TOKEN_KEY)
}

export function setToken(token) {
    if (token) sessionStorage.setItem(TOKEN_KEY, token)
    else sessionStorage.removeItem(TOKEN_KEY)
}

/** Builds "/api/v1/path?a=1" from a path and a query object; empty values are left out. */
export function apiUrl(path, query = {}) {
    const params = new URLSearchParams()
    for (const [name, value] of Object.entries(query)) {
        if (value === undefined || value === null || value === '') continue
        params.set(name, String(value))
    }
    const search = params.toString()
    return `/api/v1${path}${search ? `?${search}` : ''}`
}

/**
 * Sends one request. `body` objects are sent as JSON, strings as they are (with `contentType`).
 * Resolves to the parsed JSON (or text when `text` is set); rejects with ApiError.
 */
export async function request(path, { method = 'GET', query, body, headers = {}, contentType, text = false } = {}) {
    const token = getToken()
    const init = { method, headers: { Accept: 'application/json', ...headers } }
    if (token) init.headers.Authorization = `Bearer ${token}`
    if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body)
        init.headers['Content-Type'] = contentType ?? 'application/json'
    }
    let response
    try {
        response = await fetch(apiUrl(path, query), init)
    } catch (failure) {
        throw new ApiError(0, 'network', failure.message)
    }
    if (response.status === 401 && token) onUnauthenticated()
    if (!response.ok) {
        let code = 'http_' + response.status
        let message = response.statusText
        try {
            const error = (await response.json()).error
            code = error.code ?? code
            message = error.message ?? message
        } catch {
            // not JSON: keep the status line
        }
        throw new ApiError(response.status, code, message)
    }
    if (text) return response.text()
    if (response.status === 204) return null
    const data = await response.json()
    const etag = response.headers.get('ETag')
    if (etag && data && typeof data === 'object') Object.defineProperty(data, 'etag', { value: etag })
    return data
}
