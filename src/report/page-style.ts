/** The run report's stylesheet, inlined in the page (it must open without a network). */
export const PAGE_STYLE = `
:root { --fg: #1d2433; --muted: #5d6678; --line: #d9dde5; --bg: #f6f7f9; --pass: #1a7f37; --fail: #cf222e; --skip: #9a6700; --unknown: #57606a; --add: #dafbe1; --del: #ffebe9; --noise: #eef1f5; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header, main { max-width: 1200px; margin: 0 auto; padding: 12px 20px; }
h1 { font-size: 20px; margin: 8px 0; } h2 { font-size: 16px; margin: 20px 0 8px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
code, pre, .mono { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { margin: 4px 0; padding: 8px; background: #fff; border: 1px solid var(--line); overflow: auto; max-height: 480px; white-space: pre-wrap; word-break: break-all; }
.counts { display: flex; gap: 16px; flex-wrap: wrap; margin: 8px 0; }
.count { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; }
.count b { font-size: 18px; display: block; }
.controls { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; position: sticky; top: 0; background: var(--bg); padding: 8px 0; border-bottom: 1px solid var(--line); z-index: 1; }
.controls input[type=search] { flex: 1; min-width: 240px; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; }
.test { background: #fff; border: 1px solid var(--line); border-left-width: 4px; border-radius: 6px; margin: 8px 0; }
.test > summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 10px; align-items: baseline; }
.test .body { padding: 0 12px 12px; }
.test.passed { border-left-color: var(--pass); } .test.failed { border-left-color: var(--fail); }
.test.skipped { border-left-color: var(--skip); } .test.unknown { border-left-color: var(--unknown); }
.badge { font-size: 11px; font-weight: 700; text-transform: uppercase; padding: 1px 6px; border-radius: 10px; color: #fff; }
.badge.passed { background: var(--pass); } .badge.failed { background: var(--fail); } .badge.skipped { background: var(--skip); } .badge.unknown { background: var(--unknown); }
.muted { color: var(--muted); }
.failure { border-color: var(--fail); }
.failure .add, .diff .add { background: var(--add); display: block; } .failure .del, .diff .del { background: var(--del); display: block; }
.request > summary { cursor: pointer; list-style: none; display: grid; grid-template-columns: 70px 1fr 60px 80px; gap: 8px; padding: 3px 4px; border-bottom: 1px solid var(--line); }
.request > summary:hover { background: var(--bg); }
.request .detail { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; padding: 8px 4px; }
.status-2 { color: var(--pass); } .status-4, .status-5 { color: var(--fail); } .status-3 { color: var(--skip); }
.parity td.noise, .parity tr.noise td { background: var(--noise); color: var(--muted); }
.parity td.primary { background: var(--del); } .parity td.candidate { background: var(--add); }
.hidden { display: none !important; }
.cov-yes { color: var(--pass); font-weight: 700; } .cov-no { color: var(--fail); font-weight: 700; } .cov-default { color: var(--muted); }
`;
