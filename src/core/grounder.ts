import { phraseScores, regionQueryScores, rowScores } from './align.ts';
import type { ImageFeatures, TextFeatures } from './features.ts';
import type { ScoringSpec } from './manifest.ts';
import type { Phrase } from './phrases.ts';
import { argmax, selectBoxes, type Detection, type SelectOptions } from './postprocess.ts';

/** One phrase with its boxes (after threshold, NMS, top-k) and its best region regardless of threshold. */
export interface PhraseResult extends Phrase {
  readonly boxes: readonly Detection[];
  readonly best: Detection | null;
}

export interface GroundingResult {
  readonly phrases: readonly PhraseResult[];
  readonly options: SelectOptions;
  readonly timings: { readonly alignMs: number };
}

/** The bundle's defaults (threshold, nms_iou, top_k; top_k defaults to 10) with caller overrides. */
export function selectOptions(scoring: ScoringSpec, o: Partial<SelectOptions> = {}): SelectOptions {
  return {
    threshold: o.threshold ?? scoring.threshold,
    nmsIou: o.nmsIou ?? scoring.nms_iou,
    topK: o.topK ?? scoring.top_k ?? 10,
  };
}

const now = () => performance.now();

/**
 * Alignment + post-processing: a pure function of the cached features, so a threshold change
 * or a caption edit never re-encodes the image. Only tokens that belong to phrases are scored.
 */
export function ground(
  image: ImageFeatures,
  text: TextFeatures,
  scoring: ScoringSpec,
  options: Partial<SelectOptions> = {},
): GroundingResult {
  const t0 = now();
  const o = selectOptions(scoring, options);
  const phrases = text.phrases.map((phrase, p): PhraseResult => {
    const hasQuery = text.granularity === 'query' || phrase.tokens.length > 0;
    if (!hasQuery) return { ...phrase, boxes: [], best: null };
    const scores = phraseScores(image, text, p, scoring);
    return { ...phrase, boxes: selectBoxes(scores, image.pixelBoxes, o), best: bestOf(scores, image) };
  });
  return { phrases, options: o, timings: { alignMs: now() - t0 } };
}

function bestOf(scores: Float32Array, image: ImageFeatures): Detection | null {
  const r = argmax(scores);
  if (r < 0) return null;
  const b = image.pixelBoxes;
  return selectBoxes(scores.subarray(r, r + 1), b.subarray(r * 4, r * 4 + 4), { threshold: -Infinity, nmsIou: 1, topK: 1 }).map(
    (d) => ({ ...d, region: r }),
  )[0];
}

/** Per-token region scores [R] for the alignment heatmap (token granularity: index into tokens). */
export function tokenHeatmap(image: ImageFeatures, text: TextFeatures, row: number, scoring: ScoringSpec): Float32Array {
  return rowScores(image, text, row, scoring);
}

/** Image-guided search: boxes like region `r` (its embedding is the query). */
export function similarRegions(
  image: ImageFeatures,
  r: number,
  scoring: ScoringSpec,
  options: Partial<SelectOptions> = {},
): Detection[] {
  return selectBoxes(regionQueryScores(image, r, scoring), image.pixelBoxes, selectOptions(scoring, options));
}
