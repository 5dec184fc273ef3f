// Vite builds the single-page app into dist/apps/web, which the gateway serves at `/`.
// In development (`nx serve web`) the API stays the gateway's: `/api` and `/health` are proxied to
// it, so the app talks to one origin exactly as it does when the gateway serves it.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const gateway = process.env['PATT_GATEWAY_URL'] ?? 'http://localhost:3000';
const proxy = { '/api': gateway, '/health': gateway };

export default defineConfig({
  root: here('.'),
  cacheDir: here('../../node_modules/.vite/apps/web'),
  plugins: [react()],
  resolve: {
    // What the app imports of the workspace at run time: pure data and functions, no Node (the
    // game facts, and the contracts' rank rules through their own entry point, which leaves out
    // the DTO classes and their decorators). The rest of the contracts is imported as types only
    // (erased at build), so it needs no alias.
    alias: {
      '@patt/wow': here('../../libs/wow/src/index.ts'),
      '@patt/contracts/rules': here('../../libs/contracts/src/rules/index.ts'),
    },
  },
  server: { host: 'localhost', port: 4200, strictPort: true, proxy },
  preview: { host: 'localhost', port: 4300, strictPort: true, proxy },
  build: {
    outDir: here('../../dist/apps/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
