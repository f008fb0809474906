/**
 * Every code sample of the docs runs: ts and js samples are type-checked and run (node:test,
 * Vitest or Mocha, as they import), sh samples run with bash, each page's samples in order in a
 * project of their own (see sample-project.ts and CONTRIBUTING.md). A sample that is wrong fails
 * here, named by its file and line.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanEnv } from '../support/spec-runs.js';
import { ensureBuilt, run, TEST_BOUND_MS, type RunOutcome } from '../runners/support.js';
import { createApp } from '../fixtures/doc-samples/src/app.js';
import { codeBlocks, docsFiles, excerptMismatch, RUN_LANGUAGES, type CodeBlock } from './code-blocks.js';
import { createProjects, projectOf, root, runDir, toSample, type Sample } from './sample-project.js';

/** A sample runs in a second or two (a minute on a machine under heavy load); a run past this is killed and fails. */
const SAMPLE_BOUND_MS = 300_000;
const TYPECHECK_BOUND_MS = 480_000;
/** Stands for a deployment in sh samples: replaced by the URL of the samples' app, served here. */
const DEPLOYMENTS = ['https://staging.example.com', 'http://127.0.0.1:3000'];
/**
 * `npx <bin>` in sh samples runs the bin npx would find, without npm's start-up or its registry:
 * `tandem` is the build's CLI, as an installed package runs it.
 */
const NPX = `npx() { local bin="$1"; shift; if [ "$bin" = tandem ]; then node ${JSON.stringify(join(root, 'dist/cli/main.js'))} "$@"; else ${JSON.stringify(join(root, 'node_modules/.bin'))}/"$bin" "$@"; fi; }\n`;

const blocks = docsFiles(root).flatMap((file) => codeBlocks(root, file));
const runnable = blocks.filter((block) => RUN_LANGUAGES.has(block.language) && !block.fragment && block.excerptOf === undefined);
const samples = runnable.map(toSample);
const pages = [...new Set(samples.map((sample) => sample.block.file))];
/** Samples that are wrong, each in its own way: the harness must fail them. */
const WRONG_PAGE = 'docs/wrong-samples.md';
const wrong = [
  { language: 'ts', code: "await api.get('/no/such/page').expect(200);", says: /UnexpectedStatusError/ },
  { language: 'ts', code: "import { test } from 'node:test';\n\ntest('fails', async () => {\n  await api.get('/notes/1').expectJson({ title: 'not this one' });\n});", says: /expected the JSON body to match/ },
  { language: 'js', code: "const { useTestApp } = require('tandem/mocha');\n\ndescribe('notes', () => {\n  const api = useTestApp(() => createApp());\n  it('fails', async () => {\n    await api.get('/notes/nope').expect(200);\n  });\n});", says: /1 failing/ },
  { language: 'sh', code: 'npx tandem test --no-such-option', says: /unknown option/ },
].map(({ language, code, says }, index) => ({ says, sample: toSample({ file: WRONG_PAGE, line: index + 1, language, fragment: false, excerptOf: undefined, code }) }));
const where = (block: CodeBlock) => `${block.file}:${block.line}`;

let deployment: Server | undefined;
let deploymentUrl = '';
/** tsc over every page's project, started once they are written, while the samples run. */
let typecheck: Promise<RunOutcome> | undefined;

before(async () => {
  await ensureBuilt();
  createProjects([...pages, WRONG_PAGE]);
  // Each sample also at the path it is type-checked from (named files are rewritten as the page goes on).
  for (const sample of [...samples, ...wrong.map((w) => w.sample)]) {
    if (!sample.checkPath) continue;
    const file = join(projectOf(sample.block), sample.checkPath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, sample.code);
  }
  typecheck = run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(runDir, 'tsconfig.json')], { cwd: runDir, boundMs: TYPECHECK_BOUND_MS });
  deployment = createServer(createApp());
  await new Promise<void>((resolve) => deployment!.listen(0, '127.0.0.1', resolve));
  deploymentUrl = `http://127.0.0.1:${(deployment.address() as AddressInfo).port}`;
});

// The projects stay in .run/ (ignored by git, lint and the type-check) to look at; the next run replaces them.
after(async () => {
  deployment?.closeAllConnections();
  await new Promise((resolve) => deployment?.close(resolve));
});

void test('excerpts match the files they are taken from', () => {
  const excerpts = blocks.filter((block) => block.excerptOf !== undefined);
  for (const block of excerpts) {
    const mismatch = excerptMismatch(block.code, readFileSync(join(root, block.excerptOf!), 'utf8'));
    assert.equal(mismatch, undefined, `${where(block)}: not in ${block.excerptOf} (in this order): ${mismatch}`);
  }
});

function command(sample: Sample): [string, string[]] {
  switch (sample.kind) {
    case 'node-test':
      // Run as a script, node:test runs the file's tests (and exits 1 when one fails), in one process.
      return [process.execPath, ['--import', 'tsx', sample.path!]];
    case 'vitest':
      return [process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', `--test-timeout=${TEST_BOUND_MS}`, `--hook-timeout=${TEST_BOUND_MS}`, sample.path!]];
    case 'mocha':
      return [process.execPath, ['--import', 'tsx', join(root, 'node_modules/mocha/bin/mocha.js'), '--no-config', '--no-package', '--timeout', String(TEST_BOUND_MS), sample.path!]];
    case 'config':
      return [process.execPath, ['--import', 'tsx', join(root, 'test/docs/check-config.ts'), sample.path!]];
    case 'sh':
      return ['bash', ['-e', '-o', 'pipefail', '-c', NPX + DEPLOYMENTS.reduce((code, url) => code.replaceAll(url, deploymentUrl), sample.code)]];
  }
}

async function runSample(sample: Sample) {
  const project = projectOf(sample.block);
  // (A sample type-checked where it runs was written before the type-check started.)
  if (sample.path && sample.path !== sample.checkPath) {
    mkdirSync(dirname(join(project, sample.path)), { recursive: true });
    writeFileSync(join(project, sample.path), sample.code);
  }
  const [file, args] = command(sample);
  const env = cleanEnv({ DOCS_DEPLOYMENT_URL: deploymentUrl, NO_COLOR: '1', FORCE_COLOR: '0' });
  delete env.TANDEM_RUN_ID;
  return run(file, args, { cwd: project, env, boundMs: SAMPLE_BOUND_MS });
}

void test('a wrong sample fails: a failed expectation, a failing test, a failing Mocha test, a command that exits 2', async () => {
  for (const { sample, says } of wrong) {
    const outcome = await runSample(sample);
    assert.ok(typeof outcome.code === 'number' && outcome.code !== 0 && says.test(outcome.output), `${sample.kind} sample ${sample.block.code} exited ${outcome.code}:\n${outcome.output}`);
  }
});

void describe('the samples run', { concurrency: 2 }, () => {
  for (const page of pages) {
    // One page's samples in order: a sample may use a file an earlier one wrote.
    void describe(page, { concurrency: false }, () => {
      for (const sample of samples.filter((s) => s.block.file === page)) {
        void test(`${where(sample.block)} (${sample.kind})`, async () => {
          const outcome = await runSample(sample);
          assert.equal(outcome.code, 0, `${where(sample.block)} failed (exit ${outcome.code ?? `killed after ${SAMPLE_BOUND_MS} ms`}):\n${sample.code}\n--- output ---\n${outcome.output}`);
        });
      }
    });
  }
});

void test('the ts samples type-check', async () => {
  const tsc = await typecheck!;
  // A file under .run/<page>/ is a sample of that page; its line N+1 is the sample's line N.
  assert.equal(tsc.code, 0, tsc.output);
});
