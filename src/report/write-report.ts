/** Writing a run report: the HTML page, and its data as JSON beside it (what `tandem report merge` reads). */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderReport } from './render-report.js';
import type { ReportData } from './report-data.js';

/**
 * The data file of a report page: `report.html` → `report.json`.
 *
 * @example
 * dataFileOf('out/report.html'); // 'out/report.json'
 */
export function dataFileOf(htmlPath: string): string {
  return /\.html?$/i.test(htmlPath) ? htmlPath.replace(/\.html?$/i, '.json') : `${htmlPath}.json`;
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/**
 * Writes the report page to `htmlPath` and its data beside it (see {@link dataFileOf}); returns
 * the data file's path.
 *
 * @example
 * writeReport(data, 'out/report.html'); // 'out/report.json'
 */
export function writeReport(data: ReportData, htmlPath: string): string {
  mkdirSync(dirname(htmlPath), { recursive: true });
  const dataPath = dataFileOf(htmlPath);
  writeAtomically(dataPath, `${JSON.stringify(data)}\n`);
  writeAtomically(htmlPath, renderReport(data));
  return dataPath;
}
