/**
 * Phrase-grounding metrics on a modulated-detection set (MDETR / GLIP style). Pure functions.
 *
 * - Recall@k, any-box protocol: a phrase is hit at k if any of its top-k predicted boxes has
 *   IoU >= t with any GT box of the phrase (MDETR's default Flickr30k "any box" evaluation).
 * - Recall@k, merged-box protocol: the phrase's GT boxes are replaced by their union box, and a
 *   hit needs IoU >= t with it (Flickr30k Entities / MDETR "merged" evaluation).
 * - Acc@t for single-referent phrases (exactly one GT box): the top-1 box has IoU >= t.
 * - Pointing game: the centre of the top-1 box (or the phrase's heatmap peak, when given) lies
 *   inside any GT box of the phrase (borders inclusive).
 * - Negative phrases (spans naming something absent): fraction with no box scoring >= threshold.
 * - Recall@1 vs IoU threshold, both protocols, for plots.
 * IoU here is continuous (no +1): boxes are [x1, y1, x2, y2] in pixels.
 * A phrase absent from the predictions has no boxes: a miss if positive, a pass if negative;
 * both counts are reported so nobody mistakes a missing prediction for a good one.
 */
import type { BoxXyxy } from './voc.ts';

export type Span = readonly [number, number];

export interface GtPhrase {
  readonly span: Span; // union of the phrase's tokens_positive
  readonly text: string;
  readonly boxes: readonly BoxXyxy[];
}

export interface GroundingGtImage {
  readonly id: number | string;
  readonly fileName: string;
  readonly caption: string;
  readonly phrases: readonly GtPhrase[];
  readonly negativeSpans: readonly Span[];
}

export interface PredictedBox {
  readonly bbox: BoxXyxy;
  readonly score: number;
}

export interface PredictedPhrase {
  readonly span: Span;
  readonly boxes: readonly PredictedBox[];
  /** Optional heatmap maximum [x, y] in pixels; the pointing game uses it instead of the box centre. */
  readonly point?: readonly [number, number];
}

export interface GroundingPrediction {
  readonly phrases: readonly PredictedPhrase[];
}

export interface GroundingOptions {
  ks: number[];
  iouThreshold: number;
  /** Negatives: a box counts when its score is >= this (0: any box in the prediction). */
  negThreshold: number;
  /** IoU thresholds of the recall curve. */
  curveIous: number[];
}

export const DEFAULT_GROUNDING_OPTIONS: GroundingOptions = {
  ks: [1, 5, 10],
  iouThreshold: 0.5,
  negThreshold: 0,
  curveIous: Array.from({ length: 19 }, (_, i) => Math.round((0.05 + 0.05 * i) * 100) / 100),
};

export interface GroundingReport {
  options: GroundingOptions;
  counts: { images: number; phrases: number; singleReferent: number; negatives: number };
  missing: { images: number; phrases: number; negatives: number };
  /** k -> fraction of positive phrases hit. */
  recallAnyBox: Record<string, number | null>;
  recallMerged: Record<string, number | null>;
  accSingleReferent: number | null;
  pointingGame: number | null;
  negativeNoBox: number | null;
  curve: { iou: number[]; anyBox: number[]; merged: number[] };
}

export function iouXyxy(a: BoxXyxy, b: BoxXyxy): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

export function unionBox(boxes: readonly BoxXyxy[]): BoxXyxy {
  return [
    Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3])),
  ];
}

const spanKey = (s: Span) => `${s[0]}:${s[1]}`;
const ratio = (hit: number, n: number) => (n === 0 ? null : hit / n);

/** Predicted boxes by descending score, ties in the given order. */
function ranked(p: PredictedPhrase | undefined): PredictedBox[] {
  return p ? [...p.boxes].sort((a, b) => b.score - a.score) : [];
}

/** Best IoU of each ranked box against a GT set: [rank] -> max IoU (any-box) or IoU with the union (merged). */
function bestIous(boxes: PredictedBox[], gt: readonly BoxXyxy[], merged: boolean): number[] {
  const targets = merged ? [unionBox(gt)] : gt;
  return boxes.map((b) => Math.max(...targets.map((g) => iouXyxy(b.bbox, g))));
}

