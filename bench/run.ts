/**
 * `npm run bench`: tandem against its peers, interleaved in one process and repeated, for a
 * trivial and a 100 KB JSON handler, sequential and with 16 requests in flight; then the
 * suite-level figure (the reference service's requests through tandem and through supertest) and
 * a memory check over 100,000 requests. Prints tables with tandem's ratio to each peer and writes
 * the same as JSON to bench/results/latest.json.
 *
 * Environment: BENCH_ROUNDS (default 3), BENCH_REQUESTS (per subject and round, default 1000),
 * BENCH_MEMORY_REQUESTS (default 100000), BENCH_SOURCE=1 to measure src/ instead of dist/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { buildSubjects, type Payload, type Subject } from './subjects.js';
import { measureMemory, type MemoryResult } from './memory.js';
import { measureSuite, type SuiteResult } from './suite.js';
import { measureSupertestSuite, type SupertestSuiteResult } from './supertest-suite.js';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const MEMORY_REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 100_000);
const WARMUP = 200;

interface Row {
  payload: Payload;
  concurrency: number;
  name: string;
  group: string;
  tool: Subject['tool'];
  requestsPerRound: number;
  usPerRequest: number[];
}

interface Ratio {
  payload: Payload;
  concurrency: number;
  tandem: string;
  peer: string;
  /** tandem's req/s ÷ the peer's, medians of the rounds. */
  ratio: number;
}

/** The performance targets: tandem's req/s at least `min` times the peer's. */
const TARGETS: Array<{ tandem: string; peer: string; min: number }> = [
  { tandem: 'tandem in-process (http listener)', peer: 'light-my-request inject (http listener)', min: 1.2 },
  { tandem: 'tandem in-process (http listener)', peer: 'supertest(app) (http listener)', min: 10 },
  { tandem: 'tandem in-process (Express 5)', peer: 'supertest(app) (Express 5)', min: 10 },
  { tandem: 'tandem in-process (Hono fetch)', peer: 'Hono app.request', min: 1.0 },
  { tandem: 'tandem remote', peer: 'undici Pool.request', min: 0.9 },
  { tandem: 'tandem remote', peer: 'supertest(url)', min: 5 },
];

async function run(once: () => Promise<void>, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next++ < count) await once();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ((performance.now() - started) * 1000) / count;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function measure(payload: Payload, concurrency: number, rows: Row[]): Promise<void> {
  const fixture = await buildSubjects(payload);
  try {
    const byName = new Map<string, Row>();
    for (const s of fixture.subjects) {
      const requestsPerRound = Math.max(concurrency * 4, Math.round(REQUESTS * (s.weight ?? 1)));
      byName.set(s.name, { payload, concurrency, name: s.name, group: s.group, tool: s.tool, requestsPerRound, usPerRequest: [] });
      await run(s.once, Math.round(WARMUP * (s.weight ?? 1)), concurrency);
    }
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved: every subject once per round, in a rotated order, so drift hits all alike.
      const order: Subject[] = fixture.subjects.map((_, i) => fixture.subjects[(i + round) % fixture.subjects.length]!);
      for (const s of order) {
        const row = byName.get(s.name)!;
        row.usPerRequest.push(await run(s.once, row.requestsPerRound, concurrency));
      }
    }
    rows.push(...byName.values());
  } finally {
    await fixture.close();
  }
}

function ratiosOf(rows: readonly Row[]): Ratio[] {
  const ratios: Ratio[] = [];
  for (const peer of rows) {
    if (peer.tool !== 'peer') continue;
    const tandem = rows.find((r) => r.tool === 'tandem' && r.group === peer.group && r.payload === peer.payload && r.concurrency === peer.concurrency);
    if (tandem) ratios.push({ payload: peer.payload, concurrency: peer.concurrency, tandem: tandem.name, peer: peer.name, ratio: median(peer.usPerRequest) / median(tandem.usPerRequest) });
  }
  return ratios;
}

function formatRows(rows: readonly Row[], ratios: readonly Ratio[]): string {
  const lines = ['| payload | in flight | subject | req/s | µs/req median (min–max) | tandem ÷ peer, req/s |', '|---|---:|---|---:|---:|---:|'];
  for (const row of rows) {
    const med = median(row.usPerRequest);
    const ratio = ratios.find((r) => r.peer === row.name && r.payload === row.payload && r.concurrency === row.concurrency);
    const range = `${Math.min(...row.usPerRequest).toFixed(0)}–${Math.max(...row.usPerRequest).toFixed(0)}`;
    const name = row.tool === 'tandem' ? `**${row.name}**` : row.name;
    lines.push(`| ${row.payload} | ${row.concurrency} | ${name} | ${Math.round(1e6 / med)} | ${med.toFixed(0)} (${range}) | ${ratio ? `${ratio.ratio.toFixed(2)}×` : ''} |`);
  }
  return lines.join('\n');
}

/** tandem's own layer: the share of `api.get()`'s time spent above `target.send`, per subject. */
function layersOf(rows: readonly Row[]): Array<{ payload: Payload; concurrency: number; tandem: string; apiUs: number; sendUs: number; share: number; spread: [number, number] }> {
  const layers = [];
  for (const send of rows) {
    if (send.tool !== 'transport') continue;
    const tandem = rows.find((r) => r.tool === 'tandem' && r.group === send.group && r.payload === send.payload && r.concurrency === send.concurrency);
    if (!tandem) continue;
    const apiUs = median(tandem.usPerRequest);
    const sendUs = median(send.usPerRequest);
    // Per round (the two were measured side by side in each), for the spread.
    const perRound = tandem.usPerRequest.map((us, i) => 1 - (send.usPerRequest[i] ?? sendUs) / us);
    layers.push({ payload: send.payload, concurrency: send.concurrency, tandem: tandem.name, apiUs, sendUs, share: 1 - sendUs / apiUs, spread: [Math.min(...perRound), Math.max(...perRound)] as [number, number] });
  }
  return layers;
}

