/** `tandem targets`: lists the config's targets and checks that each one answers. */
import { Command } from 'commander';
import { configDefaults, mergeOptions, underEnv } from '../../config/choose-target.js';
import { ConfigError } from '../../errors/config-error.js';
import { redactUrl } from '../../format/redact.js';
import { resolveReadOnly } from '../../safety/read-only.js';
import { cliConfig, readyOf } from '../cli-target.js';
import { reportError } from '../cli-errors.js';
import { EXIT, exitCodesHelp } from '../exit-codes.js';
import { positiveInt } from '../parse-options.js';
import { probe } from '../probe.js';

interface TargetsOptions {
  config?: string;
  timeout: number;
}

interface Row {
  name: string;
  url: string;
  readOnly: string;
  check: string;
  ok: boolean;
}

function table(rows: readonly Row[]): string {
  const header: Row = { name: 'target', url: 'url', readOnly: 'read-only', check: 'check', ok: true };
  const all = [header, ...rows];
  const width = (key: 'name' | 'url' | 'readOnly') => Math.max(...all.map((row) => row[key].length));
  const [name, url, readOnly] = [width('name'), width('url'), width('readOnly')];
  return all.map((row) => `${row.name.padEnd(name)}  ${row.url.padEnd(url)}  ${row.readOnly.padEnd(readOnly)}  ${row.check}`.trimEnd()).join('\n');
}

async function runTargets(options: TargetsOptions): Promise<number> {
  try {
    const loaded = await cliConfig(options.config);
    if (!loaded) throw new ConfigError(`no config file: none of tandem.config.ts, .mts, .js, .mjs or .json from ${process.cwd()} upward (or give --config, TANDEM_CONFIG)`);
    const defaults = configDefaults(loaded.config);
    const entries = Object.entries(loaded.config.targets ?? {});
    if (entries.length === 0) {
      process.stdout.write(`${loaded.file} defines no targets\n`);
      return EXIT.ok;
    }
    const rows = await Promise.all(
      entries.map(async ([name, target]): Promise<Row> => {
        const url = new URL(target.url);
        const options_ = mergeOptions(underEnv(defaults, process.env), underEnv(target, process.env));
        const ready = readyOf(options_);
        const path = ready?.path ?? '/';
        const result = await probe(url, path, options.timeout, { headers: options_.headers, ca: options_.ca });
        // The ready path must answer 2xx; without one, any HTTP answer at / shows the target is reachable.
        const ok = result.status !== undefined && (ready === undefined || (result.status >= 200 && result.status < 300));
        const duration = `${Math.round(result.durationMs)} ms`;
        return {
          name,
          url: redactUrl(url.href),
          readOnly: resolveReadOnly(options_.readOnly, process.env, url).readOnly ? 'yes' : 'no',
          check: `${ok ? 'ok' : 'FAILED'}: GET ${path} → ${result.outcome} (${duration})`,
          ok,
        };
      }),
    );
    process.stdout.write(`${loaded.file}\n${table(rows)}\n`);
    const failed = rows.filter((row) => !row.ok);
    if (failed.length > 0) {
      process.stderr.write(`tandem targets: not reachable: ${failed.map((row) => row.name).join(', ')}\n`);
      return EXIT.failed;
    }
    return EXIT.ok;
  } catch (error) {
    return reportError('targets', error);
  }
}

/** The `targets` command. */
export function targetsCommand(): Command {
  return new Command('targets')
    .description("list the config file's targets and check that each one answers")
    .option('--config <file>', 'the config file (default: TANDEM_CONFIG, else tandem.config.* found upward)')
    .option('--timeout <ms>', 'how long each check may take', positiveInt, 5_000)
    .addHelpText(
      'after',
      `
Each target gets one GET: its ready path must answer 2xx; a target without one must answer at /
(any status). The checks run at once, each bounded by --timeout.

Examples:
  $ tandem targets
  $ tandem targets --config test/tandem.config.json --timeout 2000
${exitCodesHelp({ ok: 'every target answered', failed: 'a target did not answer (or its ready path not 2xx)', usage: 'bad usage, or no config file / a bad one' })}`,
    )
    .action(async (options: TargetsOptions) => {
      process.exitCode = await runTargets(options);
    });
}
