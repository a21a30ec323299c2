import { defineConfig } from 'vitest/config'
import { ALLOCATOR_ENV, ALLOCATOR_VALUE } from './server/src/allocatorHint.ts'

// The test processes (forked below, so they inherit it) run the engine as server/README.md tells a
// long-running server to run: with glibc's mmap threshold fixed. Without it resident memory at rest
// swings by −11 % to +25 % between identical hostile-input runs (see server/src/allocatorHint.ts),
// which no 10 % bound can judge; RELIABILITY_DEFAULT_MALLOC=1 measures the default allocator.
if (process.env.RELIABILITY_DEFAULT_MALLOC !== '1') process.env[ALLOCATOR_ENV] ??= ALLOCATOR_VALUE

// `npm run test:reliability` (scripts/reliability.ts): hostile input and security checks at the
// HTTP surface. Kept out of vitest.config.ts (tests/unit only): it takes minutes, not seconds.
export default defineConfig({
  test: {
    include: ['tests/reliability/**/*.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // The memory figures call gc() first, so they measure what is retained, not what is pending.
    execArgv: ['--expose-gc'],
  },
})
