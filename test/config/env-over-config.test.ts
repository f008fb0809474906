import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createTestApp } from '../../src/index.js';
import { tempDir, writeJsonConfig } from './support.js';

const app = { fetch: () => new Response('ok') };

/** Sends one request through a test app with `config` and `env`, and closes it. */
async function oneRequest(config: string, env: Record<string, string>): Promise<void> {
  const api = createTestApp(app, { config, env });
  try {
    await api.get('/').expect(200);
  } finally {
    await api.close();
  }
}

void describe('environment variables over the config file', () => {
  void test('TANDEM_HAR (tandem test --har) beats the config\'s record; without it the config\'s applies', async (t) => {
    const dir = tempDir(t);
    const fromConfig = join(dir, 'config.har');
    const fromEnv = join(dir, 'env.har');
    const config = writeJsonConfig(dir, { record: fromConfig });

    await oneRequest(config, { TANDEM_HAR: fromEnv, TANDEM_RUN_ID: 'env-over-config' });
    assert.ok(existsSync(fromEnv), 'the HAR file named by TANDEM_HAR was written');
    assert.ok(!existsSync(fromConfig), "the config's record did not override TANDEM_HAR");

    await oneRequest(config, { TANDEM_RUN_ID: 'env-over-config' });
    assert.ok(existsSync(fromConfig), "without TANDEM_HAR the config's record applies");
  });

  void test('TANDEM_READ_ONLY=1 beats a config target with readOnly: false', async (t) => {
    const dir = tempDir(t);
    const config = writeJsonConfig(dir, { targets: { staging: { url: 'http://127.0.0.1:9', readOnly: false } } });
    const api = createTestApp(undefined, { config, env: { TANDEM_TARGET: 'staging', TANDEM_READ_ONLY: '1' } });
    try {
      // Refused before anything is sent (nothing listens on port 9).
      await assert.rejects(api.post('/things').json({}), (error: Error & { code?: string }) => error.code === 'TANDEM_READ_ONLY');
    } finally {
      await api.close();
    }
  });
});
