import { defineConfig } from 'vitest/config'

// One runner for the whole monorepo. Workspace packages resolve to their
// TypeScript sources through the `@strongroom/source` export condition, so
// tests and typecheck never need a prior build.
const conditions = ['@strongroom/source', 'module', 'node', 'development|production']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tools/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
