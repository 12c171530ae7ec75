// Browser end-to-end tests: run by scripts/web-e2e against a throwaway real platform (chain,
// indexer, API serving web/dist at /app/), which passes BASE_URL, IKTOMI_SIGN, BOT_TOKEN and
// FAKE_TELEGRAM_URL. The system's Chromium (CHROMIUM overrides /usr/bin/chromium); one worker, as
// the flows share one chain whose writes are sealed one by one.
import { defineConfig } from '@playwright/test';
import type { TestOptions } from './e2e/fixtures/test';

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig<TestOptions>({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: '../target/test-artifacts/web/results',
  // Chain writes are sealed and finalized one by one: a flow waits for several of them.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:18080',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  // Every flow in both languages: the people it makes speak the project's language (browser
  // locale, Telegram language_code), its screenshots land in target/test-artifacts/web/<lang>.
  projects: [
    { name: 'ru', use: { ...chromium, lang: 'ru', locale: 'ru-RU' } },
    { name: 'en', use: { ...chromium, lang: 'en', locale: 'en-US' } },
  ],
});
