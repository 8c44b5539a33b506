import { regionQueryScores, rowScores, scoreMatrix } from './align.ts';
import type { ImageFeatures, TextFeatures } from './features.ts';
import type { ScoringSpec } from './manifest.ts';
import type { Phrase } from './phrases.ts';
import { argmax, detectionAt, selectBoxes, type Detection, type SelectOptions } from './postprocess.ts';

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
  const scores = phraseScoreRows(image, text, scoring);
  const phrases = text.phrases.map((phrase, p): PhraseResult => {
    const s = scores[p];
    if (!s) return { ...phrase, boxes: [], best: null };
    return { ...phrase, boxes: selectBoxes(s, image.pixelBoxes, o), best: bestOf(s, image) };
  });
  return { phrases, options: o, timings: { alignMs: now() - t0 } };
}

/**
 * Phrase scores [R] per phrase (undefined for a phrase with no token): every needed row is
 * scored once in one pass (scoreMatrix), then reduced (mean|max) over each phrase's tokens.
 */
export function phraseScoreRows(image: ImageFeatures, text: TextFeatures, scoring: ScoringSpec): (Float32Array | undefined)[] {
  const R = image.regions;
  const perPhrase = text.phrases.map((p, k) => (text.granularity === 'query' ? [k] : p.tokens));
  const rows = [...new Set(perPhrase.flat())];
  const index = new Map(rows.map((t, j) => [t, j]));
  const m = scoreMatrix(image, text, rows, scoring);
  const max = scoring.reduce === 'max';
  return perPhrase.map((tokens) => {
    if (tokens.length === 0) return undefined;
    const out = m.slice(index.get(tokens[0])! * R, (index.get(tokens[0])! + 1) * R);
    for (const t of tokens.slice(1)) {
      const o = index.get(t)! * R;
      for (let r = 0; r < R; r++) out[r] = max ? Math.max(out[r], m[o + r]) : out[r] + m[o + r];
    }
    if (!max && tokens.length > 1) for (let r = 0; r < R; r++) out[r] /= tokens.length;
    return out;
  });
}

function bestOf(scores: Float32Array, image: ImageFeatures): Detection | null {
  const r = argmax(scores);
  if (r < 0) return null;
  return detectionAt(scores, image.pixelBoxes, r);
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
