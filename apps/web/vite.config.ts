import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '../..');

// Shared packages are compiled from source so the browser runs the very same clinical engine as the API.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@pumpwatch/domain': path.join(root, 'packages/domain/src/index.ts'),
      '@pumpwatch/contracts': path.join(root, 'packages/contracts/src/index.ts'),
    },
  },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' } },
  // no source maps in the build: served or not, they would ship the full source with every install
  build: { outDir: 'dist', sourcemap: false },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test-setup.ts'],
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
  },
});
