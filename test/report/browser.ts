/**
 * A real Chromium for the report's browser tests: Debian's `chromium` package driven by
 * playwright-core. Without /usr/bin/chromium the tests skip with that reason, unless
 * TANDEM_REQUIRE_BROWSER=1 (CI installs it), when they fail.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Why the browser tests skip, or false when they run. */
export function browserSkip(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.TANDEM_REQUIRE_BROWSER === '1') return false; // launching fails the test, as it must
  return `${CHROMIUM} is missing (install Debian's chromium package: apt-get install -y chromium; TANDEM_REQUIRE_BROWSER=1 makes this a failure)`;
}

/** Launches Chromium headless, bounded in time. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });
}
