// Durations of working time as people read them: "2小时05分" / "2h 05m", "4分09秒" / "4m 09s".

/** Splits whole seconds into sign, hours, minutes and seconds (hours are not folded into days: a working
 *  day's length depends on the calendar). */
export function splitDuration(seconds) {
    const negative = seconds < 0
    let rest = Math.floor(Math.abs(seconds))
    const h = Math.floor(rest / 3600)
    rest -= h * 3600
    const m = Math.floor(rest / 60)
    return { negative, h, m, s: rest - m * 60 }
}

const pad = (n) => String(n).padStart(2, '0')

/** Formats seconds with the i18n function `t` (keys duration.hm, duration.ms, sla.overdue). */
export function formatDuration(seconds, t) {
    const { negative, h, m, s } = splitDuration(seconds)
    const text = h > 0 ? t('duration.hm', { h, m: pad(m) }) : t('duration.ms', { m, s: pad(s) })
    return negative ? t('sla.overdue', { d: text }) : text
}
