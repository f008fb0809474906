/**
 * A TypeScript config where Node cannot load TypeScript by itself: the loader, bundled with
 * esbuild (which tsx brings) so that it runs on plain `node`, falls back to tsx's `tsImport`,
 * and says what to do when tsx is not installed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { tempDir, writeFile } from './support.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./fixtures/print-config.ts', import.meta.url));
/** Inside the project, so that the bundle's own imports (ajv, tsx) resolve from its node_modules. */
let outDir: string;

async function bundle(name: string, alias: Record<string, string> = {}): Promise<string> {
  const outfile = join(outDir, name);
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', alias, logLevel: 'silent' });
  return outfile;
}

/** Runs `script` on plain node (no tsx loader), bounded. */
function runPlain(script: string, config: string) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  return spawnSync(process.execPath, [script, config], { env, encoding: 'utf8', timeout: 30_000 });
}

void describe('a TypeScript config on a Node that does not load TypeScript', () => {
  before(() => {
    outDir = mkdtempSync(join(root, 'node_modules', '.cache-tandem-config-test-'));
  });
  after(() => rmSync(outDir, { recursive: true, force: true }));

  void test('is loaded through tsx', async (t) => {
    const script = await bundle('print-config.mjs');
    const config = writeFile(tempDir(t), 'tandem.config.ts', `type Ms = number;\nconst timeout: Ms = 4_000;\nexport default { timeout, targets: { staging: { url: 'https://staging.example.com' as string } } };\n`);
    const run = runPlain(script, config);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { timeout: 4000, targets: { staging: { url: 'https://staging.example.com' } } });
  });

  void test('without tsx, fails saying to install it or to use .mjs, .js or .json', async (t) => {
    const script = await bundle('print-config-no-tsx.mjs', { 'tsx/esm/api': 'tandem-test-no-such-package/esm/api' });
    const config = writeFile(tempDir(t), 'tandem.config.ts', 'export default { timeout: 4_000 as number };\n');
    const run = runPlain(script, config);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stderr, /TANDEM_CONFIG: .*tandem\.config\.ts is TypeScript, and this Node cannot load it by itself: install tsx \(npm install --save-dev tsx\) so that tandem can, or write the config as tandem\.config\.mjs, \.js or \.json/);
  });
});
