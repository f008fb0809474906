/**
 * How a failing request reads in each runner: a real run of a suite whose two tests fail (a JSON
 * mismatch, a write refused by a read-only test app), its output asserted.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { cleanEnv } from '../support/spec-runs.js';
import { ensureBuilt, root, run, type RunOutcome } from './support.js';

const failures = join(root, 'test/fixtures/runner-failures');
/**
 * The most lines a failure may take, from the error's first line to the test's line in the stack
 * (the source excerpt Jest prints before the stack is the runner's, and not counted).
 */
const MAX_LINES = 30;

const RUNNERS: Record<string, { file: string; args: string[] }> = {
  'node:test': { file: 'node-test/failing.test.mjs', args: ['--test', '--test-reporter=spec', 'failing.test.mjs'] },
  Vitest: { file: 'vitest/failing.test.mjs', args: [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', '.', '--no-cache'] },
  Jest: {
    file: 'jest/failing.test.mjs',
    args: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', join(root, 'node_modules/jest/bin/jest.js'), '--config', 'jest.config.json', '--ci'],
  },
  Mocha: { file: 'mocha/failing.test.cjs', args: [join(root, 'node_modules/mocha/bin/mocha.js'), '--no-config', '--no-package', '--reporter', 'spec', 'failing.test.cjs'] },
};

/** A stack frame as each runner prints one: `at fn (file:line:col)`, or Vitest's `❯ file:line:col`. */
const FRAME = /^\s*(at |❯ )/;

/** Each printed failure that starts with `headline`: its lines up to and including its first stack frame. */
function blocks(output: string, headline: string): string[][] {
  const lines = output.split('\n');
  const found: string[][] = [];
  lines.forEach((line, start) => {
    if (!line.includes(headline)) return;
    const frame = lines.findIndex((candidate, i) => i > start && FRAME.test(candidate));
    found.push(lines.slice(start, frame < 0 ? undefined : frame + 1));
  });
  return found;
}

/** The line of the suite file marked `// FAILS HERE: <what>`. */
function lineOf(file: string, what: string): number {
  return readFileSync(join(failures, file), 'utf8').split('\n').findIndex((line) => line.includes(`// FAILS HERE: ${what}`)) + 1;
}

void describe('a failing request reads well in every runner', () => {
  const outcomes: Record<string, RunOutcome> = {};
  before(async () => {
    await ensureBuilt();
    const env = cleanEnv({ NO_COLOR: '1', FORCE_COLOR: '0' });
    await Promise.all(
      Object.entries(RUNNERS).map(async ([name, { file, args }]) => {
        outcomes[name] = await run(process.execPath, args, { cwd: join(failures, file.split('/')[0]!), env });
      }),
    );
  });

  void test('the build points at no source maps: a stack frame into the package names a file it ships', () => {
    for (const file of ['index.js', 'errors/tandem-error.js', 'request/test-request.js']) {
      assert.doesNotMatch(readFileSync(join(root, 'dist', file), 'utf8'), /sourceMappingURL/, file);
    }
  });

  for (const [name, { file }] of Object.entries(RUNNERS)) {
    void test(`${name}: the first frame is the test's line, one diff, no dump of the exchange, at most ${MAX_LINES} lines`, () => {
      const { code, output } = outcomes[name]!;
      assert.ok(typeof code === 'number' && code > 0, `the run did not fail (exit ${String(code)}):\n${output}`);
      const cases = [
        { headline: 'expected the JSON body to match (a partial match', line: lineOf(file, 'json') },
        { headline: 'POST refused: the target is read-only', line: lineOf(file, 'write') },
      ];
      for (const { headline, line } of cases) {
        const printed = blocks(output, headline);
        assert.ok(printed.length > 0, `no failure starting with ${headline}:\n${output}`);
        for (const block of printed) {
          const shown = block.join('\n');
          const frame = block.at(-1)!;
          assert.match(frame, new RegExp(`${file.split('/')[1]!.replace('.', '\\.')}:${line}:\\d+\\)?( \\{)?$`), `the first frame is not the test's line ${line}:\n${shown}`);
          const counted = block.filter((text) => !/^\s*>?\s*\d+ \||^\s*\|\s*\^/.test(text));
          assert.ok(counted.length <= MAX_LINES, `${counted.length} lines:\n${shown}`);
          if (headline.startsWith('expected the JSON')) {
            assert.equal(shown.split('diff (- expected, + actual):').length, 2, `not one diff:\n${shown}`);
            assert.match(shown, /reproduce \(in-process, no port listens\)/);
          } else {
            assert.match(shown, /not sent: tandem refused the request/);
            assert.doesNotMatch(shown, /curl/, 'a refused write shows no command that would send it');
          }
        }
      }
      // The runner draws no diff of its own, and prints no raw exchange (body bytes, a Headers object as {}).
      assert.doesNotMatch(output, /^\s*- Expected|^\s*\+ Received|\+ expected - actual/m, output);
      assert.doesNotMatch(output, /<Buffer|Buffer \[|headers: \{\}|request: \{|response: \{|Serialized Error: \{ (?!code)/, output);
      // Nor a frame inside tandem.
      assert.doesNotMatch(output, /^\s*(at |❯ ).*\/(dist|src)\/(errors|request|client|safety|expect)\//m, output);
    });
  }
});
