/** `tandem sweep`: clean up after runs that never finished, from their run files. */
import { Command, InvalidArgumentError } from 'commander';
import { headerProblem } from '../../request/validate.js';
import { renderTable } from '../../ledger/leftovers-table.js';
import { sweep, type SweepReport, type SweptRun } from '../../sweep/sweep.js';
import { cliConfig, resolveCliTarget } from '../cli-target.js';
import { reportError } from '../cli-errors.js';
import { EXIT, exitCodesHelp } from '../exit-codes.js';

interface SweepCliOptions {
  run?: string;
  olderThan?: number;
  dryRun?: boolean;
  forget?: boolean;
  dir: string[];
  header: string[];
  target?: string;
  config?: string;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration: `500ms`, `30s`, `15m`, `2h`, `7d`, or a number of milliseconds. (Five units do not
 * justify a dependency.)
 */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected a duration such as 30m, 2h, 7d or a number of milliseconds');
  return Number(match[1]) * UNITS[match[2] ?? 'ms']!;
}

/** `name: value` pairs from `--header` and `TANDEM_SWEEP_HEADERS` (one a line). */
export function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    const value = colon > 0 ? line.slice(colon + 1).trim() : '';
    // The value is a credential: it never goes into the message.
    if (name === '' || headerProblem(name, value)) throw new InvalidArgumentError(`expected a header as "name: value", got one named ${JSON.stringify(name || line.slice(0, 20))}`);
    headers[name] = value;
  }
  return headers;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function printRun(run: SweptRun, out: NodeJS.WritableStream): void {
  out.write(`run ${run.runId} (${run.origin ?? 'no origin'}): ${run.status}\n`);
  if (run.entries.length === 0) return;
  const rows = run.entries.map((e) => ({ Method: e.method, URL: e.url, 'Created by': e.test ?? '(suite)', Outcome: e.detail ? `${e.outcome}: ${e.detail}` : e.outcome }));
  out.write(`${renderTable(rows)}\n`);
}

function summary(report: SweepReport, dryRun: boolean): string {
  if (report.runs.length === 0) return 'nothing to sweep: no run files';
  const parts = dryRun
    ? [`${report.runs.flatMap((r) => r.entries).filter((e) => e.outcome === 'would delete').length} would be deleted`]
    : [`${report.deleted} deleted`, `${report.alreadyGone} already gone`, `${report.failed} failed`];
  if (report.cannotSweep > 0) parts.push(`${report.cannotSweep} cannot be swept (removed by a function of the test: remove them by hand, then sweep again with --forget)`);
  if (report.forgotten > 0) parts.push(`${report.forgotten} forgotten`);
  return `${report.runs.length} run file${report.runs.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

async function runSweep(options: SweepCliOptions): Promise<number> {
  try {
    const given = parseHeaders([...(process.env.TANDEM_SWEEP_HEADERS ?? '').split('\n'), ...options.header]);
    let target = options.target;
    let headers = given;
    if (target !== undefined) {
      // A config target (by name, or by its URL) lends its headers, e.g. the credentials the tests used.
      const resolved = resolveCliTarget(target, await cliConfig(options.config), '--target');
      target = resolved.url.href;
      headers = { ...resolved.options.headers, ...given };
    }
    // Several ledger directories (the shards of a CI run, each collected as an artifact) are swept one after the other.
    const report: SweepReport = { runs: [], deleted: 0, alreadyGone: 0, failed: 0, cannotSweep: 0, forgotten: 0 };
    for (const dir of options.dir.length > 0 ? options.dir : [undefined]) {
      const swept = await sweep({ dir, runId: options.run, olderThanMs: options.olderThan, dryRun: options.dryRun === true, forget: options.forget === true, headers, target });
      report.runs.push(...swept.runs);
      for (const key of ['deleted', 'alreadyGone', 'failed', 'cannotSweep', 'forgotten'] as const) report[key] += swept[key];
    }
    for (const run of report.runs) printRun(run, process.stdout);
    process.stdout.write(`${summary(report, options.dryRun === true)}\n`);
    return report.failed > 0 || report.cannotSweep > 0 ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      process.stderr.write(`tandem sweep: ${error.message}\n`);
      return EXIT.usage;
    }
    return reportError('sweep', error);
  }
}

/** The `sweep` command. */
export function sweepCommand(): Command {
  return new Command('sweep')
    .description('delete what unfinished test runs left on their targets, from their run files (.tandem/runs/<run id>.jsonl)')
    .option('--run <id>', 'sweep only this run')
    .option('--older-than <duration>', 'only run files not written to for this long: 30m, 2h, 7d, or milliseconds', parseDuration)
    .option('--dry-run', 'list what would be deleted; send nothing, change no file')
    .option('--forget', 'drop what cannot be swept (tracked with a function of the test) once listed, after removing it by hand')
    .option('--dir <dir>', 'a ledger directory; repeatable, e.g. one per shard (default: TANDEM_LEDGER_DIR, else .tandem/runs)', collect, [])
    .option('--header <name: value>', 'a header for the DELETE requests, e.g. an Authorization; repeatable (also TANDEM_SWEEP_HEADERS, one a line)', collect, [])
    .option('--target <url|name>', "sweep only runs against this deployment, with its config headers (if it is a config target); required with --header (default: TANDEM_TARGET when a URL)")
    .option('--config <file>', 'the config file that defines target names (default: TANDEM_CONFIG, else tandem.config.* found upward)')
    .addHelpText(
      'after',
      `
Runs whose writing process is still alive on this machine are skipped. A 404 or 410 counts as
already gone. Run files hold no header: credentials are given here, and sent only to --target.

Examples:
  $ tandem sweep --dry-run
  $ tandem sweep --run 20250314-153012-4f9a2c
  $ tandem sweep --dir shard-1/runs --dir shard-2/runs --target staging
  $ tandem sweep --older-than 2h --target https://staging.example.com --header "authorization: Bearer $TOKEN"
${exitCodesHelp({ ok: 'everything listed was deleted or already gone (or nothing to sweep, or a dry run)', failed: 'something could not be deleted, or can only be removed by hand' })}`,
    )
    .action(async (options: SweepCliOptions) => {
      process.exitCode = await runSweep(options);
    });
}
