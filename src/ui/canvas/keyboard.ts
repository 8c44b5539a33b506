/**
 * Keyboard navigation through phrases on the focused canvas: arrows cycle, Tab walks forward
 * (Shift+Tab back) and lets focus leave past the ends so the page has no keyboard trap,
 * Home/End jump, Escape clears.
 */
export interface NavResult {
  readonly phraseId: string | null;
  /** False when the key should keep its default (focus moves on). */
  readonly handled: boolean;
}

export function navigatePhrases(ids: readonly string[], current: string | null, key: string, shiftKey = false): NavResult {
  const at = current === null ? -1 : ids.indexOf(current);
  const pick = (i: number): NavResult => ({ phraseId: ids[i] ?? null, handled: true });
  const keep: NavResult = { phraseId: current, handled: false };
  if (key === 'Escape') return { phraseId: null, handled: current !== null };
  if (ids.length === 0) return keep;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return pick((at + 1) % ids.length);
    case 'ArrowLeft':
    case 'ArrowUp':
      return pick(at <= 0 ? ids.length - 1 : at - 1);
    case 'Home':
      return pick(0);
    case 'End':
      return pick(ids.length - 1);
    case 'Tab':
      if (shiftKey) return at <= 0 ? keep : pick(at - 1);
      return at >= ids.length - 1 ? keep : pick(at + 1);
    default:
      return keep;
  }
}
