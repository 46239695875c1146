// Working-time models of the calendars clocks run in, fetched once per page load (staff only: customers
// cannot read calendars, so their countdowns show the server's figure and refresh with the ticket).
import * as api from '../api/index.js'
import { buildModel } from '../lib/working_time.js'
import { parseIcsDates } from '../lib/ics.js'

const cache = new Map()

/** Resolves to the model of calendar `name`, or null when it cannot be read. */
export function calendarModel(name) {
    if (name === '24x7') return Promise.resolve(buildModel({ name }))
    if (!cache.has(name)) {
        cache.set(
            name,
            Promise.all([api.getCalendar(name), api.calendarIcs(name)])
                .then(([calendar, ics]) => buildModel(calendar, parseIcsDates(ics)))
                .catch(() => null),
        )
    }
    return cache.get(name)
}

export function forgetCalendarModels() {
    cache.clear()
}