function formatLayers(layers: ReturnType<typeof layersOf>): string {
  const lines = ["| payload | in flight | subject | api.get µs | target.send µs | tandem's own layer (min–max of rounds) |", '|---|---:|---|---:|---:|---:|'];
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  for (const l of layers) lines.push(`| ${l.payload} | ${l.concurrency} | ${l.tandem} | ${l.apiUs.toFixed(0)} | ${l.sendUs.toFixed(0)} | ${pct(l.share)} (${pct(l.spread[0])}–${pct(l.spread[1])}) |`);
  return lines.join('\n');
}

function formatTargets(ratios: readonly Ratio[]): { text: string; verdicts: unknown[] } {
  const lines = ['| target | wanted | measured (trivial 1 / 16, 100 KB 1 / 16) | met |', '|---|---:|---:|---|'];
  const verdicts: unknown[] = [];
  for (const target of TARGETS) {
    const found = ratios.filter((r) => r.tandem === target.tandem && r.peer === target.peer);
    if (found.length === 0) continue;
    const met = found.every((r) => r.ratio >= target.min);
    const some = found.some((r) => r.ratio >= target.min);
    verdicts.push({ ...target, measured: found.map(({ payload, concurrency, ratio }) => ({ payload, concurrency, ratio })), met });
    lines.push(`| ${target.tandem} vs ${target.peer} | ≥ ${target.min}× | ${found.map((r) => `${r.ratio.toFixed(2)}×`).join(', ')} | ${met ? 'yes' : some ? 'partly' : 'no'} |`);
  }
  return { text: lines.join('\n'), verdicts };
}

const rows: Row[] = [];
const started = performance.now();
for (const payload of ['trivial', '100kb'] as const) {
  for (const concurrency of [1, 16]) {
    process.stderr.write(`measuring ${payload}, ${concurrency} in flight…\n`);
    await measure(payload, concurrency, rows);
  }
}
process.stderr.write('suite-level figure: the notes service through tandem and supertest…\n');
const suite: SuiteResult[] = await measureSuite(ROUNDS, 10);
process.stderr.write('suite-level comparison with supertest: one supertest suite through both…\n');
const supertestSuite: SupertestSuiteResult[] = await measureSupertestSuite(ROUNDS, 10);
process.stderr.write(`memory check: ${MEMORY_REQUESTS} requests in-process and remote…\n`);
const memory: MemoryResult[] = await measureMemory(MEMORY_REQUESTS);

const cpus = os.cpus();
const machine = `${cpus[0]?.model.trim() ?? 'unknown cpu'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
const ratios = ratiosOf(rows);
const targets = formatTargets(ratios);
const layers = layersOf(rows);
const suiteRatio = median(suite[1]!.ms) / median(suite[0]!.ms);
console.log(`\nmachine: ${machine}; tandem from ${process.env.BENCH_SOURCE === '1' ? 'src/ (through tsx)' : 'dist/'}; ${ROUNDS} interleaved rounds, ${REQUESTS} requests per subject and round (supertest: a quarter)\n`);
console.log(formatRows(rows, ratios));
console.log(`\n${formatLayers(layers)}`);
console.log(`\n${targets.text}`);
console.log('\n| suite-level (wall time per run) | requests | median (min–max) | ratio |\n|---|---:|---:|---:|');
for (const s of suite) {
  console.log(`| ${s.name} | ${s.requests} | ${median(s.ms).toFixed(0)} ms (${Math.min(...s.ms).toFixed(0)}–${Math.max(...s.ms).toFixed(0)}) | ${s === suite[0] ? speedup(suiteRatio) : ''} |`);
}
console.log('\n| supertest suite, unchanged (wall time per run) | requests | median (min–max) | ratio |\n|---|---:|---:|---:|');
for (const [i, s] of supertestSuite.entries()) {
  const ratio = i % 2 === 0 ? speedup(median(supertestSuite[i + 1]!.ms) / median(s.ms)) : '';
  console.log(`| ${s.name} | ${s.requests} | ${median(s.ms).toFixed(0)} ms (${Math.min(...s.ms).toFixed(0)}–${Math.max(...s.ms).toFixed(0)}) | ${ratio} |`);
}
console.log(`\n| memory: ${MEMORY_REQUESTS} requests | RSS before | after | after GC | growth after GC | open handles after close |\n|---|---:|---:|---:|---:|---:|`);
for (const m of memory) console.log(`| ${m.name} | ${m.before} MB | ${m.after} MB | ${m.afterGc} MB | ${m.growth} MB | ${m.handlesAfterClose} |`);
const totalSeconds = (performance.now() - started) / 1000;
console.log(`\ntotal ${totalSeconds.toFixed(0)} s`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/latest.json', import.meta.url),
  JSON.stringify({ machine, source: process.env.BENCH_SOURCE === '1' ? 'src' : 'dist', rounds: ROUNDS, requests: REQUESTS, rows, ratios, layers, targets: targets.verdicts, suite, supertestSuite, memory, totalSeconds }, null, 2),
);

/** `1.27× faster`, or `0.81× (slower)`: a ratio of wall times, the other tool's over tandem's. */
function speedup(ratio: number): string {
  return `${ratio.toFixed(2)}× ${ratio >= 1 ? 'faster' : '(slower)'}`;
}
