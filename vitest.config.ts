import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    // Collects every response's conformance to the OpenAPI document; its teardown fails the run on a violation.
    globalSetup: ['test/helpers/conformance-setup.ts'],
    hookTimeout: 120_000,
    // Two cores: more workers than that only fight over the CPU (PGlite is CPU-bound WASM).
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    pool: 'forks',
  },
});
