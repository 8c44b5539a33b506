import { describe, expect, it } from 'vitest';
import { layoutChips, segmentCaption } from '../../src/ui/caption/segments.ts';
import { spanFromSelection } from '../../src/ui/caption/selection.ts';
import { imageBox, type ViewPhrase } from '../../src/ui/view-model.ts';

const caption = 'a small red circle next to two blue stars';
const p = (id: string, span: [number, number] | null, colour: string, scores: number[] = [], text = ''): ViewPhrase => ({
  id,
  text: text || (span ? caption.slice(...span) : id),
  span,
  colour,
  source: span ? 'auto' : 'example',
  boxes: scores.map((score, region) => ({ bbox: imageBox(0, 0, 1, 1), score, region })),
});

describe('caption segments (the backdrop behind the text)', () => {
  it('cuts the caption into runs at phrase boundaries that cover the whole text', () => {
    const segs = segmentCaption(caption, [p('c', [0, 18], '#E69F00'), p('s', [27, 41], '#56B4E9')], null);
    expect(segs.map((s) => s.text)).toEqual(['a small red circle', ' next to ', 'two blue stars']);
    expect(segs.map((s) => s.colour)).toEqual(['#E69F00', null, '#56B4E9']);
    expect(segs.map((s) => s.text).join('')).toBe(caption);
  });

  it('colours nested phrases by the innermost one and lists every covering phrase', () => {
    const segs = segmentCaption(caption, [p('outer', [0, 18], '#E69F00'), p('inner', [12, 18], '#009E73')], null);
    expect(segs.map((s) => [s.text, s.colour, s.phraseIds])).toEqual([
      ['a small red ', '#E69F00', ['outer']],
      ['circle', '#009E73', ['inner', 'outer']],
      [' next to two blue stars', null, []],
    ]);
  });

  it('marks everything from the cut on, splitting a phrase that straddles it', () => {
    const segs = segmentCaption(caption, [p('s', [27, 41], '#56B4E9')], 30);
    expect(segs.filter((s) => s.cut).map((s) => s.text)).toEqual([' blue stars']);
    expect(segs.find((s) => s.text === 'two')?.cut).toBe(false);
  });

  it('ignores spans outside a caption that has since been shortened', () => {
    const segs = segmentCaption('a red', [p('x', [2, 40], '#E69F00'), p('gone', [10, 20], '#56B4E9')], null);
    expect(segs.map((s) => [s.text, s.phraseIds])).toEqual([['a ', []], ['red', ['x']]]);
  });
});

describe('phrase chips', () => {
  it('orders chips by position in the caption, examples last, with the best score', () => {
    const chips = layoutChips(caption, [p('s', [27, 41], '#1', [0.4, 0.9]), p('ex', null, '#2', [0.7], 'example #1'), p('c', [0, 18], '#3')], 31);
    expect(chips.map((c) => [c.label, c.best, c.cut])).toEqual([
      ['a small red circle', null, false],
      ['two blue stars', 0.9, true],
      ['example #1', 0.7, false],
    ]);
  });
});

describe('selection -> phrase span', () => {
  it('trims spaces and punctuation around the selection', () => {
    expect(spanFromSelection('a red circle, two stars', 1, 13)).toEqual([2, 12]);
  });
  it('handles a backwards selection and rejects empty or duplicate ones', () => {
    expect(spanFromSelection('a red circle', 12, 6)).toEqual([6, 12]);
    expect(spanFromSelection('a red circle', 5, 5)).toBeNull();
    expect(spanFromSelection('a  ,  b', 1, 5)).toBeNull();
    expect(spanFromSelection('a red circle', 2, 5, [{ span: [2, 5] }])).toBeNull();
  });
});
