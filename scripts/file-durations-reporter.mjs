// A node:test reporter that prints, when the run ends, how long each test file took (its own
// process, from start to exit), slowest first: where the suite's time goes.
import { relative } from 'node:path';

const SHOWN = 15;

export default async function* fileDurations(source) {
  const files = [];
  for await (const event of source) {
    // A test file is a test of its own, named by its path.
    if (event.type === 'test:complete' && event.data.file && event.data.name === event.data.file) {
      files.push({ file: relative(process.cwd(), event.data.file), ms: event.data.details.duration_ms });
    }
  }
  if (files.length === 0) return;
  files.sort((a, b) => b.ms - a.ms);
  const total = files.reduce((sum, { ms }) => sum + ms, 0);
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
  yield `\ntest files by duration (${files.length} files, ${seconds(total).trim()} in all; the ${Math.min(SHOWN, files.length)} slowest):\n`;
  for (const { file, ms } of files.slice(0, SHOWN)) yield `${seconds(ms)}  ${file}\n`;
}
