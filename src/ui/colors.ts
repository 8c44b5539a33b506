/**
 * Phrase colours: a colour-blind-friendly palette (Okabe & Ito 2008, then Paul Tol's "muted"
 * colours that stay apart from them), and an assignment that keeps each phrase's colour while
 * the caption is typed: a phrase keeps the colour of the previous phrase with the same text,
 * else of a previous phrase its span overlaps (it is being extended), else it takes the
 * lowest colour nobody uses.
 */
import type { Span } from './view-model.ts';

export const PALETTE: readonly string[] = [
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#F0E442', // yellow
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#332288', // indigo (Tol)
  '#999933', // olive (Tol)
  '#882255', // wine (Tol)
];

/** The colour for a palette slot; slots beyond the palette wrap around. */
export function paletteColour(slot: number): string {
  return PALETTE[((slot % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** What the assignment needs to know about a phrase. */
export interface ColourKey {
  readonly id: string;
  readonly text: string;
  readonly span: Span | null;
}

/** A phrase's palette slot, remembered between caption edits. */
export interface ColourSlot extends ColourKey {
  readonly slot: number;
}

const norm = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');
const overlaps = (a: Span | null, b: Span | null) => a !== null && b !== null && a[0] < b[1] && b[0] < a[1];

/**
 * Gives every phrase in `next` a palette slot, reusing the slots of `previous` where the
 * phrase is recognisably the same one. Pure: pass the result back in as `previous` next time.
 */
export function assignColours(previous: readonly ColourSlot[], next: readonly ColourKey[]): ColourSlot[] {
  const unclaimed = new Set(previous.map((_, i) => i));
  const inherited: (number | null)[] = next.map(() => null);
  // 1) same id, 2) same text, 3) overlapping span: in that order, so an exact match is never stolen.
  claim(previous, next, inherited, unclaimed, (p, n) => p.id === n.id && norm(p.text) === norm(n.text));
  claim(previous, next, inherited, unclaimed, (p, n) => norm(p.text) === norm(n.text));
  claim(previous, next, inherited, unclaimed, (p, n) => overlaps(p.span, n.span));
  const used = new Set(inherited.filter((s): s is number => s !== null));
  let free = 0;
  return next.map((phrase, i) => {
    let slot = inherited[i];
    if (slot === null) {
      while (used.has(free)) free++;
      slot = free;
      used.add(slot);
    }
    return { id: phrase.id, text: phrase.text, span: phrase.span, slot };
  });
}

function claim(
  previous: readonly ColourSlot[],
  next: readonly ColourKey[],
  inherited: (number | null)[],
  unclaimed: Set<number>,
  same: (p: ColourSlot, n: ColourKey) => boolean,
): void {
  next.forEach((phrase, i) => {
    if (inherited[i] !== null) return;
    for (const j of unclaimed) {
      if (same(previous[j], phrase)) {
        inherited[i] = previous[j].slot;
        unclaimed.delete(j);
        return;
      }
    }
  });
}

/** Relative luminance (WCAG) of a #RRGGBB colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** Black or white, whichever reads better on `background` (#RRGGBB). */
export function textColourOn(background: string): '#000000' | '#FFFFFF' {
  const l = luminance(background);
  // contrast against black is (l + .05) / .05, against white 1.05 / (l + .05)
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#FFFFFF';
}
