import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const here = fileURLToPath(new URL('.', import.meta.url))

// The UI is served by the station itself, same origin as the API and the stream, under a strict CSP:
// no inline scripts or styles may end up in index.html, and no eval.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
  },
})
