/** The run report as one self-contained HTML file: its data, style and script inlined. */
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import type { ReportData } from './report-data.js';

/** Nothing may be loaded from anywhere: the page opens offline, and a body cannot fetch anything. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * JSON that is safe inside a `<script>` element: no `</script>` (every `<` escaped) and no line
 * separators that old parsers end a script at.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Renders the report page: the runs and their counts, each test with its status, failure and
 * requests (headers and bodies expandable), the parity differences, the API coverage; filters by
 * status and a search by test name or URL. It needs no network to open.
 *
 * @example
 * writeFileSync('report.html', renderReport(data));
 */
export function renderReport(data: ReportData): string {
  const failed = data.tests.filter((t) => t.status === 'failed').length;
  const title = `tandem report — ${data.runs.map((r) => r.target).filter((t, i, all) => all.indexOf(t) === i).join(', ') || 'no run'}${failed > 0 ? ` — ${failed} failed` : ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1></header>
<main><noscript>This report needs JavaScript to show its data; the same data is in the .json file beside it.</noscript></main>
<script type="application/json" id="tandem-report-data">${scriptJson(data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
