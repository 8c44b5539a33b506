import { isPhraseGroundError } from '../core/errors.ts';

/**
 * Any error -> the one line the UI shows. Our own errors already say what is wrong and what to
 * do; anything else is unexpected, so we keep only its first line (never a stack trace).
 */
export function toUserMessage(error: unknown): { message: string; kind: string } {
  if (isPhraseGroundError(error)) return { message: firstLine(error.message), kind: error.kind };
  const text = error instanceof Error ? error.message : String(error);
  return { message: firstLine(text) || 'unexpected error', kind: 'runtime' };
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line.trim();
}
