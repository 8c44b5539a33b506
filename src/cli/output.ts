import { exitCodeFor, isPhraseGroundError } from '../core/errors.ts';

/** Prints an error the way the CLI does: one line for user errors, the stack only for bugs. */
export function reportError(e: unknown): number {
  if (isPhraseGroundError(e)) {
    process.stderr.write(`phraseground: ${e.message}\n`);
  } else {
    process.stderr.write(`phraseground: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  return exitCodeFor(e);
}

/**
 * Progress on stderr: a redrawn bar when stderr is a terminal, otherwise one plain line per
 * item (so logs and CI output stay readable).
 */
export function progressReporter(total: number, label: string) {
  const tty = process.stderr.isTTY === true;
  const width = 30;
  return {
    tick(done: number, item: string) {
      if (tty) {
        const filled = Math.round((done / Math.max(1, total)) * width);
        const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
        process.stderr.write(`\r${label} [${bar}] ${done}/${total} ${item.slice(0, 40).padEnd(40)}`);
        if (done === total) process.stderr.write('\n');
      } else {
        process.stderr.write(`${label} ${done}/${total} ${item}\n`);
      }
    },
  };
}