const inside = (pt: readonly [number, number], b: BoxXyxy) => pt[0] >= b[0] && pt[0] <= b[2] && pt[1] >= b[1] && pt[1] <= b[3];

/**
 * Scores predictions against the GT. `predictions` is keyed by GT image id; images without an
 * entry count as predicted with no boxes.
 */
export function evaluateGrounding(
  gt: readonly GroundingGtImage[],
  predictions: ReadonlyMap<number | string, GroundingPrediction>,
  options: Partial<GroundingOptions> = {},
): GroundingReport {
  const o = { ...DEFAULT_GROUNDING_OPTIONS, ...options };
  const maxK = Math.max(...o.ks, 1);
  const hitsAny = new Map<number, number>(o.ks.map((k) => [k, 0]));
  const hitsMerged = new Map<number, number>(o.ks.map((k) => [k, 0]));
  const curveAny = o.curveIous.map(() => 0);
  const curveMerged = o.curveIous.map(() => 0);
  let phrases = 0, single = 0, singleHit = 0, pointHit = 0, negatives = 0, negPass = 0;
  const missing = { images: 0, phrases: 0, negatives: 0 };

  for (const image of gt) {
    const pred = predictions.get(image.id);
    if (!pred) missing.images++;
    const bySpan = new Map((pred?.phrases ?? []).map((p) => [spanKey(p.span), p]));
    for (const phrase of image.phrases) {
      if (phrase.boxes.length === 0) continue;
      phrases++;
      const p = bySpan.get(spanKey(phrase.span));
      if (!p) missing.phrases++;
      const boxes = ranked(p).slice(0, maxK);
      const anyIous = bestIous(boxes, phrase.boxes, false);
      const mergedIous = bestIous(boxes, phrase.boxes, true);
      for (const k of o.ks) {
        if (anyIous.slice(0, k).some((v) => v >= o.iouThreshold)) hitsAny.set(k, hitsAny.get(k)! + 1);
        if (mergedIous.slice(0, k).some((v) => v >= o.iouThreshold)) hitsMerged.set(k, hitsMerged.get(k)! + 1);
      }
      o.curveIous.forEach((t, i) => {
        if (anyIous.length && anyIous[0] >= t) curveAny[i]++;
        if (mergedIous.length && mergedIous[0] >= t) curveMerged[i]++;
      });
      if (phrase.boxes.length === 1) {
        single++;
        if (anyIous.length && anyIous[0] >= o.iouThreshold) singleHit++;
      }
      const top = boxes[0];
      const point = p?.point ?? (top ? ([(top.bbox[0] + top.bbox[2]) / 2, (top.bbox[1] + top.bbox[3]) / 2] as const) : undefined);
      if (point && phrase.boxes.some((b) => inside(point, b))) pointHit++;
    }
    for (const span of image.negativeSpans) {
      negatives++;
      const p = bySpan.get(spanKey(span));
      if (!p) missing.negatives++;
      if (!(p?.boxes ?? []).some((b) => b.score >= o.negThreshold)) negPass++;
    }
  }
  const perK = (hits: Map<number, number>) => Object.fromEntries(o.ks.map((k) => [String(k), ratio(hits.get(k)!, phrases)]));
  return {
    options: o,
    counts: { images: gt.length, phrases, singleReferent: single, negatives },
    missing,
    recallAnyBox: perK(hitsAny),
    recallMerged: perK(hitsMerged),
    accSingleReferent: ratio(singleHit, single),
    pointingGame: ratio(pointHit, phrases),
    negativeNoBox: ratio(negPass, negatives),
    curve: {
      iou: o.curveIous,
      anyBox: curveAny.map((h) => (phrases ? h / phrases : 0)),
      merged: curveMerged.map((h) => (phrases ? h / phrases : 0)),
    },
  };
}
