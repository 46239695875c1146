// Prints the gzip size of the JavaScript the first screen (index.html and the login route) loads, from the
// Vite manifest, and exits 1 when it is over the budget of issue 7 (400 KB).
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'

const BUDGET_BYTES = 400 * 1024
const dist = process.argv[2] ?? 'dist'
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'))

const files = new Set()
function visit(key) {
    const chunk = manifest[key]
    if (!chunk || files.has(chunk.file)) return
    files.add(chunk.file)
    for (const imported of chunk.imports ?? []) visit(imported)
}
visit('index.html')
visit('src/views/LoginView.vue')

let raw = 0
let gzip = 0
for (const file of files) {
    if (!file.endsWith('.js')) continue
    const bytes = readFileSync(join(dist, file))
    raw += bytes.length
    gzip += gzipSync(bytes, { level: 9 }).length
}
const kb = (n) => (n / 1024).toFixed(1)
console.log(`build-web: first screen JavaScript ${kb(raw)} KB, ${kb(gzip)} KB gzip (budget ${kb(BUDGET_BYTES)} KB)`)
if (gzip > BUDGET_BYTES) {
    console.error('build-web: the first screen is over its JavaScript budget')
    process.exit(1)
}
