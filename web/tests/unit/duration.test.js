import { describe, expect, test } from 'vitest'
import { formatDuration, splitDuration } from '../../src/lib/duration.js'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'

// A minimal t() over the real message files.
const translator = (messages) => (key, values = {}) =>
    key
        .split('.')
        .reduce((node, part) => node[part], messages)
        .replace(/\{(\w+)\}/g, (_, name) => String(values[name]))

describe('splitDuration', () => {
    test('hours are not folded into days (a working day depends on the calendar)', () => {
        expect(splitDuration(30 * 3600 + 61)).toEqual({ negative: false, h: 30, m: 1, s: 1 })
    })
    test('negative durations keep their size', () => {
        expect(splitDuration(-125)).toEqual({ negative: true, h: 0, m: 2, s: 5 })
    })
})

describe('formatDuration', () => {
    const zh = translator(zhCN)
    const english = translator(en)
    test('hours and minutes from one hour up', () => {
        expect(formatDuration(7200 + 5 * 60 + 9, zh)).toBe('2小时05分')
        expect(formatDuration(7200 + 5 * 60 + 9, english)).toBe('2h 05m')
    })
    test('minutes and seconds below one hour', () => {
        expect(formatDuration(249, zh)).toBe('4分09秒')
        expect(formatDuration(249, english)).toBe('4m 09s')
        expect(formatDuration(0, english)).toBe('0m 00s')
    })
    test('overdue clocks say so', () => {
        expect(formatDuration(-90, zh)).toBe('超时 1分30秒')
        expect(formatDuration(-3 * 3600, english)).toBe('overdue 3h 00m')
    })
})
