// Every string is translated: both languages have exactly the same keys, and no message is empty.
import { describe, expect, test } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'

function keys(messages, prefix = '') {
    return Object.entries(messages).flatMap(([key, value]) =>
        typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
    )
}

function sourceFiles(dir) {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) return sourceFiles(path)
        return /\.(vue|js)$/.test(name) ? [path] : []
    })
}

const lookup = (messages, key) => key.split('.').reduce((node, part) => node?.[part], messages)

describe('i18n', () => {
    test('zh-CN and en have the same keys', () => {
        expect(keys(en).sort()).toEqual(keys(zhCN).sort())
    })

    test('no message is empty', () => {
        for (const messages of [zhCN, en]) {
            for (const key of keys(messages)) expect(lookup(messages, key), key).toMatch(/\S/)
        }
    })

    test('placeholders match between the languages', () => {
        const names = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
        for (const key of keys(zhCN)) expect(names(lookup(en, key)), key).toEqual(names(lookup(zhCN, key)))
    })

    test('every literal key the source uses exists', () => {
        const root = join(import.meta.dirname, '../../src')
        const used = new Set()
        for (const file of sourceFiles(root)) {
            const text = readFileSync(file, 'utf8')
            for (const match of text.matchAll(/\bt\('([a-zA-Z]+(?:\.[a-zA-Z_]+)+)'/g)) used.add(match[1])
            for (const match of text.matchAll(/label: '([a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(match[1])
        }
        expect(used.size).toBeGreaterThan(50)
        for (const key of used) {
            expect(typeof lookup(zhCN, key), `zh-CN ${key}`).toBe('string')
            expect(typeof lookup(en, key), `en ${key}`).toBe('string')
        }
    })

    test('enumerations (from the API, and keys the source builds) are all translated', () => {
        const enums = {
            status: ['new', 'acknowledged', 'in_progress', 'pending_customer', 'pending_supplier', 'resolved', 'closed'],
            kind: ['incident', 'request', 'inquiry', 'complaint', 'suggestion'],
            'sla.target': ['first_response', 'next_update', 'resolution'],
            'sla.state': ['running', 'paused', 'met', 'breached'],
            role: ['customer', 'agent', 'supervisor', 'service_level_manager', 'admin'],
            'agreements.statusName': ['draft', 'active', 'expired', 'superseded'],
            'queue.filter': ['mine', 'groups', 'unassigned', 'breach', 'pending', 'all'],
            'calendars.legend': ['working', 'off', 'holiday', 'adjusted'],
            'calendars.weekday': ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        }
        for (const [prefix, values] of Object.entries(enums)) {
            for (const value of values) {
                expect(typeof lookup(zhCN, `${prefix}.${value}`), `${prefix}.${value}`).toBe('string')
                expect(typeof lookup(en, `${prefix}.${value}`), `${prefix}.${value}`).toBe('string')
            }
        }
    })
})
