/**
 * `npm run bench`: tandem against its peers, interleaved in one process and repeated, for a
 * trivial and a 100 KB JSON handler, sequential and with 16 requests in flight; then a memory
 * check over 100,000 requests. Prints a table with tandem's ratio to each peer and writes the
 * same as JSON to bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { buildSubjects, type Payload, type Subject } from './subjects.js';
import { measureMemory, type MemoryResult } from './memory.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1500);
const WARMUP = 200;

interface Row {
  payload: Payload;
  concurrency: number;
  name: string;
  group: string;
  tool: 'tandem' | 'peer';
  usPerRequest: number[];
}

async function run(once: () => Promise<void>, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next++ < count) await once();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ((performance.now() - started) * 1000) / count;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function measure(payload: Payload, concurrency: number, rows: Row[]): Promise<void> {
  const fixture = await buildSubjects(payload);
  try {
    const byName = new Map<string, Row>();
    for (const s of fixture.subjects) {
      byName.set(s.name, { payload, concurrency, name: s.name, group: s.group, tool: s.tool, usPerRequest: [] });
      await run(s.once, WARMUP, concurrency);
    }
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved: every subject once per round, in a rotated order, so drift hits all alike.
      const order: Subject[] = fixture.subjects.map((_, i) => fixture.subjects[(i + round) % fixture.subjects.length]!);
      for (const s of order) byName.get(s.name)!.usPerRequest.push(await run(s.once, REQUESTS, concurrency));
    }
    rows.push(...byName.values());
  } finally {
    await fixture.close();
  }
}

function format(rows: Row[]): string {
  const lines = ['| payload | in flight | subject | req/s | µs/req (median, min–max) | tandem ÷ peer (req/s) |', '|---|---|---|---:|---:|---:|'];
  for (const row of rows) {
    const med = median(row.usPerRequest);
    const tandem = rows.find((r) => r.tool === 'tandem' && r.group === row.group && r.payload === row.payload && r.concurrency === row.concurrency);
    const ratio = row.tool === 'peer' && tandem ? `${(med / median(tandem.usPerRequest)).toFixed(2)}×` : '';
    const range = `${Math.min(...row.usPerRequest).toFixed(0)}–${Math.max(...row.usPerRequest).toFixed(0)}`;
    lines.push(`| ${row.payload} | ${row.concurrency} | ${row.name} | ${Math.round(1e6 / med)} | ${med.toFixed(0)} (${range}) | ${ratio} |`);
  }
  return lines.join('\n');
}

const rows: Row[] = [];
const started = performance.now();
for (const payload of ['trivial', '100kb'] as const) {
  for (const concurrency of [1, 16]) {
    process.stderr.write(`measuring ${payload}, ${concurrency} in flight…\n`);
    await measure(payload, concurrency, rows);
  }
}
process.stderr.write('memory check: 100,000 requests in-process and remote…\n');
const memory: MemoryResult[] = await measureMemory(Number(process.env.BENCH_MEMORY_REQUESTS ?? 100_000));

const machine = `${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`;
console.log(`\nmachine: ${machine}; ${ROUNDS} rounds × ${REQUESTS} requests per subject\n`);
console.log(format(rows));
console.log('\n| memory: 100,000 requests | RSS before | after | after GC | growth after GC | open handles after close |\n|---|---:|---:|---:|---:|---:|');
for (const m of memory) console.log(`| ${m.name} | ${m.before} MB | ${m.after} MB | ${m.afterGc} MB | ${m.growth} MB | ${m.handlesAfterClose} |`);
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), JSON.stringify({ machine, rounds: ROUNDS, requests: REQUESTS, rows, memory }, null, 2));
