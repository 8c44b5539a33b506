/**
 * One error type for everything a user can get wrong. `kind` decides the CLI's exit code and
 * how the UI shows it; `message` is one line that says what is wrong and what to do.
 */
export type ErrorKind =
  | 'usage' // wrong command-line arguments or options           -> exit 2
  | 'input' // a bad image, caption, JSON or annotation file       -> exit 3
  | 'bundle' // a missing, broken or mismatched model bundle        -> exit 3
  | 'runtime'; // the ONNX runtime failed on valid inputs (a bug?)  -> exit 1

export class PhraseGroundError extends Error {
  override readonly name = 'PhraseGroundError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new PhraseGroundError('usage', message);
export const inputError = (message: string) => new PhraseGroundError('input', message);
export const bundleError = (message: string) => new PhraseGroundError('bundle', message);

export function isPhraseGroundError(e: unknown): e is PhraseGroundError {
  return e instanceof PhraseGroundError;
}

/** Exit codes of the CLI: 0 ok, 1 internal error, 2 usage, 3 bad input (data or bundle). */
export function exitCodeFor(e: unknown): number {
  if (!isPhraseGroundError(e)) return 1;
  return e.kind === 'usage' ? 2 : e.kind === 'runtime' ? 1 : 3;
}
