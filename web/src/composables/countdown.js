// The live remaining working time of one clock: the server's figure less the working seconds passed since
// it was fetched, in the clock's calendar. Without a calendar model the server's figure stands.
import { computed, ref, watch } from 'vue'
import { useNow } from './now.js'
import { workingSecondsBetween } from '../lib/working_time.js'

/** `clock`, `fetchedAt` (ms) and `model` are getters; returns a computed remaining-seconds number. */
export function useCountdown(clock, fetchedAt, model) {
    const now = useNow()
    const worked = ref(0)
    let last = fetchedAt()
    watch([clock, fetchedAt, model], () => {
        worked.value = 0
        last = fetchedAt()
    })
    watch(now, (at) => {
        const current = model()
        if (current && clock()?.state === 'running') worked.value += workingSecondsBetween(current, last, at)
        last = at
    })
    return computed(() => {
        const figure = clock()
        if (!figure) return 0
        return Math.round(figure.remaining_seconds - (figure.state === 'running' ? worked.value : 0))
    })
}
