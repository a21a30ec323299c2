import { execFileSync } from 'node:child_process'
import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests: the production build (`vite build`) served by `vite preview`, which also
 * mounts the local recognizer (server/src/vitePlugin.ts) on the same origin, driven in Debian's
 * Chromium with a fake camera fed by clips generated from the sample targets (tests/e2e/global-setup.ts).
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4317)
export const E2E_DIR = '.cache/e2e'

if (!process.env.CHROMIUM_PATH) {
  process.env.CHROMIUM_PATH = execFileSync('bash', ['scripts/find-chromium.sh'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim()
}

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --port ${E2E_PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${E2E_PORT}/ping`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      CRS_DB: `${E2E_DIR}/targets.db`,
      CRS_QPS: '50',
    },
  },
})
