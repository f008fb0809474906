#!/usr/bin/env node
// Runs every test file under test/ with node's test runner, TypeScript loaded through tsx.
// (Node 20's --test neither expands globs nor finds .ts files by itself.)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : find(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const files = find(join(root, 'test'))
  .filter((file) => only.length === 0 || only.some((o) => file.includes(o)))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// The spec reporter on stdout, and the files' durations (scripts/file-durations-reporter.mjs) after it.
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts/file-durations-reporter.mjs')}`, '--test-reporter-destination=stdout'];
// Files run in processes of their own, one more at a time than there are cores (node's default is one
// fewer): much of a file's time is spent waiting on the processes, servers and timeouts it starts.
const concurrency = `--test-concurrency=${availableParallelism() + 1}`;
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', concurrency, ...reporters, ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
