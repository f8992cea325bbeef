import { defineConfig } from 'tsup'

// ./kysely and ./fastify join these entries when those layers are written.
export default defineConfig({
  entry: {
    'core/index': 'src/core/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
})
