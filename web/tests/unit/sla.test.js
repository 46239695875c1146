import { describe, expect, test } from 'vitest'
import { breachSortKey, clockTone, mostUrgentClock } from '../../src/lib/sla.js'

const clock = (fields) => ({ target: 'resolution', scope: 'sla', state: 'running', remaining_seconds: 600, thresholds_crossed: [], ...fields })

describe('clockTone', () => {
    test('green while no threshold is crossed, amber after, red once breached or overdue', () => {
        expect(clockTone(clock())).toBe('ok')
        expect(clockTone(clock({ thresholds_crossed: [75] }))).toBe('warning')
        expect(clockTone(clock({ state: 'breached' }))).toBe('breached')
        expect(clockTone(clock(), -1)).toBe('breached')
    })
    test('paused and met clocks say so', () => {
        expect(clockTone(clock({ state: 'paused', thresholds_crossed: [75] }))).toBe('paused')
        expect(clockTone(clock({ state: 'met' }))).toBe('met')
    })
})

describe('about to breach', () => {
    const ticket = (sla) => ({ sla })
    test('the most urgent clock is the running SLA clock with least time left', () => {
        const urgent = clock({ target: 'first_response', remaining_seconds: 60 })
        const t = ticket([clock(), urgent, clock({ scope: 'ola', remaining_seconds: 1 }), clock({ state: 'paused', remaining_seconds: 5 })])
        expect(mostUrgentClock(t)).toBe(urgent)
    })
    test('running before paused before none', () => {
        const list = [
            ticket([]),
            ticket([clock({ state: 'paused', remaining_seconds: 1 })]),
            ticket([clock({ remaining_seconds: 900 })]),
            ticket([clock({ remaining_seconds: -30 })]),
        ]
        const sorted = [...list].sort((a, b) => breachSortKey(a) - breachSortKey(b))
        expect(sorted).toEqual([list[3], list[2], list[1], list[0]])
    })
})
