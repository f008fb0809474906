/** Starts test/fixtures/ledger/create-and-hang.ts as a process of its own, and kills it. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { TestContext } from 'node:test';
import { cleanEnv } from '../support/spec-runs.js';

const SCRIPT = 'test/fixtures/ledger/create-and-hang.ts';

export interface HangingRun {
  child: ChildProcess;
  /** SIGKILL, and wait for the process to be gone. */
  kill(): Promise<void>;
}

/**
 * Starts the script with `env` and resolves once it printed `created`; rejects (and kills it) if
 * that takes longer than `boundMs` or it exits first. It is killed when the test ends in any case.
 */
export function startHangingRun(t: TestContext, env: Record<string, string>, boundMs = 60_000): Promise<HangingRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  t.after(kill);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`${SCRIPT} did not create its resources within ${boundMs} ms:\n${output}`));
    }, boundMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/^created \d+$/m.test(output)) {
        clearTimeout(timer);
        resolve({ child, kill });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${SCRIPT} exited (${code ?? signal}) before creating its resources:\n${output}`));
    });
  });
}
