/** The command `tandem test` runs, and how a shard is passed to it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Shard } from './parse-options.js';

/** A command: a string runs through the shell (globs expand), an array runs as is. */
export type RunnerCommand = string | readonly string[];

function hasTestScript(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> };
    return typeof manifest.scripts?.test === 'string' && manifest.scripts.test.trim() !== '';
  } catch {
    return false;
  }
}

/**
 * The command to run: the one given after `--`, else the config's `command`, else `npm test` when
 * `dir`/package.json has a test script, else `node --test`.
 *
 * @example
 * runnerCommand([], undefined, process.cwd()); // ['npm', 'test']
 */
export function runnerCommand(given: readonly string[], configured: RunnerCommand | undefined, dir: string): RunnerCommand {
  if (given.length > 0) return given;
  if (configured !== undefined) return configured;
  return hasTestScript(dir) ? ['npm', 'test'] : ['node', '--test'];
}

const NODE_TEST = /(^|\s)--test(?=\s|$)/;

/**
 * Passes `shard` to node's test runner, right after its `--test` flag (`--test-shard=i/n`); other
 * commands are returned as they are (they read `TANDEM_SHARD`). Tells which happened.
 *
 * @example
 * withShard(['node', '--test', 'a.test.js'], { index: 1, count: 2 }); // { command: ['node', '--test', '--test-shard=1/2', 'a.test.js'], passed: true }
 */
export function withShard(command: RunnerCommand, shard: Shard): { command: RunnerCommand; passed: boolean } {
  const flag = `--test-shard=${shard.index}/${shard.count}`;
  if (typeof command === 'string') {
    if (!/^\s*(\S*\/)?node(\.exe)?\s/.test(command) || !NODE_TEST.test(command)) return { command, passed: false };
    return { command: command.replace(NODE_TEST, `$1--test ${flag}`), passed: true };
  }
  const at = command.indexOf('--test');
  if (at < 0 || !/(^|\/)node(\.exe)?$/.test(command[0] ?? '')) return { command, passed: false };
  return { command: [...command.slice(0, at + 1), flag, ...command.slice(at + 1)], passed: true };
}

/** The command as shown to the user. */
export function showCommand(command: RunnerCommand): string {
  return typeof command === 'string' ? command : command.map((word) => (/^[\w./=:@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}
