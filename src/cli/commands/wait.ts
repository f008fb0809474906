/** `tandem wait <url|name>`: poll a deployment's readiness path until it answers 2xx. */
import { Command } from 'commander';
import { READINESS_DEFAULTS, readinessUrl, waitUntilReady } from '../../client/wait-until-ready.js';
import { redactUrl } from '../../format/redact.js';
import { cliConfig, readyOf, resolveCliTarget } from '../cli-target.js';
import { reportError } from '../cli-errors.js';
import { EXIT, exitCodesHelp } from '../exit-codes.js';
import { positiveInt } from '../parse-options.js';
import { progressPrinter } from '../progress.js';


interface WaitOptions {
  path?: string;
  timeout?: number;
  interval?: number;
  config?: string;
}

/** Waits for `target`; resolves to the exit code. */
async function runWait(target: string, options: WaitOptions): Promise<number> {
  const progress = progressPrinter(process.stdout);
  try {
    // A URL needs no config file; a name does (and its `ready` option gives the defaults).
    const needsConfig = !/^[a-z][a-z0-9+.-]*:/i.test(target.trim());
    const config = needsConfig || options.config !== undefined ? await cliConfig(options.config) : undefined;
    const resolved = resolveCliTarget(target, config, 'the argument');
    const ready = readyOf(resolved.options);
    const path = options.path ?? ready?.path ?? READINESS_DEFAULTS.path;
    const url = readinessUrl(resolved.url, path);
    await waitUntilReady(resolved.url, {
      path,
      timeoutMs: options.timeout ?? ready?.timeout,
      intervalMs: options.interval ?? ready?.interval,
      onAttempt: progress.onAttempt,
      headers: resolved.options.headers,
      ca: resolved.options.ca,
    });
    progress.end();
    process.stdout.write(`ready: ${redactUrl(url.href)}\n`);
    return EXIT.ok;
  } catch (error) {
    progress.end();
    return reportError('wait', error);
  }
}

/** The `wait` command. */
export function waitCommand(): Command {
  return new Command('wait')
    .description('wait until <url|name><path> answers 2xx, polling it, bounded by --timeout')
    .argument('<url|name>', 'the deployment base URL (e.g. http://127.0.0.1:3000), or the name of a target in the config file')
    .option('--path <path>', `the readiness path, joined onto the URL (default: the target's ready path, else ${READINESS_DEFAULTS.path})`)
    .option('--timeout <ms>', `give up after this many milliseconds (default: the target's ready timeout, else ${READINESS_DEFAULTS.timeoutMs})`, positiveInt)
    .option('--interval <ms>', `milliseconds between attempts (default: the target's ready interval, else ${READINESS_DEFAULTS.intervalMs})`, positiveInt)
    .option('--config <file>', 'the config file that defines target names (default: TANDEM_CONFIG, else tandem.config.* found upward)')
    .addHelpText(
      'after',
      `
Prints one line per failed attempt ("waiting for http://…/health (attempt 3, last: ECONNREFUSED)");
on a terminal the line is updated in place.

Examples:
  $ tandem wait http://127.0.0.1:3000
  $ tandem wait http://127.0.0.1:3000 --path /ready --timeout 10000
  $ tandem wait staging                    # the config's target: its URL and ready path
  $ tandem wait "$TANDEM_TARGET" && node --test
${exitCodesHelp({ ok: 'ready: the URL answered 2xx', failed: 'not ready within the timeout (the URL and the last error or status are printed)' })}`,
    )
    .action(async (target: string, options: WaitOptions) => {
      process.exitCode = await runWait(target, options);
    });
}
