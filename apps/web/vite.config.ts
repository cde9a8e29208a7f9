import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = `http://localhost:${process.env.API_PORT ?? 3000}`;

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@equity/shared': fileURLToPath(new URL('../../libs/shared/src/index.ts', import.meta.url)),
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Routes and the chart component are lazy-loaded, so recharts (≈ 600 kB) lands in its own
    // chunks, fetched only when a chart is first shown. (A manual chunk group for recharts broke its
    // module initialisation order in production builds: "c is not a function".)
    chunkSizeWarningLimit: 700,
  },
});
