/** The exit codes of every `tandem` command, and how `--help` explains them. */

/** `0` success; `1` tests failed, not ready, unreachable; `2` bad usage or a bad config. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * The "Exit codes:" block of a command's help, one line per code.
 *
 * @example
 * exitCodesHelp({ ok: 'ready', failed: 'not ready within the timeout' });
 */
export function exitCodesHelp(meaning: { ok: string; failed: string; usage?: string }): string {
  return `
Exit codes:
  0  ${meaning.ok}
  1  ${meaning.failed}
  2  ${meaning.usage ?? 'bad usage (an unknown option, a malformed number or URL) or a bad config file'}`;
}
