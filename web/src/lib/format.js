// Dates in the reader's locale and time zone.

/** "2026/11/27 19:52" (zh-CN) or "Nov 27, 2026, 7:52 PM" (en); "" for empty values. */
export function formatDateTime(iso, locale) {
    if (!iso) return ''
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}

/** A fresh idempotency key for one form submission. */
export function newIdempotencyKey() {
    return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}
