// Vite build of the sladesk web console. `npm run build` writes dist/, which the server embeds (see
// scripts/build-web.sh and src/http/web_app.cpp); `npm run dev` proxies /api to a local `sladesk serve`.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

export default defineConfig({
    plugins: [
        vue(),
        // Element Plus components used in templates are imported on demand, with their CSS. Unit tests leave
        // them unresolved and stub what they render, which keeps Vitest fast.
        !process.env.VITEST && Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
    ],
    define: {
        __VUE_I18N_FULL_INSTALL__: true,
        __VUE_I18N_LEGACY_API__: false,
        __INTLIFY_PROD_DEVTOOLS__: false,
    },
    build: {
        outDir: 'dist',
        assetsDir: 'assets',
        emptyOutDir: true,
        // Inline nothing as data: URLs and keep every output a hashed file under assets/.
        assetsInlineLimit: 0,
        chunkSizeWarningLimit: 1100,
        manifest: true,
    },
    server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
    test: {
        environment: 'node', // component tests opt in with a @vitest-environment happy-dom comment
        include: ['tests/unit/**/*.test.js'],
    },
})
