import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code (`src/**/*.spec.ts`); suites that span components, with real
// Docker, etcd, kubectl and Chromium, live in `test/` (`*.test.ts`).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.spec.ts'],
          exclude: ['src/renderer/**', '**/node_modules/**'],
          environment: 'node',
          // Some specs drive real servers, Docker or controllers' grace periods; CI machines are
          // shared and slow at times. A bound, not a speed claim (speed lives in benchmarks).
          testTimeout: 20_000,
        },
      },
      {
        // The renderer's components and stores, in a simulated DOM.
        plugins: [vue()],
        resolve: { alias: { '@renderer': resolve('src/renderer/src') } },
        test: {
          name: 'renderer',
          include: ['src/renderer/**/*.spec.ts'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Integration suites start servers and containers: run files one at a time on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
