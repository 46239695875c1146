// How an SLA clock looks: its tone (green / amber / red / paused / met) and which clock is most urgent.

/** ok, warning (a threshold crossed), breached, paused or met, from the clock's state and live remaining time. */
export function clockTone(clock, remaining = clock.remaining_seconds) {
    if (clock.state === 'breached' || (clock.state === 'running' && remaining < 0)) return 'breached'
    if (clock.state === 'paused') return 'paused'
    if (clock.state === 'met') return 'met'
    if ((clock.thresholds_crossed ?? []).length > 0) return 'warning'
    return 'ok'
}

/** Element Plus tag type per tone. */
export const TONE_TAG = { ok: 'success', warning: 'warning', breached: 'danger', paused: 'info', met: 'success' }

const OPEN_STATES = ['running', 'paused']

/** The SLA clock of a ticket that runs out first (running before paused); null when none is open. */
export function mostUrgentClock(ticket) {
    const open = (ticket.sla ?? []).filter((clock) => clock.scope === 'sla' && OPEN_STATES.includes(clock.state))
    open.sort((a, b) => {
        if (a.state !== b.state) return a.state === 'running' ? -1 : 1
        return a.remaining_seconds - b.remaining_seconds
    })
    return open[0] ?? null
}

/** Sort key for "about to breach": running clocks by remaining working time, then paused, then none. */
export function breachSortKey(ticket) {
    const clock = mostUrgentClock(ticket)
    if (!clock) return Number.MAX_SAFE_INTEGER
    return clock.state === 'running' ? clock.remaining_seconds : Number.MAX_SAFE_INTEGER / 2 + clock.remaining_seconds
}
