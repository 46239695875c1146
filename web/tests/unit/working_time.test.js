// The client's working-time count that moves SLA countdowns between server answers.
import { describe, expect, test } from 'vitest'
import { buildModel, dayKind, isWorking, localParts, workingSecondsBetween } from '../../src/lib/working_time.js'

const cnOffice = buildModel(
    {
        name: 'cn-office',
        timezone: 'Asia/Shanghai',
        week: {
            mon: ['09:00-12:00', '13:00-18:00'],
            tue: ['09:00-12:00', '13:00-18:00'],
            wed: ['09:00-12:00', '13:00-18:00'],
            thu: ['09:00-12:00', '13:00-18:00'],
            fri: ['09:00-12:00', '13:00-18:00'],
        },
        holidays: ['2025-01-28'],
        workdays: [{ date: '2025-01-26', hours: ['10:00-12:00'] }],
    },
    // As from the .ics export: the included CN set.
    { holidays: ['2025-01-29', '2025-01-30'], workdays: [{ date: '2025-02-08', hours: [] }] },
)
// Shanghai is UTC+8 all year.
const at = (local) => Date.parse(`${local}+08:00`)

describe('working time in a calendar with a lunch break, holidays and adjusted days', () => {
    test('local parts in the calendar zone', () => {
        expect(localParts(at('2025-01-27T09:30:00'), 'Asia/Shanghai')).toEqual({ date: '2025-01-27', weekday: 'mon', minute: 570 })
    })
    test('working hours, lunch break, evening', () => {
        expect(isWorking(cnOffice, at('2025-01-27T09:00:00'))).toBe(true)
        expect(isWorking(cnOffice, at('2025-01-27T12:30:00'))).toBe(false)
        expect(isWorking(cnOffice, at('2025-01-27T17:59:59'))).toBe(true)
        expect(isWorking(cnOffice, at('2025-01-27T18:00:00'))).toBe(false)
    })
    test('holidays of the calendar and of the included set are off', () => {
        expect(isWorking(cnOffice, at('2025-01-28T10:00:00'))).toBe(false)
        expect(isWorking(cnOffice, at('2025-01-29T10:00:00'))).toBe(false)
    })
    test('an adjusted Sunday works its own hours; one without hours works Monday hours', () => {
        expect(isWorking(cnOffice, at('2025-01-26T09:30:00'))).toBe(false)
        expect(isWorking(cnOffice, at('2025-01-26T10:30:00'))).toBe(true)
        expect(isWorking(cnOffice, at('2025-02-08T14:00:00'))).toBe(true)
    })
    test('a countdown stands still over lunch and at night', () => {
        expect(workingSecondsBetween(cnOffice, at('2025-01-27T11:30:00'), at('2025-01-27T13:30:00'))).toBe(3600)
        expect(workingSecondsBetween(cnOffice, at('2025-01-27T17:00:00'), at('2025-01-28T17:00:00'))).toBe(3600)
        expect(workingSecondsBetween(cnOffice, at('2025-01-27T10:00:00'), at('2025-01-27T10:00:01'))).toBe(1)
        expect(workingSecondsBetween(cnOffice, at('2025-01-27T20:00:00'), at('2025-01-27T20:00:01'))).toBe(0)
    })
    test('24x7 always runs', () => {
        const always = buildModel({ name: '24x7' })
        expect(workingSecondsBetween(always, 0, 90000)).toBe(90)
        expect(dayKind(always, '2025-01-29')).toBe('working')
    })
    test('the month view kinds', () => {
        expect(dayKind(cnOffice, '2025-01-27')).toBe('working')
        expect(dayKind(cnOffice, '2025-01-25')).toBe('off')
        expect(dayKind(cnOffice, '2025-01-29')).toBe('holiday')
        expect(dayKind(cnOffice, '2025-01-26')).toBe('adjusted')
    })
})
