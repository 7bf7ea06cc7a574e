// Builds the renderer into dist/renderer. Electron loads it from disk; the web host
// serves the same files over loopback.
import { defineConfig } from 'vite';
import path from 'node:path';

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'renderer'),
  base: './',
  publicDir: false,
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  oxc: { jsx: { runtime: 'automatic', development: false } },
  // Always React's production build, whatever NODE_ENV the caller has (vitest sets 'test',
  // which would otherwise leave a several-times slower development build in dist/).
  mode: 'production',
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  logLevel: 'warn',
});
