import { defineConfig } from 'vite';

/** The settings page: built into dist/web and served by Switchyard's server under `/`. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
