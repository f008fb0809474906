/**
 * The one way tests start a child process: in a process group of its own (a CLI starts a test
 * runner, which starts workers), the whole group killed if it has not exited within the bound.
 */
import { spawn } from 'node:child_process';

/** How a bounded process ended. */
export interface BoundedOutcome {
  /** The exit code; undefined when the process was still running at the bound and was killed. */
  code: number | null | undefined;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, as they arrived. */
  output: string;
  elapsedMs: number;
}

export interface BoundedOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  boundMs: number;
  /** Sees stdout so far, as it arrives. */
  onStdout?: ((soFar: string) => void) | undefined;
  /** Kills the process group (SIGKILL) when aborted, as at the bound. */
  signal?: AbortSignal | undefined;
}

/** Runs `file args`; kills its process group (SIGKILL) if it has not exited within `boundMs`. */
export function runBounded(file: string, args: readonly string[], { cwd, env, boundMs, onStdout, signal }: BoundedOptions): Promise<BoundedOutcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
      onStdout?.(stdout);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      output += chunk.toString();
    });
    let killed = false;
    const kill = () => {
      if (killed || child.exitCode !== null || child.signalCode !== null) return;
      killed = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already, or was never made
      }
    };
    const timer = setTimeout(kill, boundMs);
    signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', kill);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', kill);
      resolve({ code: killed ? undefined : code, stdout, stderr, output, elapsedMs: Date.now() - started });
    });
  });
}
