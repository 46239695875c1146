import { expect, test } from 'vitest'
import { parseIcsDates } from '../../src/lib/ics.js'

test('holiday ranges expand with DTEND exclusive; workdays keep their hours', () => {
    const text = [
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'SUMMARY:假期 Holiday',
        'DTSTART;VALUE=DATE:20250128',
        'DTEND;VALUE=DATE:20250131',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'SUMMARY:上班 Workday',
        'DTSTART;VALUE=DATE:20250126',
        'DTEND;VALUE=DATE:20250127',
        'X-SLADESK-HOURS:09:00-12:00,13:00-18:00',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'SUMMARY:Company day off',
        'DTSTART;VALUE=DATE:20251231',
        'END:VEVENT',
        'END:VCALENDAR',
    ].join('\r\n')
    expect(parseIcsDates(text)).toEqual({
        holidays: ['2025-01-28', '2025-01-29', '2025-01-30', '2025-12-31'],
        workdays: [{ date: '2025-01-26', hours: ['09:00-12:00', '13:00-18:00'] }],
    })
})

test('folded lines are unfolded', () => {
    const text = 'BEGIN:VEVENT\r\nSUMMARY:Work\r\n day\r\nDTSTART;VALUE=DATE:20250208\r\nEND:VEVENT\r\n'
    expect(parseIcsDates(text).workdays).toEqual([{ date: '2025-02-08', hours: [] }])
})
