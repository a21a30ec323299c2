import { defineConfig } from 'vitest/config'

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
