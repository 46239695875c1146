// vue-i18n (Composition API): zh-CN by default, English switchable; the choice is kept in localStorage.
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.js'
import en from './en.js'

export const LOCALES = [
    { code: 'zh-CN', label: '简体中文' },
    { code: 'en', label: 'English' },
]
const STORAGE_KEY = 'sladesk.locale'

function initialLocale() {
    const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null
    return LOCALES.some((l) => l.code === stored) ? stored : 'zh-CN'
}

export const messages = { 'zh-CN': zhCN, en }

export const i18n = createI18n({
    legacy: false,
    locale: initialLocale(),
    fallbackLocale: 'zh-CN',
    messages,
    missingWarn: false,
    fallbackWarn: false,
})

export function setLocale(code) {
    i18n.global.locale.value = code
    localStorage.setItem(STORAGE_KEY, code)
    document.documentElement.lang = code
}
