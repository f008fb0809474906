#!/usr/bin/env node
/** The `tandem` command line. */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { readinessUrl, waitUntilReady, type ReadinessAttempt } from '../client/wait-until-ready.js';
import { TandemError } from '../errors/tandem-error.js';
import { redactUrl } from '../format/redact.js';

/** Exit codes of every `tandem` command. */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const EXIT_CODES_HELP = `
Exit codes:
  0  ready: the URL answered 2xx
  1  not ready within the timeout (the URL and the last error or status are printed)
  2  bad usage: an unknown option, a malformed number or URL`;

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed)) throw new InvalidArgumentError('expected a whole number of milliseconds');
  return parsed;
}

interface WaitOptions {
  path: string;
  timeout: number;
  interval: number;
}

function progressLine(attempt: ReadinessAttempt): string {
  return `waiting for ${attempt.url} (attempt ${attempt.attempt}, last: ${attempt.outcome})`;
}

async function runWait(url: string, options: WaitOptions): Promise<number> {
  const tty = process.stdout.isTTY === true;
  let shownOnLine = false;
  const endLine = () => {
    if (shownOnLine) process.stdout.write('\n');
    shownOnLine = false;
  };
  try {
    await waitUntilReady(url, {
      path: options.path,
      timeoutMs: options.timeout,
      intervalMs: options.interval,
      onAttempt: (attempt) => {
        if (attempt.ready) return;
        if (tty) {
          process.stdout.write(`\r\x1b[2K${progressLine(attempt)}`);
          shownOnLine = true;
        } else {
          process.stdout.write(`${progressLine(attempt)}\n`);
        }
      },
    });
    endLine();
    process.stdout.write(`ready: ${redactUrl(readinessUrl(url, options.path).href)}\n`);
    return EXIT.ok;
  } catch (error) {
    endLine();
    if (error instanceof TandemError && error.code === 'TANDEM_BAD_TARGET') {
      process.stderr.write(`tandem wait: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`tandem wait: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

/** Builds the `tandem` program; `main` parses and runs it. */
function createProgram(): Command {
  const program = new Command();
  program
    .name('tandem')
    .description('HTTP tests written once, run in-process or against a real deployment.')
    .showHelpAfterError('(run with --help for usage, examples and exit codes)')
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ tandem wait http://127.0.0.1:3000
  $ tandem wait https://staging.example.com --path /ready --timeout 60000
${EXIT_CODES_HELP}`,
    );

  program
    .command('wait')
    .description('wait until <url><path> answers 2xx, polling it, bounded by --timeout')
    .argument('<url>', 'the deployment base URL, e.g. http://127.0.0.1:3000')
    .option('--path <path>', 'the readiness path, joined onto the URL', '/health')
    .option('--timeout <ms>', 'give up after this many milliseconds', positiveInt, 30_000)
    .option('--interval <ms>', 'milliseconds between attempts', positiveInt, 250)
    .addHelpText(
      'after',
      `
Prints one line per failed attempt ("waiting for http://…/health (attempt 3, last: ECONNREFUSED)");
on a terminal the line is updated in place.

Examples:
  $ tandem wait http://127.0.0.1:3000
  $ tandem wait http://127.0.0.1:3000 --path /ready --timeout 10000
  $ tandem wait "$TANDEM_TARGET" && TANDEM_TARGET="$TANDEM_TARGET" node --test
${EXIT_CODES_HELP}`,
    )
    .action(async (url: string, options: WaitOptions) => {
      process.exitCode = await runWait(url, options);
    });
  return program;
}

/** Runs the CLI with `argv` (as `process.argv`) and resolves to its exit code. */
async function main(argv: readonly string[] = process.argv): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
}

process.exitCode = await main();
