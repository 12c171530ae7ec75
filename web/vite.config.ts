// The API serves the build at /app/ (index.html for every unknown path under it, so the app's own
// router owns the URLs); the manifest lets scripts/bundle-size.mjs measure the initial JS.
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath, URL } from 'node:url';

// In development the API runs beside Vite; everything under /v1 goes to it, so the app stays
// same-origin as in production (the API's CSP allows connections to 'self' only).
const api = process.env.IKTOMI_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/app/',
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    manifest: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: { '/v1': api, '/c': api, '/u': api },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
