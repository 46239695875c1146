// One shared one-second ticker for every countdown on the page; it runs only while someone uses it.
import { onBeforeUnmount, ref } from 'vue'

const now = ref(Date.now())
let users = 0
let timer = null

export function useNow() {
    if (users++ === 0) timer = setInterval(() => (now.value = Date.now()), 1000)
    onBeforeUnmount(() => {
        if (--users === 0) {
            clearInterval(timer)
            timer = null
        }
    })
    return now
}
