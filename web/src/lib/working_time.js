// Working time on the client, only to keep an SLA countdown moving between two answers of the server:
// the server's remaining_seconds is the truth as of the response; the client subtracts the working
// seconds that have passed since, judged by the clock's calendar (week ranges, holidays, adjusted days).

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const formatters = new Map()

/** "09:00-12:00" → [540, 720] in minutes of the day. */
export function parseRange(text) {
    const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text.trim())
    if (!match) return null
    const [, h1, m1, h2, m2] = match.map(Number)
    return [h1 * 60 + m1, h2 * 60 + m2]
}

/**
 * A model the functions below read: `calendar` as GET /calendars/{name} returns it, `resolved` the dates of
 * its .ics export ({holidays: [date], workdays: [{date, hours}]}, which includes built-in sets such as CN).
 * The built-in 24x7 calendar is always working.
 */
export function buildModel(calendar, resolved = { holidays: [], workdays: [] }) {
    if (!calendar || calendar.name === '24x7') return { always: true }
    const week = {}
    for (const day of WEEKDAYS) week[day] = (calendar.week?.[day] ?? []).map(parseRange).filter(Boolean)
    const holidays = new Set([...(calendar.holidays ?? []), ...resolved.holidays])
    const workdays = new Map()
    const addWorkday = (entry) => {
        const date = typeof entry === 'string' ? entry : entry.date
        let hours = entry.hours?.length ? entry.hours : null
        if (!hours && entry.like) hours = calendar.week?.[entry.like]
        workdays.set(date, (hours ?? calendar.week?.mon ?? []).map(parseRange).filter(Boolean))
    }
    resolved.workdays.forEach(addWorkday)
    ;(calendar.workdays ?? []).forEach(addWorkday)
    return { always: false, timezone: calendar.timezone, week, holidays, workdays }
}

/** The calendar-local date ("2025-01-26"), weekday ("sun") and minute of the day (fractional) of an instant. */
export function localParts(ms, timeZone) {
    let format = formatters.get(timeZone)
    if (!format) {
        format = new Intl.DateTimeFormat('en-CA', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
            weekday: 'short',
        })
        formatters.set(timeZone, format)
    }
    const parts = {}
    for (const part of format.formatToParts(new Date(ms))) parts[part.type] = part.value
    return {
        date: `${parts.year}-${parts.month}-${parts.day}`,
        weekday: parts.weekday.toLowerCase().slice(0, 3),
        minute: Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60,
    }
}

/** The working ranges of a calendar-local date: adjusted working days and holidays before the week. */
export function rangesOn(model, date, weekday) {
    if (model.workdays.has(date)) return model.workdays.get(date)
    if (model.holidays.has(date)) return []
    return model.week[weekday] ?? []
}

/** Whether the instant `ms` lies in working time. */
export function isWorking(model, ms) {
    if (model.always) return true
    const { date, weekday, minute } = localParts(ms, model.timezone)
    return rangesOn(model, date, weekday).some(([from, to]) => minute >= from && minute < to)
}

/** Working seconds between two instants, sampled once a minute (exact for the one-second steps of a countdown). */
export function workingSecondsBetween(model, fromMs, toMs) {
    if (toMs <= fromMs) return 0
    if (model.always) return (toMs - fromMs) / 1000
    let total = 0
    for (let at = fromMs; at < toMs; at += 60000) {
        const step = Math.min(60000, toMs - at)
        if (isWorking(model, at + step / 2)) total += step / 1000
    }
    return total
}

/** The kind of a calendar-local date for the month view: holiday, adjusted (调休 working day), working or off. */
export function dayKind(model, date) {
    if (model.always) return 'working'
    if (model.workdays.has(date)) return 'adjusted'
    if (model.holidays.has(date)) return 'holiday'
    const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]
    return (model.week[weekday] ?? []).length ? 'working' : 'off'
}
