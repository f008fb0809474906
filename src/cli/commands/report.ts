/** `tandem report merge`: one report (and one coverage table) from what the shards of a run wrote. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { formatCoverage } from '../../contracts/coverage/report.js';
import { mergeReports } from '../../report/merge-reports.js';
import { writeReport } from '../../report/write-report.js';
import { reportError } from '../cli-errors.js';
import { EXIT, exitCodesHelp } from '../exit-codes.js';

interface MergeOptions {
  output: string;
  coverage?: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function runMerge(inputs: readonly string[], options: MergeOptions): number {
  try {
    const data = mergeReports(inputs);
    const html = resolve(options.output);
    const dataFile = writeReport(data, html);
    const failed = data.tests.filter((t) => t.status === 'failed').length;
    process.stderr.write(
      `tandem: merged ${plural(data.runs.length, 'run')} (${plural(data.counts.tests, 'test')}, ${failed} failed, ${plural(data.entries.length, 'recorded request')}) into ${html} (data: ${dataFile})\n`,
    );
    if (data.coverage) process.stderr.write(`${formatCoverage(data.coverage)}\n`);
    if (options.coverage !== undefined) {
      if (!data.coverage) {
        process.stderr.write('tandem report merge: --coverage: none of the shards recorded API coverage (an "openapi" document in the config)\n');
        return EXIT.failed;
      }
      const path = resolve(options.coverage);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(data.coverage, null, 2)}\n`);
      process.stderr.write(`tandem: coverage written to ${path}\n`);
    }
    return EXIT.ok;
  } catch (error) {
    return reportError('report merge', error);
  }
}

/** The `report` command, with its `merge` subcommand. */
export function reportCommand(): Command {
  const merge = new Command('merge')
    .description("merge what the shards of a run wrote (their reports' data, HAR files, coverage.json) into one report")
    .argument('<path...>', "a shard's output directory (searched at any depth), a report's .json, a .har file or a coverage.json")
    .requiredOption('-o, --output <file>', 'the merged report (HTML); its data is written beside it as .json')
    .option('--coverage <file>', 'also write the merged API coverage there, as JSON')
    .addHelpText(
      'after',
      `
A directory gives the reports' data found in it (the .json beside each report.html); a directory
without any gives its HAR files and coverage.json files instead. Requests, tests and counts are
added up; an API response is exercised when any shard exercised it.

Examples:
  $ tandem report merge shard-1 shard-2 shard-3 -o report.html
  $ tandem report merge artifacts/ -o report.html --coverage coverage.json
${exitCodesHelp({ ok: 'the report was written', failed: 'an input is not a report, a HAR file or a coverage.json, or cannot be read; --coverage without coverage' })}`,
    )
    .action((inputs: string[], options: MergeOptions) => {
      process.exitCode = runMerge(inputs, options);
    });
  return new Command('report').description('run reports: merge the reports of shards').addCommand(merge.exitOverride().showHelpAfterError('(run with --help for usage, examples and exit codes)'));
}
