import { assignColours, paletteColour, type ColourSlot } from '../colors.ts';
import { imageBox, type CaptionView, type HeatmapSource, type ViewPhrase } from '../view-model.ts';
import type { GroundOut, PhraseMode, SearchOut } from '../../worker/protocol.ts';

/** A phrase's id: its span, so it survives threshold changes; the colour module tracks edits. */
const phraseId = (span: readonly [number, number]) => `p${span[0]}-${span[1]}`;

/** Worker output -> the props-level view model of the components. Pure. */
export function toViewPhrases(
  out: GroundOut | null,
  search: SearchOut | null,
  previousColours: readonly ColourSlot[],
  manual: boolean, // phrases are the user's own spans
): { phrases: ViewPhrase[]; colours: ColourSlot[] } {
  const keys = (out?.phrases ?? []).map((p) => ({ id: phraseId(p.span), text: p.text, span: p.span }));
  if (search) keys.push({ id: 'example-1', text: 'example #1', span: null as never });
  const colours = assignColours(previousColours, keys);
  const phrases: ViewPhrase[] = (out?.phrases ?? []).map((p, i) => ({
    id: keys[i].id,
    text: p.text,
    span: p.span,
    colour: paletteColour(colours[i].slot),
    source: manual ? 'manual' : 'auto',
    boxes: p.boxes.map((b) => ({ bbox: imageBox(...b.bbox), score: b.score, region: b.region })),
  }));
  if (search) {
    phrases.push({
      id: 'example-1',
      text: 'example #1',
      span: null,
      colour: paletteColour(colours[colours.length - 1].slot),
      source: 'example',
      boxes: search.boxes.map((b) => ({ bbox: imageBox(...b.bbox), score: b.score, region: b.region })),
    });
  }
  return { phrases, colours };
}

export function toCaptionView(caption: string, mode: PhraseMode, out: GroundOut | null, phrases: ViewPhrase[]): CaptionView {
  // Spans of an older caption would point at the wrong characters: show chips only when they match.
  const current = out?.caption === caption;
  return {
    text: caption,
    mode,
    phrases: current ? phrases.filter((p) => p.span !== null) : [],
    tokens: current && out?.heatmap ? out.heatmap.tokens : [],
    cutAt: current ? (out?.cutAt ?? null) : null,
    maxTokens: out?.maxTokens ?? 0,
  };
}

/** The word–region scores of one token, for the heatmap layer. */
export function heatmapFor(out: GroundOut | null, tokenIndex: number | null): HeatmapSource | null {
  const h = out?.heatmap;
  if (!h || tokenIndex === null) return null;
  const t = h.tokens.findIndex((tok) => tok.index === tokenIndex);
  if (t < 0) return null;
  const r = h.regionBoxes.length / 4;
  const boxes = Array.from({ length: r }, (_, i) =>
    imageBox(h.regionBoxes[4 * i], h.regionBoxes[4 * i + 1], h.regionBoxes[4 * i + 2], h.regionBoxes[4 * i + 3]),
  );
  return { kind: 'regions', boxes, scores: h.scores.subarray(t * r, (t + 1) * r) };
}
