import type { FitTransform } from '../../../src/core/boxes.ts';
import type { ImageFeatures, TextFeatures } from '../../../src/core/features.ts';
import type { Phrase } from '../../../src/core/phrases.ts';

/** Hand-built features for alignment tests: identity fit, 100x100 image. */
export const identityFit: FitTransform = { modelWidth: 100, modelHeight: 100, left: 0, top: 0, nw: 100, nh: 100, sourceWidth: 100, sourceHeight: 100 };

export function imageFeatures(embeds: number[][], pixelBoxes: number[][], extra: Partial<ImageFeatures> = {}): ImageFeatures {
  return {
    width: 100,
    height: 100,
    regions: embeds.length,
    dim: embeds[0].length,
    embeds: Float32Array.from(embeds.flat()),
    modelBoxes: Float32Array.from(pixelBoxes.flat().map((v) => v / 100)),
    pixelBoxes: Float32Array.from(pixelBoxes.flat()),
    fit: identityFit,
    timings: { preprocessMs: 0, encodeMs: 0 },
    ...extra,
  };
}

export function textFeatures(embeds: number[][], phrases: Partial<Phrase>[], extra: Partial<TextFeatures> = {}): TextFeatures {
  return {
    caption: 'x',
    mode: 'spans',
    tokenized: { text: 'x', ids: [], tokens: [], spans: [], cutSpans: [] },
    phrases: phrases.map((p) => ({ text: 'p', span: [0, 1] as const, tokens: [], truncated: 'none' as const, ...p })),
    granularity: 'token',
    dim: embeds[0].length,
    embeds: Float32Array.from(embeds.flat()),
    timings: { tokenizeMs: 0, encodeMs: 0 },
    ...extra,
  };
}
