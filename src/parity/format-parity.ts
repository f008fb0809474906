/** A parity summary as text: what `tandem test --compare` prints and a `ParityError` says. */
import type { ParitySummary } from './parity-summary.js';

const LISTED = 20;

/**
 * The parity summary as printed: one line of totals, then each difference (noise apart), at most
 * {@link LISTED} of them.
 *
 * @example
 * process.stderr.write(formatParity(summary));
 */
export function formatParity(summary: ParitySummary): string {
  const lines = [
    `tandem: parity ${summary.primary} vs ${summary.candidate}${summary.noise ? ` (noise: ${summary.noise})` : ''} — ${summary.compared} requests compared, ${summary.notCompared} not compared, ${summary.differences} differences, ${summary.noiseFields} noise fields`,
  ];
  const rows = summary.exchanges.flatMap((x) => x.differences.filter((d) => !d.noise).map((d) => `  ${x.method} ${new URL(x.url).pathname}  ${d.where === 'header' ? `header ${d.path}` : d.path}  ${d.kind}: ${d.primary ?? '(none)'} → ${d.candidate ?? '(none)'}`));
  lines.push(...rows.slice(0, LISTED));
  if (rows.length > LISTED) lines.push(`  … and ${rows.length - LISTED} more (see the report)`);
  return `${lines.join('\n')}\n`;
}
