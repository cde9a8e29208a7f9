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
    rolldownOptions: {
      output: {
        // Routes are lazy-loaded; the charting library (≈ 600 kB with its d3 and redux dependencies)
        // gets a chunk of its own, fetched only when a chart is first shown.
        codeSplitting: {
          groups: [
            {
              name: 'recharts',
              test: /node_modules[\\/](recharts|victory-vendor|d3-[a-z-]+|@reduxjs|redux|react-redux|immer|reselect|decimal\.js-light|es-toolkit|eventemitter3|internmap|tiny-invariant)[\\/]/,
              priority: 10,
              // Leave recharts' own dependencies that the shell also uses (react, react-dom) where they are.
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
});
