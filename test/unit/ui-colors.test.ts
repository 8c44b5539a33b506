import { describe, expect, it } from 'vitest';
import { assignColours, luminance, PALETTE, paletteColour, textColourOn, type ColourSlot } from '../../src/ui/colors.ts';

const phrase = (id: string, text: string, start: number) => ({ id, text, span: [start, start + text.length] as const });
const slots = (s: ColourSlot[]) => Object.fromEntries(s.map((c) => [c.text, c.slot]));

describe('phrase colours', () => {
  it('gives distinct phrases distinct palette colours in order', () => {
    const s = assignColours([], [phrase('a', 'red circle', 2), phrase('b', 'blue stars', 24)]);
    expect(s.map((c) => c.slot)).toEqual([0, 1]);
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
  });

  it('keeps a colour while the phrase is being typed (span overlap)', () => {
    let s = assignColours([], [phrase('p2-9', 'red cir', 2)]);
    s = assignColours(s, [phrase('p2-12', 'red circle', 2)]);
    s = assignColours(s, [phrase('p2-12', 'red circle', 2), phrase('p24-34', 'blue stars', 24)]);
    expect(slots(s)).toEqual({ 'red circle': 0, 'blue stars': 1 });
  });

  it('keeps colours when a new phrase is inserted in front (spans shift, texts stay)', () => {
    const first = assignColours([], [phrase('a', 'red circle', 2), phrase('b', 'blue stars', 24)]);
    const next = assignColours(first, [phrase('c', 'big square', 0), phrase('a2', 'red circle', 15), phrase('b2', 'blue stars', 37)]);
    expect(slots(next)).toEqual({ 'big square': 2, 'red circle': 0, 'blue stars': 1 });
  });

  it('does not recolour the others when one phrase is removed, and reuses the freed colour', () => {
    const first = assignColours([], [phrase('a', 'one', 0), phrase('b', 'two', 10), phrase('c', 'three', 20)]);
    const removed = assignColours(first, [phrase('a', 'one', 0), phrase('c', 'three', 20)]);
    expect(slots(removed)).toEqual({ one: 0, three: 2 });
    const added = assignColours(removed, [phrase('a', 'one', 0), phrase('c', 'three', 20), phrase('d', 'four', 30)]);
    expect(slots(added).four).toBe(1);
  });

  it('never gives the same slot to two phrases of the same text', () => {
    const s = assignColours([phrase('a', 'star', 0)].map((p) => ({ ...p, slot: 3 })), [phrase('x', 'star', 0), phrase('y', 'star', 10)]);
    expect(s.map((c) => c.slot)).toEqual([3, 0]);
  });

  it('wraps around the palette and picks readable label text', () => {
    expect(paletteColour(PALETTE.length)).toBe(PALETTE[0]);
    expect(luminance('#FFFFFF')).toBeCloseTo(1);
    expect(textColourOn('#F0E442')).toBe('#000000'); // yellow
    expect(textColourOn('#332288')).toBe('#FFFFFF'); // indigo
  });
});
