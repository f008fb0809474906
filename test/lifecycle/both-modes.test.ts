import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

const spec = fileURLToPath(new URL('../fixtures/both-modes/notes.spec.ts', import.meta.url));
const serve = fileURLToPath(new URL('../fixtures/both-modes/serve-express.ts', import.meta.url));
const BOUND_MS = 30_000;

/** The environment of a fresh `node --test` run: not nested in this one, and with no target unless given. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_TEST_CONTEXT;
  if (!('TANDEM_TARGET' in extra)) delete env.TANDEM_TARGET;
  return env;
}

interface Run {
  code: number | null;
  output: string;
}

/** Runs the spec file with node's test runner (TAP output), killing it if it has not finished within the bound. */
function runSpec(env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', spec], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), BOUND_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const count = (output: string, name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? Number.NaN);
const diagnostic = (output: string, name: string) => new RegExp(`^\\s*# ${name}: (\\S+)$`, 'm').exec(output)?.[1];

void describe('the same test file passes in-process and against the app running as its own process', { timeout: 3 * BOUND_MS }, () => {
  let server: ChildProcess | undefined;
  let port = 0;
  let inProcess: Run;
  let remote: Run;

  before(async () => {
    server = spawn(process.execPath, ['--import', 'tsx', serve], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`the server did not start within ${BOUND_MS} ms: ${output}`)), BOUND_MS);
      server!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      server!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${String(code)}: ${output}`));
      });
    });
    [inProcess, remote] = await Promise.all([runSpec(cleanEnv()), runSpec(cleanEnv({ TANDEM_TARGET: `http://127.0.0.1:${port}` }))]);
  });

  after(async () => {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server!.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  });

  void test('in-process: every test passes, in mode in-process', () => {
    assert.equal(inProcess.code, 0, inProcess.output);
    assert.equal(diagnostic(inProcess.output, 'tandem-mode'), 'in-process');
    assert.equal(diagnostic(inProcess.output, 'tandem-origin'), 'http://localhost');
    assert.equal(count(inProcess.output, 'fail'), 0);
    assert.ok(count(inProcess.output, 'pass') >= 7, inProcess.output);
  });

  void test('with TANDEM_TARGET: every test passes, in mode remote, against the server process', () => {
    assert.equal(remote.code, 0, remote.output);
    assert.equal(diagnostic(remote.output, 'tandem-mode'), 'remote');
    assert.equal(diagnostic(remote.output, 'tandem-origin'), `http://127.0.0.1:${port}`);
    assert.equal(count(remote.output, 'fail'), 0);
  });

  void test('both runs ran the same tests', () => {
    assert.equal(count(remote.output, 'tests'), count(inProcess.output, 'tests'));
    assert.equal(count(remote.output, 'pass'), count(inProcess.output, 'pass'));
    const names = (output: string) => [...output.matchAll(/^ok \d+ - (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(names(remote.output), names(inProcess.output));
  });
});
