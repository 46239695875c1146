// @vitest-environment happy-dom
// The countdown component: counts down in working time while running, stands still when paused.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import { createI18n } from 'vue-i18n'
import SlaCountdown from '../../src/components/SlaCountdown/SlaCountdown.vue'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'

// Element Plus is not resolved in unit tests (vite.config.js): el-tag renders as a span with its slot.
const stubs = { 'el-tag': { template: '<span v-bind="$attrs"><slot /></span>', inheritAttrs: false } }
const i18n = (locale) => createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } })
const clock = (fields) => ({
    target: 'first_response',
    scope: 'sla',
    state: 'running',
    calendar: '24x7',
    remaining_seconds: 125,
    thresholds_crossed: [],
    ...fields,
})

describe('SlaCountdown', () => {
    beforeEach(() => vi.useFakeTimers())
    afterEach(() => vi.useRealTimers())

    async function mountAt(fields, locale = 'en') {
        const wrapper = mount(SlaCountdown, {
            props: { clock: clock(fields), fetchedAt: Date.now(), live: true },
            global: { plugins: [i18n(locale)], stubs },
        })
        await vi.advanceTimersByTimeAsync(0) // the calendar model resolves
        return wrapper
    }

    test('a running 24x7 clock counts down every second', async () => {
        const wrapper = await mountAt({})
        expect(wrapper.text()).toContain('First response · 2m 05s')
        await vi.advanceTimersByTimeAsync(5000)
        await nextTick()
        expect(wrapper.text()).toContain('2m 00s')
        expect(wrapper.attributes('data-tone')).toBe('ok')
        wrapper.unmount()
    })

    test('a paused clock stands still and says paused', async () => {
        const wrapper = await mountAt({ state: 'paused' }, 'zh-CN')
        await vi.advanceTimersByTimeAsync(5000)
        expect(wrapper.text()).toContain('首次响应 · 2分05秒 · 已暂停')
        expect(wrapper.attributes('data-tone')).toBe('paused')
        wrapper.unmount()
    })

    test('amber after a threshold, red once it runs out', async () => {
        const wrapper = await mountAt({ remaining_seconds: 2, thresholds_crossed: [80] })
        expect(wrapper.attributes('data-tone')).toBe('warning')
        await vi.advanceTimersByTimeAsync(3000)
        await nextTick()
        expect(wrapper.attributes('data-tone')).toBe('breached')
        expect(wrapper.text()).toContain('overdue 0m 01s')
        wrapper.unmount()
    })
})
