/** `tandem --help | head -1`: a reader that closes the pipe early is not a crash. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from '../support/spec-runs.js';

const BIN = fileURLToPath(new URL('../../bin/tandem.mjs', import.meta.url));

void test('help text into a pipe closed after its first chunk: exit 0, no EPIPE', { timeout: 120_000 }, async () => {
  // The first help closes the pipe (its reader is gone); the ones after it write into a closed pipe.
  const script = `for c in "" test targets wait sweep; do node ${JSON.stringify(BIN)} $c --help || exit $?; done`;
  const child = spawn('sh', ['-c', script], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const timer = setTimeout(() => child.kill('SIGKILL'), 100_000); // five CLI starts take ~7 s on a quiet machine
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  assert.doesNotMatch(stderr, /EPIPE|Unhandled 'error' event/);
  assert.equal(code, 0, stderr);
});
