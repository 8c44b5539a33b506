import { inputError } from '../core/errors.ts';
import { parseGroundArgs } from './ground-args.ts';

/** `phraseground ground`: checks the arguments first (fast usage errors), then loads the model. */
export async function runGround(argv: readonly string[]): Promise<number> {
  const args = parseGroundArgs(argv);
  if (args.single && args.single.caption.trim() === '') throw inputError('the caption is empty: type what to find, e.g. "a red circle"');
  const { runGroundWith } = await import('./ground-run.ts');
  return runGroundWith(args);
}

export { parseGroundArgs, type GroundArgs } from './ground-args.ts';
