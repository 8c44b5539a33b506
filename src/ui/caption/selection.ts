/** Turning a text selection in the caption into an explicit phrase span. */
import type { Span, ViewPhrase } from '../view-model.ts';

// Edges a person drags over by accident: spaces and punctuation around a word.
const EDGE = /[\s.,;:!?"'()[\]{}]/;

/**
 * The selection [start, end) with whitespace and punctuation trimmed from both ends, or null
 * when nothing selectable is left (a collapsed caret, only spaces, or a span already a phrase).
 */
export function spanFromSelection(
  text: string,
  start: number,
  end: number,
  phrases: readonly Pick<ViewPhrase, 'span'>[] = [],
): Span | null {
  let s = Math.max(0, Math.min(start, end));
  let e = Math.min(text.length, Math.max(start, end));
  while (s < e && EDGE.test(text[s])) s++;
  while (e > s && EDGE.test(text[e - 1])) e--;
  if (e <= s) return null;
  if (phrases.some((p) => p.span !== null && p.span[0] === s && p.span[1] === e)) return null;
  return [s, e];
}
