/** Readiness progress, as `tandem wait` and `tandem test` print it: one line updated in place on a terminal, plain lines in CI. */
import type { ReadinessAttempt } from '../client/wait-until-ready.js';

/** The line shown for a failed attempt. */
function progressLine(attempt: ReadinessAttempt): string {
  return `waiting for ${attempt.url} (attempt ${attempt.attempt}, last: ${attempt.outcome})`;
}

/** Prints failed attempts to `stream`; `end()` finishes a line left open on a terminal. */
export interface ProgressPrinter {
  onAttempt: (attempt: ReadinessAttempt) => void;
  end: () => void;
}

/**
 * A printer for `stream` (a terminal gets one line rewritten in place).
 *
 * @example
 * const progress = progressPrinter(process.stdout);
 * await waitUntilReady(url, { onAttempt: progress.onAttempt }).finally(progress.end);
 */
export function progressPrinter(stream: NodeJS.WriteStream): ProgressPrinter {
  const tty = stream.isTTY === true;
  let open = false;
  return {
    onAttempt: (attempt) => {
      if (attempt.ready) return;
      if (tty) {
        stream.write(`\r\x1b[2K${progressLine(attempt)}`);
        open = true;
      } else {
        stream.write(`${progressLine(attempt)}\n`);
      }
    },
    end: () => {
      if (open) stream.write('\n');
      open = false;
    },
  };
}
