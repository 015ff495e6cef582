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
          environment: 'node',
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
