// Reads the all-day events of an iCalendar text as sladesk writes and imports them: each event is a date
// range (DTEND exclusive); "Workday"/"上班" events are adjusted working days (X-SLADESK-HOURS optional),
// the rest holidays.

function compactToIso(value) {
    return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`
}

function* datesFrom(start, endExclusive) {
    const day = new Date(`${start}T00:00:00Z`)
    const end = new Date(`${endExclusive}T00:00:00Z`)
    do {
        yield day.toISOString().slice(0, 10)
        day.setUTCDate(day.getUTCDate() + 1)
    } while (day < end)
}

/** Returns {holidays: [date], workdays: [{date, hours}]} with ISO dates, in file order. */
export function parseIcsDates(text) {
    const holidays = []
    const workdays = []
    // Unfold continuation lines (RFC 5545 3.1) before reading properties.
    const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)
    let event = null
    for (const line of lines) {
        if (line === 'BEGIN:VEVENT') event = {}
        else if (line === 'END:VEVENT' && event) {
            if (event.start) {
                const end = event.end ?? event.start
                const isWorkday = /workday|上班/i.test(event.summary ?? '')
                for (const date of datesFrom(event.start, end > event.start ? end : event.start)) {
                    if (isWorkday) workdays.push({ date, hours: event.hours ?? [] })
                    else holidays.push(date)
                }
            }
            event = null
        } else if (event) {
            const colon = line.indexOf(':')
            if (colon < 0) continue
            const name = line.slice(0, colon).split(';')[0].toUpperCase()
            const value = line.slice(colon + 1).trim()
            const date = /^(\d{8})/.exec(value)
            if (name === 'DTSTART' && date) event.start = compactToIso(date[1])
            else if (name === 'DTEND' && date) event.end = compactToIso(date[1])
            else if (name === 'SUMMARY') event.summary = value
            else if (name === 'X-SLADESK-HOURS') event.hours = value.split(',').filter(Boolean)
        }
    }
    return { holidays, workdays }
}
