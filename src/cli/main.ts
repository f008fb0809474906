#!/usr/bin/env node
/** The `tandem` command line: each command lives in commands/. */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { reportCommand } from './commands/report.js';
import { sweepCommand } from './commands/sweep.js';
import { testCommand } from './commands/test.js';
import { targetsCommand } from './commands/targets.js';
import { waitCommand } from './commands/wait.js';
import { EXIT } from './exit-codes.js';

/** The package's version: package.json is two levels up from src/cli/ and from dist/cli/ alike. */
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Builds the `tandem` program; `main` parses and runs it. */
function createProgram(): Command {
  const program = new Command();
  program
    .name('tandem')
    .description('HTTP tests written once, run in-process or against a real deployment.')
    .version(version, '-V, --version', "print tandem's version")
    .showHelpAfterError('(run with --help for usage, examples and exit codes)')
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ tandem test                              # the project's tests, in-process
  $ tandem test --target staging             # against the config's target "staging"
  $ tandem targets                           # list the config's targets, check each answers
  $ tandem sweep --target staging            # delete what earlier runs left behind there
  $ tandem report merge shard-1 shard-2 -o report.html   # one report from the shards' reports
  $ tandem wait http://127.0.0.1:3000 --path /ready --timeout 60000

Exit codes:
  0  success: tests passed, ready, every target answered
  1  tests failed, not ready within the timeout, a target did not answer, sweep could not delete something
  2  bad usage (an unknown option, a malformed number or URL), a bad config file, an unknown target,
     a test command that cannot start

Run "tandem <command> --help" for a command's options and examples.`,
    );
  for (const command of [testCommand(), targetsCommand(), waitCommand(), sweepCommand(), reportCommand()]) {
    // Subcommands made apart from the program inherit none of its settings: give them the same.
    command.exitOverride().showHelpAfterError('(run with --help for usage, examples and exit codes)');
    program.addCommand(command);
  }
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

// A reader that stops early (`tandem --help | head`) closes the pipe: that is not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? EXIT.ok);
  });
}

process.exitCode = await main();
