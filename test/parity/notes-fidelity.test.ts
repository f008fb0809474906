/**
 * The fidelity promise, shown with the user-facing tool: the reference service's HTTP suite run
 * in-process, with every request also sent to the same app on a loopback port (and to a second
 * in-process instance, for noise), reports 0 differences.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCliIn } from '../cli/support.js';
import { readData, runEnv, show, tempDir } from '../report/support.js';

const notesDir = fileURLToPath(new URL('../../examples/notes-service/', import.meta.url));
/** The suite's files that talk to the service over HTTP only (health.spec.ts swaps the app's stores, which a second instance would not see). */
const SPECS = ['test/notes-crud.spec.ts', 'test/notes-list.spec.ts', 'test/validation.spec.ts', 'test/notes-client.spec.ts', 'test/events.spec.ts'];

void test('notes service, in-process vs loopback (tandem test --compare loopback --compare-writes --noise local): 0 differences', async () => {
  const dir = tempDir(after, 'tandem-notes-parity-');
  // In-memory stand-ins: each instance has stores of its own, as two deployments have.
  const env = runEnv(join(dir, 'coverage'));
  delete env.REDIS_URL;
  delete env.AMQP_URL;
  const out = await runCliIn(notesDir, ['test', '--compare', 'loopback', '--compare-writes', '--noise', 'local', '--report', join(dir, 'report.html'), '--', 'node', '--import', 'tsx', '--test', ...SPECS], { env, boundMs: 300_000 });
  assert.equal(out.code, 0, show(out));
  const [, compared, notCompared, differences] = /^tandem: parity app vs app \(loopback\) \(noise: app \(in-process\)\) — (\d+) requests compared, (\d+) not compared, (\d+) differences, \d+ noise fields$/m.exec(out.stderr) ?? [];
  assert.ok(compared !== undefined, show(out));
  assert.deepEqual([Number(notCompared), Number(differences)], [0, 0]);
  const parity = readData(join(dir, 'report.json')).parity!;
  assert.ok(parity.compared > 100, `${parity.compared} requests compared`);
  assert.deepEqual(parity.exchanges.flatMap((x) => x.differences.filter((d) => !d.noise)), []);
});
